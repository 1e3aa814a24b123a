import { spawnSync } from 'child_process';
import path from 'path';

const BIN = path.resolve(__dirname, '..', '..', 'bin', 'cpcase.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `cpcase` as an administrator would (needs `npm run build` first; `npm test` does it). */
export function cpcase(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
