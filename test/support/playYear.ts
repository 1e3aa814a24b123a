// A generated year played through the real CLI: each case opened (four CLIs at a time, as an administrator's
// script would), then its events imported in one file. Every call must succeed.
import fs from 'fs';
import path from 'path';
import type { GeneratedYear } from '../../src/dev/generateYear';
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
