// `npm run bench load [K] [dev|stack]`: the system under load on the dev server and on the PostgreSQL stack, one
// run each (or on the one named): case starts per second against a no-op workflow's on the same server, and what
// K open cases cost the workers in memory. Figures are printed beside the targets of the scale-out issue;
// nothing here is a pass/fail test.
import { spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { encryptedDataConverter } from '../crypto/codec';
import { generateKey, loadKeyring } from '../crypto/keys';
import { devServerSearchAttributeArgs } from '../shared/searchAttributes';
import { openCase } from '../client/opening';
import { freePort, waitForPort } from './ports';
import { CACHED, caseInput, postgresStack, type Server } from './benchServers';
import { stopChild } from './stack/launch';
import { PROJECT_ROOT, toolPath } from './tools';

const K = Number(process.argv[3] ?? 300);
/** `dev` or `stack` for one server only (50,000 cases take a while on each); both by default. */
const ONLY = process.argv[4];
const CONCURRENCY = 8;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The dev server (SQLite file) with two workers, as processes. */
async function devServer(dir: string): Promise<Server> {
  const port = await freePort();
  const bin = toolPath('temporal');
  if (!bin) throw new Error("no temporal CLI: run 'npm run tools'");
  const args = [
    'server',
    'start-dev',
    '--headless',
    '--db-filename',
    path.join(dir, 'temporal.db'),
    '--port',
  ];
  const server = spawn(
    bin,
    [...args, String(port), '--log-level', 'error', ...devServerSearchAttributeArgs()],
    {
      stdio: 'ignore',
    },
  );
  await waitForPort(port, 'Temporal dev server');
  const keys = path.join(dir, 'keys.json');
  generateKey(keys);
  const env = {
    TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
    CPCASE_KEYS_FILE: keys,
    SMTP_URL: 'smtp://127.0.0.1:1',
  };
  const workers = [1, 2].map((i) => {
    const data = path.join(dir, `worker-${i}`);
    fs.mkdirSync(data);
    const worker = path.join(PROJECT_ROOT, 'dist', 'src', 'worker', 'main.js');
    return spawn(process.execPath, [worker], {
      env: { ...process.env, ...env, CPCASE_DATA_DIR: data },
      stdio: 'ignore',
    });
  });
  return {
    name: 'dev server (SQLite)',
    cachedCases: CACHED,
    address: env.TEMPORAL_ADDRESS,
    env,
    connection: () => ({ address: env.TEMPORAL_ADDRESS }),
    workerPids: () => workers.map((w) => w.pid!),
    serverPid: () => server.pid!,
    stop: async () => {
      await Promise.all(workers.map(stopChild));
      await stopChild(server);
    },
  };
}

/** Starts per second: `start(i)` for i < K, CONCURRENCY at a time. */
async function rate(start: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const t0 = Date.now();
  const lane = async () => {
    for (let i = next++; i < K; i = next++) await start(i);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  return K / ((Date.now() - t0) / 1000);
}

const rssMb = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};

/** The workers' memory once it has settled (no change over 1% for two samples 3 s apart, or a minute). */
async function settledRss(pids: number[]): Promise<number[]> {
  let last = pids.map(rssMb);
  for (let i = 0; i < 20; i++) {
    await sleep(3_000);
    const now = pids.map(rssMb);
    const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    if (Math.abs(total(now) - total(last)) < total(last) * 0.01) return now;
    last = now;
  }
  return last;
}

/** CPU seconds a process has used so far (user and system), from /proc. */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}
const CLOCK_TICKS = 100;

/** CPU seconds the whole machine has used so far (every process: PostgreSQL's too), from /proc/stat. */
function machineCpuSeconds(): number {
  const [user, nice, system, , , irq, softirq] = fs
    .readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]!
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0)) / CLOCK_TICKS;
}

/**
 * What a phase cost in CPU: the Temporal server, the cpcase workers, this process (the client, and the no-op's
 * worker), and the whole machine (the rest is mostly the stack's PostgreSQL).
 */
async function cpuOf<T>(server: Server, phase: () => Promise<T>): Promise<{ result: T; cpu: string }> {
  const sides = () => [
    cpuSeconds(server.serverPid()),
    server.workerPids().reduce((a, p) => a + cpuSeconds(p), 0),
    cpuSeconds(process.pid),
    machineCpuSeconds(),
  ];
  const before = sides();
  const result = await phase();
  const used = sides().map((x, i) => x - before[i]!);
  const [srv, wrk, here, all] = used.map((x) => x.toFixed(0));
  const cpu = `CPU s: server ${srv}, cpcase workers ${wrk}, bench process ${here}; machine ${all}`;
  return { result, cpu };
}

/** No-op starts per second, each run to completion by a worker of its own on the same server. */
async function noopRate(server: Server, client: Client, tag: string): Promise<number> {
  const connection = await NativeConnection.connect(server.connection());
  const worker = await Worker.create({
    connection,
    taskQueue: 'bench-noop',
    workflowsPath: require.resolve('./benchWorkflows'),
  });
  const running = worker.run();
  try {
    return await rate((i) =>
      client.workflow.start('cpcaseBenchNoop', { taskQueue: 'bench-noop', workflowId: `noop-${tag}-${i}` }),
    );
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
  }
}

async function measure(server: Server): Promise<void> {
  const connection = await Connection.connect(server.connection());
  const ring = loadKeyring(server.env.CPCASE_KEYS_FILE!);
  const client = new Client({ connection, dataConverter: encryptedDataConverter(ring) });
  const tag = Date.now().toString(36);
  const { result: noop, cpu: noopCpu } = await cpuOf(server, () => noopRate(server, client, tag));
  const before = await settledRss(server.workerPids());
  // As `cpcase open` opens a case: one call that starts it and returns once it answers (update-with-start).
  const { result: opened, cpu: openedCpu } = await cpuOf(server, () =>
    rate((i) => openCase(client, 'cpcase', caseInput(`CP-B${tag}-${i}`.toUpperCase()))),
  );
  const after = await settledRss(server.workerPids()); // each case's first task taken and cached
  const line = (s: string) => process.stdout.write(`  ${s}\n`);
  process.stdout.write(`${server.name}\n`);
  line(
    `no-op workflow starts   ${noop.toFixed(0)}/s (the yardstick: started, each run by a worker meanwhile)`,
  );
  line(
    `cases opened, answering ${opened.toFixed(1)}/s = ${(opened / noop).toFixed(2)} of the no-op's   target 0.8: ${opened / noop >= 0.8 ? 'met' : 'NOT MET'}`,
  );
  line(`${K} no-ops             ${noopCpu}`);
  line(`${K} cases              ${openedCpu}`);
  const grown = after.reduce((a, b) => a + b, 0) - before.reduce((a, b) => a + b, 0);
  line(
    `worker RSS              ${before.map((m) => m.toFixed(0)).join(' + ')} MB idle, ${after.map((m) => m.toFixed(0)).join(' + ')} MB with ${K} open cases (${grown >= 0 ? '+' : ''}${grown.toFixed(0)} MB, ${((grown * 1024) / K).toFixed(1)} KB a case)`,
  );
  const worst = Math.max(...after);
  line(
    `largest worker ${worst.toFixed(0)} MB with ${K} open cases, each worker caching at most ${server.cachedCases} (CPCASE_WORKER_CACHED_CASES)   target under 1024 MB: ${worst < 1024 ? 'met' : 'NOT MET'} at ${K}`,
  );
  await connection.close();
}

async function main(): Promise<void> {
  process.stdout.write(
    `bench load: K = ${K} cases, ${CONCURRENCY} starts at a time, on ${os.cpus().length} cores\n`,
  );
  // Open (CPCASE_INSECURE=1): the yardstick, a no-op workflow, is one no cpcase role may start.
  const servers = { dev: devServer, stack: (dir: string) => postgresStack(dir, { CPCASE_INSECURE: '1' }) };
  if (ONLY !== undefined && !(ONLY in servers))
    throw new Error(`bench load: the server to run on is dev or stack (got ${ONLY})`);
  const chosen = ONLY === 'dev' ? [servers.dev] : ONLY === 'stack' ? [servers.stack] : Object.values(servers);
  for (const make of chosen) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-bench-load-'));
    fs.chmodSync(dir, 0o755); // PostgreSQL runs as its own user
    const server = await make(dir);
    try {
      await measure(server);
    } finally {
      await server.stop();
    }
  }
  process.stdout.write(
    'the burst of due reminders: npm run bench burst [K]; history events per case-year:\n' +
      'test/workflows/fullCase.test.ts prints it (about 1,200; target under 2,000).\n',
  );
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench load: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
