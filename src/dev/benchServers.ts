// What the load benchmarks share: the servers they run on, as processes, and a case to start on them.
import { spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import path from 'path';
import type { CaseInput } from '../domain/case/types';
import { isoDate } from '../domain/dates';
import { DEFAULT_POLICY } from '../domain/policy';
import { freePort } from './ports';
import { PROJECT_ROOT } from './tools';

/** The workers' cache bound: the deployment default unless the environment says otherwise. */
export const CACHED = Number(process.env.CPCASE_WORKER_CACHED_CASES ?? 400);

export interface Server {
  name: string;
  /** The workers' cache bound, as their environment sets it. */
  cachedCases: number;
  address: string;
  env: NodeJS.ProcessEnv;
  workerPids: () => number[];
  stop: () => Promise<void>;
}

export const stopChild = (c: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (c.exitCode !== null || c.signalCode) return resolve();
    c.once('exit', () => resolve());
    c.kill('SIGTERM');
  });

/** `npm run stack` in a folder of its own: PostgreSQL, the Go-built server, two workers. */
export async function postgresStack(dir: string, extra: NodeJS.ProcessEnv = {}): Promise<Server> {
  const stack = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'src', 'dev', 'stack', 'main.js')], {
    env: {
      ...process.env,
      CPCASE_STACK_DIR: dir,
      CPCASE_STACK_PORT: '27233',
      CPCASE_STACK_PG_PORT: String(await freePort()),
      CPCASE_STACK_CODEC_PORT: String(await freePort()),
      SMTP_URL: 'smtp://127.0.0.1:1',
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    stack.stdout.on('data', (d: Buffer) => (out += d.toString()).includes('Press Ctrl-C') && resolve());
    stack.once('exit', (code) => reject(new Error(`the stack stopped (exit ${code})`)));
  });
  const env: NodeJS.ProcessEnv = {};
  for (const m of fs.readFileSync(path.join(dir, 'stack.env'), 'utf8').matchAll(/^export (\w+)='([^']*)'$/gm))
    env[m[1]!] = m[2]!;
  const pid = (name: string) => Number(fs.readFileSync(path.join(dir, `${name}.pid`), 'utf8'));
  return {
    name: 'PostgreSQL stack (Go-built server)',
    cachedCases: CACHED,
    address: env.TEMPORAL_ADDRESS!,
    env,
    workerPids: () => [pid('worker-1'), pid('worker-2')],
    stop: () => stopChild(stack),
  };
}

export function caseInput(ref: string): CaseInput {
  return {
    caseRef: ref,
    region: 'england-and-wales',
    children: [{ id: 'CH-7Q2', dateOfBirth: isoDate('2013-03-14') }],
    staff: { socialWorker: 'SW-101', teamManager: 'TM-201', serviceManager: 'SM-301' },
    agencies: [],
    policy: DEFAULT_POLICY,
    openedBy: 'bench',
  };
}
