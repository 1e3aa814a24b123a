// A generated year played through the real CLI: each case opened (four CLIs at a time, as an administrator's
// script would), then its events imported in one file. Every call must succeed.
import fs from 'fs';
import path from 'path';
import type { GeneratedYear } from '../../src/dev/generateYear';
import type { LedgerStore } from '../../src/ledger/types';
import { cpcaseAsync, type CliRun } from './cli';

export const ok = (r: CliRun): CliRun => {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return r;
};

export async function playYear(
  g: Pick<GeneratedYear, 'opens' | 'csv'>,
  dataDir: string,
  cliEnv: NodeJS.ProcessEnv,
): Promise<void> {
  const queue = [...g.opens];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let a = queue.shift(); a; a = queue.shift()) ok(await cpcaseAsync(a, cliEnv));
    }),
  );
  const file = path.join(dataDir, 'events.csv');
  fs.writeFileSync(file, g.csv);
  ok(await cpcaseAsync(['import', file], cliEnv));
}

/** Entries the ledger holds across every case. */
async function ledgered(ledger: LedgerStore): Promise<number> {
  let n = 0;
  for (const c of await ledger.cases()) n += (await ledger.audit(c.caseRef)).length;
  return n;
}

/**
 * The cases write the ledger just after accepting each event: waits until it holds `rows` entries (a fact, not a
 * time: a busy machine only takes longer; the test's own timeout bounds it). Returns what it holds.
 */
export async function untilLedgered(ledger: LedgerStore, rows: number): Promise<number> {
  for (let n = await ledgered(ledger); n < rows; n = await ledgered(ledger)) {
    await new Promise((r) => setTimeout(r, 500));
  }
  return ledgered(ledger);
}
