import { spawn, spawnSync } from 'child_process';
import path from 'path';

const BIN = path.resolve(__dirname, '..', '..', 'bin', 'cpcase.js');

/** The case's three named staff, as `cpcase open` takes them: the directory example's people. */
export const STAFF = ['--social-worker', 'SW-101', '--team-manager', 'TM-201', '--service-manager', 'SM-301'];

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

/**
 * The same, without blocking this process: needed when the worker runs in the test process, which a
 * synchronous spawn would freeze.
 */
export function cpcaseAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
