// What the load benchmarks share: the servers they run on, as processes, and a case to start on them.
import type { CaseInput } from '../domain/case/types';
import { isoDate } from '../domain/dates';
import { DEFAULT_POLICY } from '../domain/policy';
import { freePort } from './ports';
import { launchStack } from './stack/launch';
import { loadConfig } from '../config/env';
import { connectionOptions, type ConnectionOptions } from '../client/connection';
import type { ServerClock } from './stack/clock';

/** The workers' cache bound: the deployment default unless the environment says otherwise. */
export const CACHED = Number(process.env.CPCASE_WORKER_CACHED_CASES ?? 400);

export interface Server {
  name: string;
  /** The workers' cache bound, as their environment sets it. */
  cachedCases: number;
  address: string;
  env: NodeJS.ProcessEnv;
  /** How a client reaches it: on a stack that checks callers, TLS and an administrator's token. */
  connection: () => ConnectionOptions;
  workerPids: () => number[];
  /** The Temporal server's process (its CPU is read from /proc). */
  serverPid: () => number;
  stop: () => Promise<void>;
}

/**
 * `npm run stack` in a folder of its own: PostgreSQL, cpcase-server, two workers. It checks every caller unless
 * `extra` says CPCASE_INSECURE=1 (bench load's no-op yardstick is a workflow no cpcase role may start).
 */
export async function postgresStack(
  dir: string,
  extra: NodeJS.ProcessEnv = {},
): Promise<Server & { clock: ServerClock }> {
  const stack = await launchStack(dir, {
    CPCASE_STACK_PORT: '27233',
    CPCASE_STACK_PG_PORT: String(await freePort()),
    CPCASE_STACK_CODEC_PORT: String(await freePort()),
    SMTP_URL: 'smtp://127.0.0.1:1',
    ...extra,
  });
  return {
    name: 'PostgreSQL stack (Go-built server)',
    cachedCases: CACHED,
    address: stack.env.TEMPORAL_ADDRESS!,
    env: stack.env,
    connection: () =>
      connectionOptions(
        loadConfig({
          ...stack.env,
          ...(extra.CPCASE_INSECURE === '1' ? {} : { CPCASE_TOKEN: stack.token('bench', ['administrator']) }),
        }),
      ),
    clock: stack.clock,
    workerPids: () => [stack.pidOf('worker-1'), stack.pidOf('worker-2')],
    serverPid: () => stack.pidOf('temporal'),
    stop: () => stack.stop(),
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
