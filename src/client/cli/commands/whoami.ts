import type { Command } from 'commander';
import { credentialHolder, type Holder } from '../../../identity/credential';
import { getConfig } from '../context';
import { printJson, printLines } from '../io';
import { SIGN_IN_HINT } from '../errors';

export interface WhoamiData {
  signedIn: boolean;
  holder?: Holder;
  /** The namespace the roles below are for. */
  namespace: string;
  roles: string[];
}

/** What the caller's own credential says (the server still checks it on every call). */
export function gatherWhoami(): WhoamiData {
  const cfg = getConfig();
  const holder = credentialHolder(cfg);
  const ns = cfg.temporal.namespace;
  const roles = (holder?.permissions ?? [])
    .filter((p) => p.startsWith(`${ns}:`))
    .map((p) => p.slice(ns.length + 1));
  return { signedIn: holder !== undefined, ...(holder ? { holder } : {}), namespace: ns, roles };
}

export function register(cmd: Command): void {
  cmd.option('--json', 'print it as JSON').action((o: { json?: boolean }) => {
    const d = gatherWhoami();
    if (o.json) return printJson(d);
    if (!d.holder) return printLines([`Not signed in: ${SIGN_IN_HINT}.`]);
    const until = d.holder.expiresAt ? `, good until ${d.holder.expiresAt.toISOString().slice(0, 16)}Z` : '';
    printLines([
      `${d.holder.subject} by ${d.holder.via}${until}; in namespace ${d.namespace}: ` +
        `${d.roles.length ? d.roles.join(', ') : 'no role'}. The server checks this on every call.`,
    ]);
  });
}
