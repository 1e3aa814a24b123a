// A council loading a year of history: the generated year played through `cpcase open` and `cpcase import`
// against a running system with a real SMTP sink, then the clock run on for six weeks. Entering the history
// emails nobody; afterwards every email that leaves is about a deadline still outstanding when it leaves, on a
// working day at the send time. (The time-skipping server stands in for the dev server, so the weeks pass.)
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Runtime, DefaultLogger, type Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client } from '@temporalio/client';
import { Context } from '@temporalio/activity';
import { generateYear } from '../../src/dev/generateYear';
import { loadDirectoryFile } from '../../src/directory/file';
import type { Notification } from '../../src/domain/case/actions';
import { isOutstanding } from '../../src/domain/case/plan';
import { type LocalDate } from '../../src/domain/dates';
import { londonDate, londonTimeOfDay } from '../../src/domain/londonTime';
import { isWorkingDay } from '../../src/domain/workingDays';
import { createEmailDeliverer } from '../../src/notify/email';
import { memorySentStore } from '../../src/notify/sentStore';
import { caseWorkflowId, statusQuery } from '../../src/workflows/messages';
import { untilQuiet } from '../support/quiet';
import { calendar, wd } from '../support/caseHarness';
import { caseWorker } from '../support/caseWorker';
import { playYear } from '../support/playYear';
import { testKeys } from '../support/keys';
import { TestSmtp } from '../support/smtp';
import { startTimeSkippingServer } from '../support/temporal';

Runtime.install({ logger: new DefaultLogger('ERROR') });

const CASES = 30;
const TASK_QUEUE = 'year-email';
const DIRECTORY = path.join(__dirname, '..', '..', 'config', 'directory.example.yaml');
const keys = testKeys();
const smtp = new TestSmtp();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-year-email-'));
/** Each notification as it left, with the server's time then. */
const left: (Notification & { at: number })[] = [];
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  await smtp.start();
  env = await startTimeSkippingServer();
  const directory = loadDirectoryFile(DIRECTORY);
  const deliver = createEmailDeliverer({
    transport: smtp.transport(),
    directory: () => directory,
    sent: memorySentStore(),
    from: 'cpcase@council.example',
    caseUrl: (ref) => `https://cases.council.example/cp/${ref}`,
  });
  worker = await caseWorker({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    dataConverter: keys.dataConverter,
    dataDir,
    deliver: async (n) => {
      const r = await deliver(n);
      left.push({ ...n, at: Context.current().info.currentAttemptScheduledTimestampMs });
      return r;
    },
  });
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
  await smtp.stop();
});

test('a year of history loaded: nobody emailed while it goes in; after, only what is outstanding, at 09:00', async () => {
  const cliEnv = {
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_TASK_QUEUE: TASK_QUEUE,
    CPCASE_DATA_DIR: dataDir,
    CPCASE_KEYS_FILE: keys.file,
  };
  const g = generateYear(calendar, { cases: CASES, seed: 13 });
  await playYear(g, dataDir, cliEnv);
  const entered = left.length;

  // Six weeks on, day by day: every reminder and escalation the loaded cases still owe goes out.
  const start = londonDate(await env.currentTimeMs());
  for (let day = wd(start, 1), i = 0; i < 30; day = wd(day, 1), i++) {
    const target = Date.parse(`${day}T12:00:00Z`);
    const now = await env.currentTimeMs();
    if (target > now) await env.sleep(target - now);
  }
  const refs = g.opens.map((a) => a[1]!);
  // Every case has sent what the last day made due and waits on its timer.
  await untilQuiet(
    env.client,
    refs.map((ref) => caseWorkflowId(ref)),
  );
  const now = await env.currentTimeMs();
  const client = new Client({ connection: env.connection, dataConverter: keys.dataConverter });
  const statuses = new Map(
    await Promise.all(
      refs.map(
        async (ref) =>
          [ref, await client.workflow.getHandle(caseWorkflowId(ref)).query(statusQuery, { now })] as const,
      ),
    ),
  );
  // Nothing happened to any case after its history went in, so a deadline met, waived or stopped now was so
  // when any message about it left.
  const wrong = left.filter((n) => {
    const d = statuses.get(n.caseRef)?.deadlines.find((x) => x.id === n.deadlineId);
    return !d || !(isOutstanding(d) || (d.kind === 'alert' && d.status === 'alerted' && !d.stoppedOn));
  });
  const offTime = left.filter((n) => {
    const day: LocalDate = londonDate(n.at);
    return !isWorkingDay(calendar, day) || londonTimeOfDay(n.at) !== '09:00';
  });

  const byKind = new Map<string, number>();
  for (const n of left) byKind.set(`${n.kind} ${n.level}`, (byKind.get(`${n.kind} ${n.level}`) ?? 0) + 1);
  process.stderr.write(
    `generated year (${CASES} cases, ${g.csv.trim().split('\n').length - 1} events): ${entered} notifications ` +
      `while entering; ${left.length} in six weeks after (${smtp.received.length} emails): ` +
      `${[...byKind.entries()].map(([k, v]) => `${k}: ${v}`).join(', ')}\n`,
  );
  expect(entered).toBe(0);
  expect(wrong.map((n) => n.key)).toEqual([]);
  expect(offTime.map((n) => `${n.key} ${new Date(n.at).toISOString()}`)).toEqual([]);
  // The year leaves some deadlines outstanding, so the check above is not vacuous.
  expect(left.length).toBeGreaterThan(5);
}, 600_000);
