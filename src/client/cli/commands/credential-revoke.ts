import type { Command } from 'commander';
import { revokeToken } from '../../../identity/issuer';
import { tokenClaims } from '../../../identity/credential';
import { readBounded } from '../files';
import { badInput } from '../errors';
import { printLines } from '../io';
import { issuerDir } from './credential-issue';

/** Revokes the token in a file: its id joins the list the servers read (within a second, no restart). */
export function gatherRevoke(o: { issuerDir?: string; token: string }): string {
  const dir = issuerDir(o.issuerDir);
  const claims = tokenClaims(readBounded(o.token, '--token', 64 * 1024).trim());
  if (!claims.tokenId) throw badInput(`--token: ${o.token} holds no token with an id (jti) to revoke`);
  revokeToken(dir, claims.tokenId);
  return claims.tokenId;
}

export function register(cmd: Command): void {
  cmd
    .option('--issuer-dir <dir>', 'the local issuer (default: CPCASE_ISSUER_DIR)')
    .requiredOption('--token <file>', 'the file holding the token to revoke')
    .action((o: { issuerDir?: string; token: string }) => {
      const id = gatherRevoke(o);
      printLines([`Revoked token ${id}: the Temporal server and the codec server refuse it from now on.`]);
    });
}
