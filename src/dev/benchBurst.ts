// `npm run bench burst [K]`: K reminders falling due at once on the PostgreSQL stack, two workers sending, and
// how late each reached an SMTP sink after its send time (p50, p99, the last), against the scale-out target: all
// 5,000 within 120 s. Reminders go only at 09:00 on a working day, so the stack's server runs with its clock
// set to a few minutes before 09:00 on the next working day (CPCASE_STACK_CLOCK_AT); workers keep this machine's
// clock. Each case is opened and given a strategy discussion 15 working days before, so its initial conference
// falls due that morning and its message goes at 09:00. The burst starts only on quiet workers (no task for 10 s,
// read from their metrics), and says how quiet they were. A figure, never a pass/fail test.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Client, Connection } from '@temporalio/client';
import { loadCalendar } from '../calendar/load';
import { openCase } from '../client/opening';
import { encryptedDataConverter } from '../crypto/codec';
import { loadKeyring } from '../crypto/keys';
import { addDays, type LocalDate } from '../domain/dates';
import { londonDate, londonInstant } from '../domain/londonTime';
import { DEFAULT_POLICY } from '../domain/policy';
import { addWorkingDays, workingDayOnOrAfter } from '../domain/workingDays';
import { caseWorkflowId, recordEvent } from '../workflows/messages';
import { caseInput, postgresStack } from './benchServers';
import { startSmtpSink } from './smtpSink';

const K = Number(process.argv[3] ?? 5000);
const CONCURRENCY = 8;
const TARGET_S = 120;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const say = (line: string) => process.stdout.write(`${line}\n`);

/** The next working day's 09:00, and the strategy discussion date that makes an initial conference due then. */
function burstMoment(): { day: LocalDate; at: number; discussion: LocalDate } {
  const today = londonDate(Date.now());
  const year = Number(today.slice(0, 4));
  const cal = loadCalendar({ region: 'england-and-wales', fromYear: year - 1, toYear: year + 1 });
  const day = workingDayOnOrAfter(cal, addDays(today, 1));
  return { day, at: londonInstant(day, '09:00'), discussion: addWorkingDays(cal, day, -15).date };
}

/** Opens K cases and records each one's strategy discussion, CONCURRENCY at a time. */
async function prepare(client: Client, discussion: LocalDate, tag: string): Promise<void> {
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < K; i = next++) {
      const input = { ...caseInput(`CP-U${tag}-${i}`.toUpperCase()), policy: BURST_POLICY };
      await openCase(client, 'cpcase', input);
      const handle = client.workflow.getHandle(caseWorkflowId(input.caseRef));
      await handle.executeUpdate(recordEvent, {
        args: [{ type: 'strategy-discussion', occurredAt: discussion, recordedBy: 'bench' }],
      });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
}

/** Entered minutes before 09:00, with no wait after the latest entry: they go at 09:00 (see the fault test). */
const BURST_POLICY = { ...DEFAULT_POLICY, lateEntryWaitMinutes: 0 };

/** The workers' Prometheus endpoints on the bench's stack (the stack gives the server +0, workers +1 and +2). */
const METRICS_PORT = 27253;
const WORKER_METRICS = [METRICS_PORT + 1, METRICS_PORT + 2];
const TASKS_DONE = /^temporal_(workflow_task|activity)_execution_latency_seconds_count(\{[^}]*\})? (\S+)$/;

/** Workflow tasks and activities the workers have completed so far, from their metrics. */
async function tasksDone(): Promise<number> {
  let n = 0;
  for (const port of WORKER_METRICS) {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    for (const line of text.split('\n')) n += Number(TASKS_DONE.exec(line)?.[3] ?? 0);
  }
  return n;
}

/**
 * Waits until the workers have completed no task for QUIET_MS (the cases all opened, recorded and asleep), or
 * until shortly before the send time; says how long before it they were quiet, or how busy they still were.
 * A burst that meets workers still busy with the set-up measures the set-up too.
 */
const QUIET_MS = 10_000;
async function waitForQuiet(sendAt: number): Promise<string> {
  let last = await tasksDone();
  let since = Date.now();
  while (Date.now() < sendAt - 5_000) {
    await sleep(1_000);
    const now = await tasksDone();
    if (now !== last) [last, since] = [now, Date.now()];
    else if (Date.now() - since >= QUIET_MS)
      return `quiet (no task for ${QUIET_MS / 1000} s) ${((sendAt - Date.now()) / 1000).toFixed(0)} s before 09:00`;
  }
  const before = last;
  await sleep(Math.max(0, sendAt - Date.now()));
  return `NOT quiet at 09:00: ${(await tasksDone()) - before} tasks in its last 5 s`;
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};

async function main(): Promise<void> {
  const moment = burstMoment();
  // Time to open and record K cases here (about 20 a second on 2 cores), and a margin.
  const leadMs = 120_000 + K * 90;
  const sink = await startSmtpSink();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-bench-burst-'));
  fs.chmodSync(dir, 0o755); // PostgreSQL runs as its own user
  const server = await postgresStack(dir, {
    CPCASE_STACK_CLOCK_AT: new Date(moment.at - leadMs).toISOString(),
    SMTP_URL: sink.url,
    CPCASE_STACK_METRICS_PORT: String(METRICS_PORT),
    CPCASE_STACK_PROMETHEUS_PORT: String(METRICS_PORT + 10),
  });
  try {
    const realBurst = moment.at - server.clock.offsetSeconds * 1000;
    const connection = await Connection.connect(server.connection());
    const client = new Client({
      connection,
      dataConverter: encryptedDataConverter(loadKeyring(server.env.CPCASE_KEYS_FILE!)),
    });
    const t0 = Date.now();
    await prepare(client, moment.discussion, Date.now().toString(36));
    say(`bench burst: K = ${K} cases opened and recorded in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    const left = realBurst - Date.now();
    if (left < 0) throw new Error(`the cases were ready ${-left} ms after 09:00 server time: a larger lead`);
    const quiet = await waitForQuiet(realBurst);
    const until = Date.now() + 15 * 60_000;
    while (new Set(sink.accepted.map((a) => a.key)).size < K && Date.now() < until) await sleep(1_000);
    const late = sink.accepted.map((a) => (a.at - realBurst) / 1000);
    const cases = new Set(sink.accepted.map((a) => a.key.split('/')[0])).size;
    const last = Math.max(...late);
    say(`PostgreSQL stack (Go-built server, two workers), 09:00 on ${moment.day} (server clock)`);
    say(`  before the send time    ready ${(left / 1000).toFixed(0)} s before 09:00; ${quiet}`);
    say(`  messages accepted       ${sink.accepted.length} for ${cases} of ${K} cases`);
    say(
      `  lateness after 09:00    p50 ${percentile(late, 50).toFixed(1)} s, p99 ${percentile(late, 99).toFixed(1)} s, last ${last.toFixed(1)} s`,
    );
    say(`  all ${K} within ${TARGET_S} s    target: ${cases === K && last <= TARGET_S ? 'met' : 'NOT MET'}`);
    await connection.close();
  } finally {
    await server.stop();
    await sink.close();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench burst: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
