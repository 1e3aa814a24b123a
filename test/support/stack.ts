// The production-like stack (`npm run stack`) started for a test in a folder of its own, with what a test needs
// to reach it and to hurt it: the environment a CLI sources, each process's pid (the stack restarts what dies).
import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Client, Connection, type WorkflowClientInterceptor } from '@temporalio/client';
import { encryptedDataConverter } from '../../src/crypto/codec';
import { loadKeyring } from '../../src/crypto/keys';
import { freePort } from '../../src/dev/ports';
import type { ServerClock } from '../../src/dev/stack/clock';
import { launchStack, type LaunchedStack } from '../../src/dev/stack/launch';
import { sleep } from './burst';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Whether the stack can run here: without the server binaries (a first `node scripts/temporal-server.js` builds
 * them) it cannot start; .ci/run builds them, so in CI their absence fails the run.
 */
export const stackRuns = (() => {
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'temporal-server.js'), '--check'], {
      stdio: 'pipe',
    });
    return true;
  } catch {
    return process.env.CI === 'true';
  }
})();

export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export interface RunningStack {
  dir: string;
  /** What a CLI needs (the stack's stack.env, a data folder of its own, an administrator). */
  env: NodeJS.ProcessEnv;
  pgPort: number;
  codecPort: number;
  /** The server's metrics port; worker N's is this + N. */
  metricsPort: number;
  prometheusPort: number;
  /** The staff pages' address. */
  pagesUrl: string;
  clock: ServerClock;
  /** A token from the stack's issuer (the stack checks every caller). */
  token: LaunchedStack['token'];
  pidOf(name: string): number;
  /** The new pid once the stack has started `name` again after `old` died. */
  replaced(name: string, old: number, within?: number): Promise<number>;
  /** Stops it as Ctrl-C would; says which of its processes were still alive afterwards. */
  stop(): Promise<string[]>;
}

/** Starts the stack (mail to `smtpUrl`; `extra` for the stack and every process it starts). */
export async function startStack(smtpUrl: string, extra: NodeJS.ProcessEnv = {}): Promise<RunningStack> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-stack-'));
  // PostgreSQL runs as its own user (when tests run as root): it must be able to reach its folder inside this one.
  fs.chmodSync(dir, 0o755);
  const pgPort = await freePort();
  const codecPort = await freePort();
  // Below 32,600: Temporal keeps membership ports (frontend + 100 and up) in a smallint column.
  const frontend = 20_000 + Math.floor(Math.random() * 80) * 150;
  const stack = await launchStack(dir, {
    ...extra,
    CPCASE_STACK_PORT: String(frontend),
    CPCASE_STACK_PG_PORT: String(pgPort),
    CPCASE_STACK_CODEC_PORT: String(codecPort),
    // In the frontend's block of 150: the server's metrics, each worker's after it, and Prometheus.
    CPCASE_STACK_METRICS_PORT: String(frontend + 20),
    CPCASE_STACK_PROMETHEUS_PORT: String(frontend + 30),
    CPCASE_STACK_PAGES_PORT: String(frontend + 40),
    SMTP_URL: smtpUrl,
  });
  const pidOf = stack.pidOf;
  return {
    dir,
    // The stack's own environment, as an administrator would source it, with an administrator's token (an
    // operator's too, for calendar pushes) and a CLI data folder of its own.
    env: {
      ...extra,
      ...stack.env,
      CPCASE_DATA_DIR: path.join(dir, 'cli'),
      CPCASE_TOKEN: stack.token('ADM-003', ['administrator', 'operator']),
    },
    token: stack.token,
    pgPort,
    codecPort,
    metricsPort: frontend + 20,
    prometheusPort: frontend + 30,
    pagesUrl: `http://localhost:${frontend + 40}`,
    clock: stack.clock,
    pidOf,
    async replaced(name, old, within = 30_000) {
      const until = Date.now() + within;
      while (Date.now() < until) {
        const pid = pidOf(name);
        if (pid !== old && alive(pid)) return pid;
        await sleep(250);
      }
      throw new Error(`${name} was not started again`);
    },
    async stop() {
      const names = [
        'worker-1',
        'worker-2',
        'temporal',
        ...(fs.existsSync(path.join(dir, 'prometheus.pid')) ? ['prometheus'] : []),
      ];
      const pids = names.map(pidOf);
      await stack.stop();
      return names.filter((_, i) => alive(pids[i]!));
    },
  };
}

/**
 * A client of the stack's Temporal that skips the CLI: TLS to the server, a token (the stack's administrator's by
 * default, none with `null`), the stack's keys, and any workflow interceptors a test adds (a forged header, say).
 */
export async function stackClient(
  env: NodeJS.ProcessEnv,
  token: string | null = env.CPCASE_TOKEN ?? null,
  interceptors: WorkflowClientInterceptor[] = [],
): Promise<Client> {
  const connection = await Connection.connect({
    address: env.TEMPORAL_ADDRESS!,
    tls: { serverRootCACertificate: fs.readFileSync(env.TEMPORAL_TLS_CA!), serverNameOverride: 'localhost' },
    ...(token ? { apiKey: token } : {}),
  });
  return new Client({
    connection,
    dataConverter: encryptedDataConverter(loadKeyring(env.CPCASE_KEYS_FILE!)),
    interceptors: { workflow: interceptors },
  });
}
