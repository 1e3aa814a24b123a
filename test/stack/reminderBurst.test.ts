// A Monday-morning burst on the production-like stack, in real time: a few hundred cases whose initial
// conference falls due on the next working day, so at 09:00 every one of them owes a message at once. Two
// workers share the sending; one is killed (SIGKILL) in the middle of it. Every message reaches the SMTP sink
// exactly once by Message-ID (a message the server took just before its worker died goes again under the same
// Message-ID, and no other), none before 09:00, each is settled in the shared sent-message record, and every
// event is in the shared ledger once.
//
// Reminders go only at the send time on a working day, so the stack's Temporal server is started as if it were a
// few minutes before 09:00 on the next working day (CPCASE_STACK_CLOCK_AT, the clock-settable build of the same
// server; see src/dev/stack/clock.ts). Workers and the CLI keep this machine's clock; a case's time is its server's.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Client } from 'pg';
import { loadCalendar } from '../../src/calendar/load';
import { addDays, type LocalDate } from '../../src/domain/dates';
import { londonDate, londonInstant } from '../../src/domain/londonTime';
import { addWorkingDays, workingDayOnOrAfter } from '../../src/domain/workingDays';
import { caseInput } from '../../src/dev/benchServers';
import { openCase } from '../../src/client/opening';
import type { Policy } from '../../src/domain/policy';
import { loadPolicyFile } from '../../src/policy/file';
import { importJson, sleep } from '../support/burst';
import { cpcaseAsync } from '../support/cli';
import { TestSmtp, type Received } from '../support/smtp';
import { stackClient, startStack, stackRuns, type RunningStack } from '../support/stack';
import { deployedMetricNames, promQuery, scrape, total, until, type Sample } from '../support/metrics';

const K = 200;
/**
 * Server time between the stack's start and 09:00: enough to open K cases and import their entries, on a loaded
 * machine too. Opened in this process they take about 20 s here (opened by K CLI processes they took 86 s, and
 * 3 minutes was once not enough for them in a CI run beside other work).
 */
const LEAD_MS = 2 * 60_000;
const SEND_TIME = '09:00';
/**
 * How long an opening may wait for its case's answer: the lead, not a person's 10 s. Here the opening is setup,
 * and on a machine busy with other test files the workers' first tasks (just started, nothing cached) took longer.
 */
const OPENED_WITHIN_MS = LEAD_MS;
/** A killed worker's claims lapse after 150 s (CPCASE_CLAIM_LEASE_SECONDS); its messages then go from the other. */
const ALL_SENT_WITHIN_MS = 7 * 60_000;

const refs = Array.from({ length: K }, (_, i) => `CP-MB-${String(i + 1).padStart(3, '0')}`);
let smtp: TestSmtp;
let stack: RunningStack | undefined;
/** The next working day's send time (epoch ms, server time), and the day. */
let burstDay: LocalDate;
let burstAt: number;

const keyOf = (r: Received) => {
  const key = r.mail.headers.get('x-cpcase-key');
  return typeof key === 'string' ? key : '';
};
const caseOf = (r: Received) => keyOf(r).split('/')[0]!;
const burstMails = () => smtp.received.filter((r) => caseOf(r).startsWith('CP-MB-'));

/** What the shared database holds: the sent-message record's rows and the ledger's events, for these cases. */
async function shared(env: NodeJS.ProcessEnv) {
  const db = new Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  try {
    const sent = await db.query<{ message_id: string; message_key: string; status: string }>(
      `SELECT message_id, message_key, status FROM sent_messages WHERE message_key LIKE 'CP-MB-%'`,
    );
    const events = await db.query<{ case_ref: string; n: string }>(
      `SELECT case_ref, count(*) AS n FROM ledger_events WHERE case_ref LIKE 'CP-MB-%' GROUP BY case_ref`,
    );
    return { sent: sent.rows, events: events.rows.map((r) => [r.case_ref, Number(r.n)] as const) };
  } finally {
    await db.end();
  }
}

/**
 * The K cases, each opened as `cpcase open` opens it (one update-with-start call, src/client/opening.ts) by the
 * stack's administrator, eight at a time from this process: the burst is under test here, not the CLI's start-up.
 */
async function openAll(env: NodeJS.ProcessEnv, policy: Policy): Promise<void> {
  const client = await stackClient(env);
  const queue = [...refs];
  const lane = async () => {
    for (let ref = queue.shift(); ref; ref = queue.shift()) {
      const input = caseInput(ref);
      const opened = { ...input, staff: { ...input.staff, chair: 'CH-401' }, policy };
      await openCase(client, env.CPCASE_TASK_QUEUE ?? 'cpcase', opened, OPENED_WITHIN_MS);
    }
  };
  try {
    await Promise.all(Array.from({ length: 8 }, lane));
  } finally {
    await client.connection.close();
  }
}

const bare = (messageId: string) => messageId.replace(/^<|>$/g, '');

/** Whether the stack's Prometheus said mail was failing (its recording rule) before the outage was ended. */
let outage: { seenByPrometheus: boolean } | undefined;
/** Metric names counted only once what they count happens (no sticky cache miss, no task failure here). */
const ONLY_ONCE_SEEN = ['temporal_sticky_cache_miss_total', 'temporal_workflow_task_execution_failed_total'];

/** Holds the outage until the stack's Prometheus says mail is failing (a minute at most). */
async function mailOutage(s: RunningStack) {
  const seenByPrometheus = await until(
    async () => (await promQuery(s.prometheusPort, 'cpcase:mail_failing')) === 1,
    60_000,
  );
  return { seenByPrometheus };
}

const workerPorts = (s: RunningStack) => [1, 2].map((n) => s.metricsPort + n);

/** The messages a worker had claimed and not yet recorded as sent (its claims carry its pid), read at its death. */
async function inHandOf(env: NodeJS.ProcessEnv, pid: number): Promise<Set<string>> {
  const db = new Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  try {
    const rows = await db.query<{ message_id: string }>(
      `SELECT message_id FROM sent_messages WHERE status = 'claimed' AND claimed_by LIKE $1`,
      [`%:${pid}:%`],
    );
    return new Set(rows.rows.map((r) => bare(r.message_id)));
  } finally {
    await db.end();
  }
}

/** Until every case has had a message and the sent record holds no claim still open (or the time is up). */
async function allSettled(env: NodeJS.ProcessEnv): Promise<Awaited<ReturnType<typeof shared>>> {
  const until = Date.now() + ALL_SENT_WITHIN_MS;
  for (;;) {
    const cases = new Set(burstMails().map(caseOf));
    const now = await shared(env);
    const open = now.sent.filter((r) => r.status !== 'sent');
    if ((cases.size === K && open.length === 0) || Date.now() > until) return now;
    await sleep(5_000);
  }
}

(stackRuns ? describe : describe.skip)('a burst of due reminders, two workers, one killed mid-burst', () => {
  beforeAll(async () => {
    smtp = new TestSmtp();
    await smtp.start();
    const today = londonDate(Date.now());
    const calendar = loadCalendar({
      region: 'england-and-wales',
      fromYear: Number(today.slice(0, 4)) - 1,
      toYear: Number(today.slice(0, 4)) + 1,
    });
    burstDay = workingDayOnOrAfter(calendar, addDays(today, 1));
    burstAt = londonInstant(burstDay, SEND_TIME);
    const policy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-burst-')), 'policy.json');
    // Entered minutes before 09:00: without a wait after the latest entry they go at 09:00, as they would have
    // had they been entered the week before (the default hour's wait would hold them to the next morning).
    fs.writeFileSync(policy, JSON.stringify({ sendTime: SEND_TIME, lateEntryWaitMinutes: 0 }));
    stack = await startStack(smtp.url, {
      CPCASE_STACK_CLOCK_AT: new Date(burstAt - LEAD_MS).toISOString(),
      CPCASE_POLICY_FILE: policy,
      // The workers count the cases for their metrics every 5 s rather than every minute; a dead worker's claims
      // lapse after the shortest lease a deployment may set.
      CPCASE_METRICS_CASES_SECONDS: '5',
      CPCASE_CLAIM_LEASE_SECONDS: '150',
    });
    // Each case's strategy discussion 15 working days before: its initial conference is due that morning.
    const sd = addWorkingDays(calendar, burstDay, -15).date;
    await openAll(stack.env, loadPolicyFile(policy).policy);
    const file = path.join(stack.dir, 'burst.csv');
    fs.writeFileSync(
      file,
      ['case,event,date', ...refs.map((r) => `${r},strategy-discussion,${sd}`)].join('\n'),
    );
    const imported = await cpcaseAsync(['import', file, '--json'], stack.env);
    expect(importJson(imported)).toMatchObject({ rows: K, recorded: K });
  }, 600_000);

  afterAll(async () => {
    if (stack) expect(await stack.stop()).toEqual([]);
    await smtp?.stop();
  }, 120_000);

  test(
    "every message once by Message-ID (only those in the dead worker's hands twice), none early, each settled; every event ledgered once",
    async () => {
      const s = stack!;
      const realBurst = burstAt - s.clock.offsetSeconds * 1000;
      const left = realBurst - Date.now();
      if (left < 5_000)
        throw new Error(`the cases were ready ${-left} ms before 09:00 server time: raise LEAD_MS`);
      expect(burstMails()).toEqual([]); // nothing before the send time
      // The mail server busy (421) from before 09:00 until the stack's Prometheus says mail is failing.
      smtp.busy = true;
      await sleep(left);
      outage = await mailOutage(s);
      smtp.busy = false;

      // Mid-burst: once a quarter have arrived, one worker dies as a power cut would kill it.
      const quarterBy = Date.now() + 120_000;
      while (new Set(burstMails().map(caseOf)).size < K / 4 && Date.now() < quarterBy) await sleep(20);
      const killed = s.pidOf('worker-1');
      process.kill(killed, 'SIGKILL');
      const atKill = new Set(burstMails().map(caseOf)).size;
      const inHand = await inHandOf(s.env, killed);
      expect(atKill).toBeGreaterThanOrEqual(K / 4);
      if (atKill >= K) throw new Error('the burst was over before the worker was killed: raise K');
      await s.replaced('worker-1', killed);

      const db = await allSettled(s.env);
      const mails = burstMails();
      const ids = mails.map((m) => String(m.mail.messageId));
      // Each case's message arrived. A Message-ID comes twice only for a message the killed worker had in hand
      // (the server took it, the worker died before recording so): the documented window, and under the same
      // Message-ID, so a mail client shows one. Everything else arrived once.
      expect(new Set(mails.map(caseOf)).size).toBe(K);
      const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
      expect(twice.filter((id) => !inHand.has(bare(id)))).toEqual([]);
      expect(mails.filter((m) => m.at < realBurst)).toEqual([]);
      // The shared record agrees: one row per Message-ID that arrived, every one settled as sent.
      expect(db.sent.map((r) => bare(r.message_id)).sort()).toEqual([...new Set(ids.map(bare))].sort());
      expect(db.sent.filter((r) => r.status !== 'sent')).toEqual([]);
      // Every case's one event, once in the ledger.
      expect(db.events).toHaveLength(K);
      expect(db.events.filter(([, n]) => n !== 1)).toEqual([]);
      // Every case shows the step done and nothing waiting to send (one asked at random, through the CLI).
      const one = refs[Math.floor(Math.random() * K)]!;
      const status = await cpcaseAsync(['status', one, '--json'], s.env);
      expect((JSON.parse(status.stdout) as { mail?: unknown }).mail).toBeUndefined();
    },
    ALL_SENT_WITHIN_MS + 300_000,
  );

  test("each worker's metrics and the stack's Prometheus saw the burst, the outage and the cases; no case or person in a label", async () => {
    const s = stack!;
    expect(outage).toEqual({ seenByPrometheus: true });
    // The outage is over once a worker has got mail through since its last fault, as Prometheus says too.
    expect(
      await until(async () => (await promQuery(s.prometheusPort, 'cpcase:mail_failing')) === 0, 60_000),
    ).toBe(true);
    // A census after the burst: every burst case open, none broken.
    expect(
      await until(
        async () =>
          (await Promise.all(workerPorts(s).map(scrape))).every((w) => total(w, 'cpcase_cases_open') >= K),
        60_000,
      ),
    ).toBe(true);
    const workers = await Promise.all(workerPorts(s).map(scrape));
    const all: Sample[] = workers.flat();
    // Worker 1 was killed mid-burst: its counts start again from its restart. Together, at most one per message.
    const sent = total(all, 'cpcase_messages_total', { kind: 'due-today', outcome: 'sent' });
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThanOrEqual(K + 10);
    expect(total(all, 'cpcase_messages_total', { outcome: 'retry' })).toBeGreaterThan(0);
    const delays =
      total(all, 'cpcase_message_delay_seconds_sum') / total(all, 'cpcase_message_delay_seconds_count');
    expect(delays).toBeGreaterThan(0);
    expect(delays).toBeLessThan(ALL_SENT_WITHIN_MS / 1000);
    for (const w of workers) {
      expect(total(w, 'cpcase_cases_broken')).toBe(0);
      expect(
        w
          .filter((x) => x.name === 'cpcase_deadlines_overdue')
          .map((x) => x.labels.level)
          .sort(),
      ).toEqual(['0', '1', '2', '3']);
      expect(total(w, 'cpcase_worker_config_info')).toBe(1);
      expect(total(w, 'temporal_workflow_task_schedule_to_start_latency_seconds_count')).toBeGreaterThan(0);
    }
    expect(total(all, 'cpcase_ledger_writes_total', { outcome: 'ok' })).toBeGreaterThan(0);
    expect(total(all, 'cpcase_ledger_writes_total', { outcome: 'failed' })).toBe(0);
    // No label names a case, a child or a person.
    const values = all.flatMap((x) => Object.values(x.labels));
    expect(values.filter((v) => /CP-|CH-|SW-|TM-|SM-|@/.test(v))).toEqual([]);
    // The server serves its own, and every metric the dashboard and rules read is served.
    const server = await scrape(s.metricsPort);
    expect(server.some((x) => x.name.startsWith('service_requests'))).toBe(true);
    const names = new Set([...all, ...server].map((x) => x.name));
    expect(deployedMetricNames().filter((n) => !names.has(n) && !ONLY_ONCE_SEEN.includes(n))).toEqual([]);
    // Prometheus scrapes both workers and the server, with every rule loaded.
    const targets = (await (await fetch(`http://127.0.0.1:${s.prometheusPort}/api/v1/targets`)).json()) as {
      data: { activeTargets: { labels: { job: string }; health: string }[] };
    };
    expect(targets.data.activeTargets.map((t) => [t.labels.job, t.health]).sort()).toEqual([
      ['cpcase-workers', 'up'],
      ['cpcase-workers', 'up'],
      ['temporal', 'up'],
    ]);
    expect(
      await promQuery(s.prometheusPort, 'count(ALERTS{alertname="CpcaseWorkerDown",alertstate="firing"})'),
    ).toBeUndefined();
  }, 180_000);
});
