import { spawn, spawnSync } from 'child_process';
import fs from 'fs';
import path from 'path';

const BIN = path.resolve(__dirname, '..', '..', 'bin', 'cpcase.js');

/** The case's three named staff, as `cpcase open` takes them: the directory example's people. */
export const STAFF = ['--social-worker', 'SW-101', '--team-manager', 'TM-201', '--service-manager', 'SM-301'];

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * With CPCASE_TEST_TRANSCRIPT=FILE, every call a test makes and what it answered is appended to FILE: what a
 * person would have seen, for a closing note or a bug report, without changing what the test asserts.
 */
function transcribe(args: string[], r: CliRun): CliRun {
  const file = process.env.CPCASE_TEST_TRANSCRIPT;
  if (!file) return r;
  const indent = (t: string) => t.replace(/\n$/, '').replace(/^/gm, '  ');
  const out = [r.stdout, r.stderr].filter((t) => t.length > 0).map(indent);
  fs.appendFileSync(file, [`$ cpcase ${args.join(' ')}`, ...out, `  (exit ${r.code})`, ''].join('\n'));
  return r;
}

/** Runs the built `cpcase` as an administrator would (needs `npm run build` first; `npm test` does it). */
export function cpcase(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return transcribe(args, { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr });
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
    child.on('close', (code) => resolve(transcribe(args, { code: code ?? -1, stdout, stderr })));
  });
}
