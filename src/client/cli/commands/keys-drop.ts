import type { Command } from 'commander';
import { ScheduleNotFoundError } from '@temporalio/client';
import fs from 'fs';
import { dropKey, readKeyFile } from '../../../crypto/keys';
import { DIGEST_SCHEDULE_ID } from '../../../worker/schedule';
import { getConfig } from '../context';
import { badInput, CliError, EXIT } from '../errors';
import { printJson, printLines } from '../io';
import { openCliLedger } from '../ledger';
import { withTemporal } from '../temporal';
import { grpcCode } from '../../../identity/refusal';

export interface KeysDropData {
  file: string;
  dropped: string;
  remaining: string[];
}

const NOT_FOUND = 5;

/** What Temporal may still hold under the key: workflows begun before it was retired, the digest's schedule. */
async function temporalNeeds(retiredAt: string | undefined): Promise<string[]> {
  return withTemporal(async (t) => {
    // Retired when unknown (a key file from before it was kept): every workflow may hold data under it.
    const { count } = await t.client.workflow.count(retiredAt ? `StartTime < '${retiredAt}'` : undefined);
    const needs =
      count > 0 ? [`${count} workflows in Temporal (open, or closed and not yet let go) began under it`] : [];
    try {
      const d = await t.client.schedule.getHandle(DIGEST_SCHEDULE_ID).describe();
      if (!retiredAt || d.info.createdAt.toISOString() < retiredAt)
        needs.push(
          `the morning digest's schedule was made under it: make it again (cpcase schedule ensure --recreate)`,
        );
    } catch (e) {
      if (!(e instanceof ScheduleNotFoundError) && grpcCode(e) !== NOT_FOUND) throw e;
    }
    return needs;
  });
}

/**
 * Drops a retired key only when nothing still needs it: no ledger row is sealed with it, no workflow Temporal
 * holds began under it, and the digest's schedule was made after. Otherwise each reason, and nothing changes.
 */
export async function gatherKeysDrop(id: string, file?: string): Promise<KeysDropData> {
  const path = file ?? getConfig().keys.file;
  if (!fs.existsSync(path)) throw new CliError(`no key file at ${path}`, EXIT.notFound);
  const k = readKeyFile(path);
  if (!(id in k.keys)) throw new CliError(`${path} holds no key '${id}'`, EXIT.notFound);
  if (id === k.current)
    throw badInput(`${id} is the current key: make a new one first (cpcase keys generate)`);
  const ledger = await openCliLedger();
  let sealed: Record<string, number>;
  try {
    sealed = await ledger.records.sealedWith(id);
  } finally {
    await ledger.close();
  }
  const needs = [
    ...Object.entries(sealed).map(([table, n]) => `${n} rows of ${table} are sealed with it`),
    ...(await temporalNeeds(k.retired?.[id])),
  ];
  if (needs.length)
    throw new CliError(`key ${id} is still needed; nothing changed:\n  ${needs.join('\n  ')}`, EXIT.rejected);
  const next = dropKey(path, id);
  return { file: path, dropped: id, remaining: Object.keys(next.keys) };
}

export function register(cmd: Command): void {
  cmd
    .argument('<key-id>', 'the retired key to drop')
    .option('--file <path>', 'the keys file (default: CPCASE_KEYS_FILE, or <data dir>/keys.json)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nRefused while anything still needs the key: a ledger row sealed with it, a workflow in Temporal begun\n' +
        "under it (open, or closed and not yet let go), or the digest's schedule made under it. Copies of the\n" +
        'file elsewhere (backups, other workers) keep it until they are replaced.',
    )
    .action(async (id: string, o: { file?: string; json?: boolean }) => {
      const d = await gatherKeysDrop(id, o.file);
      if (o.json) return printJson(d);
      printLines([`${d.file}: dropped key ${d.dropped}; keys kept: ${d.remaining.join(', ')}.`]);
    });
}
