// `npm run stack` started by another program in a folder of its own (the stack's fault tests, the load
// benchmarks): spawned, awaited until it says it is running, and read back from what it writes there.
import { spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import path from 'path';
import { PROJECT_ROOT } from '../tools';
import type { ServerClock } from './clock';
import { issueToken, type Role } from '../../identity/issuer';

export interface LaunchedStack {
  /** What a CLI or client needs to reach it: the variables of its stack.env. */
  env: Record<string, string>;
  /** How its server's clock was set (server-clock.json). */
  clock: ServerClock;
  /**
   * A token from the stack's local issuer, as a person would be given one (`cpcase credential issue`), dated by
   * the server's clock (ahead of this machine's in a rehearsal), which is the one that checks it.
   */
  token(subject: string, roles: readonly Role[], hours?: number): string;
  /** The pid of one of its processes now (the stack starts again whatever dies). */
  pidOf(name: string): number;
  /** Stops it as Ctrl-C would, its own processes first; at once if it has already stopped. */
  stop(): Promise<void>;
}

/** Stops a child as Ctrl-C would (SIGTERM), and waits for it; at once if it has already stopped. */
export const stopChild = (c: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (c.exitCode !== null || c.signalCode) return resolve();
    c.once('exit', () => resolve());
    c.kill('SIGTERM');
  });

/** Starts the stack in `dir`; `env` (ports, SMTP_URL, CPCASE_STACK_CLOCK_AT...) for it and all it starts. */
export async function launchStack(dir: string, env: NodeJS.ProcessEnv): Promise<LaunchedStack> {
  const stack = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'src', 'dev', 'stack', 'main.js')], {
    env: { ...process.env, ...env, CPCASE_STACK_DIR: dir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    stack.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Press Ctrl-C to stop.')) resolve();
    });
    stack.once('exit', (code) => reject(new Error(`the stack stopped (exit ${code}): ${out}`)));
  });
  const clock = JSON.parse(fs.readFileSync(path.join(dir, 'server-clock.json'), 'utf8')) as ServerClock;
  const vars: Record<string, string> = {};
  for (const m of fs.readFileSync(path.join(dir, 'stack.env'), 'utf8').matchAll(/^export (\w+)='([^']*)'$/gm))
    vars[m[1]!] = m[2]!;
  return {
    env: vars,
    clock,
    token: (subject, roles, hours = 8) =>
      issueToken(path.join(dir, 'issuer'), {
        subject,
        roles,
        namespace: 'default',
        hours,
        issuedAt: Math.floor(Date.now() / 1000) + clock.offsetSeconds,
      }),
    pidOf: (name) => Number(fs.readFileSync(path.join(dir, `${name}.pid`), 'utf8').trim()),
    stop: () => stopChild(stack),
  };
}
