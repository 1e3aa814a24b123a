// The morning digest end to end on the dev server: cases whose policy sends social workers a digest, the
// digest workflow reading every open case, one email per person, once per day; escalations still go singly.
import path from 'path';
import { Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { openCaseStatuses } from '../../src/client/cases';
import { loadDirectoryFile } from '../../src/directory/file';
import { formatUkLong, type LocalDate } from '../../src/domain/dates';
import { londonDate } from '../../src/domain/londonTime';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import { workingDayOf } from '../../src/domain/workingDays';
import { sendDigests } from '../../src/notify/digest';
import { createEmailDeliverer } from '../../src/notify/email';
import { memorySentStore } from '../../src/notify/sentStore';
import { caseWorkflow } from '../../src/workflows/case';
import { morningDigestWorkflow } from '../../src/workflows/digest';
import { DIGEST_SCHEDULE_ID, ensureDigestSchedule } from '../../src/worker/schedule';
import { caseWorkflowId, recordEvent } from '../../src/workflows/messages';
import { untilQuiet } from '../support/quiet';
import { calendar, caseInput, wd } from '../support/caseHarness';
import { TestSmtp } from '../support/smtp';
import { startDevServer } from '../support/temporal';
import { caseWorker } from '../support/caseWorker';

Runtime.install({ logger: new DefaultLogger('ERROR') });

const TASK_QUEUE = 'digest';
const DIRECTORY = path.join(__dirname, '..', '..', 'config', 'directory.example.yaml');
const policy = { ...DEFAULT_POLICY, digestRoles: ['social-worker' as const] };
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const smtp = new TestSmtp();

beforeAll(async () => {
  await smtp.start();
  env = await startDevServer();
  const directory = () => loadDirectoryFile(DIRECTORY);
  const sent = memorySentStore();
  const from = 'cpcase@council.example';
  const caseUrl = (ref: string) => `https://cases.council.example/cp/${ref}`;
  const transport = smtp.transport();
  worker = await caseWorker({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    deliver: createEmailDeliverer({ transport, directory, sent, from, caseUrl }),
    activities: {
      sendMorningDigests: (date: LocalDate) =>
        sendDigests(
          {
            openCaseStatuses: async () => (await openCaseStatuses(env.client)).statuses,
            calendar: () => Promise.resolve(calendar),
            roles: policy.digestRoles,
            horizonWorkingDays: 5,
            transport,
            directory,
            sent,
            from,
            caseUrl,
          },
          date,
        ),
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

async function openWithSd(ref: string, socialWorker: string, sd: LocalDate) {
  const input = caseInput(ref, { policy, staff: { ...caseInput(ref).staff, socialWorker } });
  const h = await env.client.workflow.start(caseWorkflow, {
    args: [{ input }],
    taskQueue: TASK_QUEUE,
    workflowId: caseWorkflowId(ref),
  });
  await h.executeUpdate(recordEvent, {
    args: [{ type: 'strategy-discussion', occurredAt: sd, recordedBy: 'admin-1' }],
  });
}

test('one digest per person with what they owe; reminders held back; once a day', async () => {
  const today = londonDate(Date.now());
  // Counted from the working day today counts as, so the expectations hold on a weekend or bank holiday too.
  const day = workingDayOf(calendar, today);
  await openWithSd('CP-DIG-001', 'SW-101', wd(day, -13)); // ICPC due in 2 working days: in SW-101's digest
  await openWithSd('CP-DIG-002', 'SW-101', today); // due in 15: not yet
  await openWithSd('CP-DIG-003', 'SW-102', wd(day, -20)); // overdue by 5: in SW-102's digest, escalated too
  // Visibility is eventually consistent: wait until the three cases are listed.
  for (let i = 0; i < 40 && (await openCaseStatuses(env.client)).statuses.length < 3; i++) {
    await new Promise((r) => setTimeout(r, 250));
  }
  // Each case has done what its event made due (sent anything due now) and waits on its timer.
  await untilQuiet(
    env.client,
    ['CP-DIG-001', 'CP-DIG-002', 'CP-DIG-003'].map((ref) => caseWorkflowId(ref)),
  );

  // No individual reminder to a social worker; the overdue case's escalation waits for the next send time.
  expect(smtp.received).toEqual([]);

  const run = await env.client.workflow.execute(morningDigestWorkflow, {
    args: [{ date: day }],
    taskQueue: TASK_QUEUE,
    workflowId: 'digest-test-1',
  });
  expect(run.sent).toEqual([
    { to: 'SW-101', items: 1 },
    { to: 'SW-102', items: 1 },
  ]);
  const digestsSent = smtp.received;
  expect(digestsSent.map((r) => r.to[0])).toEqual([
    'sam.walker@council.example',
    'priya.shah@council.example',
  ]);
  expect(digestsSent[0]!.mail.subject).toMatch(/^Your child protection deadlines for .*: 1 item$/);
  expect(digestsSent[0]!.mail.text).toContain(
    `CP-DIG-001      Initial child protection conference held - due ${formatUkLong(wd(day, 2))}`,
  );
  expect(digestsSent[0]!.mail.text).not.toContain('CP-DIG-002');
  expect(digestsSent[1]!.mail.subject).toMatch(/: 1 item, 1 overdue$/);
  expect(digestsSent[1]!.mail.text).toContain('(OVERDUE by 5 working days)');

  // The same day's digest again (a retry, a second trigger): nothing more is sent.
  await env.client.workflow.execute(morningDigestWorkflow, {
    args: [{ date: day }],
    taskQueue: TASK_QUEUE,
    workflowId: 'digest-test-2',
  });
  expect(smtp.received).toHaveLength(2);
});

test('the worker creates the weekday schedule once, at the policy send time, London time', async () => {
  expect(await ensureDigestSchedule(env.client, TASK_QUEUE, '08:30')).toBe('created');
  expect(await ensureDigestSchedule(env.client, TASK_QUEUE, '08:30')).toBe('exists');
  const d = await env.client.schedule.getHandle(DIGEST_SCHEDULE_ID).describe();
  expect(d.spec.timezone).toBe('Europe/London');
  expect(d.spec.calendars?.[0]).toMatchObject({
    hour: [{ start: 8, end: 8, step: 1 }],
    minute: [{ start: 30, end: 30, step: 1 }],
  });
  expect(d.spec.calendars?.[0]?.dayOfWeek?.map((r) => r.start)).toEqual([
    'MONDAY',
    'TUESDAY',
    'WEDNESDAY',
    'THURSDAY',
    'FRIDAY',
  ]);
  expect(d.action).toMatchObject({
    type: 'startWorkflow',
    workflowType: 'morningDigestWorkflow',
    taskQueue: TASK_QUEUE,
  });
});
