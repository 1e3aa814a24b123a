// The case workflow end to end on the time-skipping server, with every notification it causes recorded.
import fs from 'fs';
import path from 'path';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import snapshot from '../../src/calendar/data/bank-holidays.snapshot.json';
import { importGovukFile, importedPath } from '../../src/calendar/load';
import { addDays, type LocalDate } from '../../src/domain/dates';
import { londonInstant } from '../../src/domain/londonTime';
import { addMonthsRollBack, isWorkingDay } from '../../src/domain/workingDays';
import { calendarUpdated, statusQuery } from '../../src/workflows/messages';
import {
  CaseHarness,
  startHarness,
  stopHarness,
  calendar,
  everyChild,
  wd,
  type EventWithoutMeta,
} from '../support/caseHarness';
import { keepHistory, patchesRecorded } from '../support/histories';
import { PATCH_BASELINE_1 } from '../../src/workflows/patchBaseline';

Runtime.install({ logger: new DefaultLogger('WARN') });

let h: CaseHarness;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  h = await startHarness();
  env = h.env;
});
afterAll(() => stopHarness(h));

const summary = (ns: { deadlineId: string; stepId: string }[]) =>
  ns.map((n) => `${n.deadlineId}/${n.stepId}`);

test('(b) an ICPC not held in time walks up the ladder step by step and stops once it is held', async () => {
  const sd = await h.workingToday();
  const c = await h.open('CP-2026-0002');
  await c.on(sd, { type: 'strategy-discussion' });
  const due = wd(sd, 15);
  await h.skipTo(wd(due, 14), '12:00');
  const steps = h
    .sentFor('CP-2026-0002', 'icpc')
    .map((n) => [n.stepId, n.level, n.recipients.map((r) => r.id ?? r.role)]);
  expect(steps).toEqual([
    ['remind-3', 0, ['SW-101']],
    ['remind-1', 0, ['SW-101']],
    ['due', 0, ['SW-101']],
    ['escalate-1', 1, ['SW-101', 'TM-201']],
    ['escalate-2', 2, ['SM-301']],
    ['escalate-3', 3, ['head-of-service', 'qa-manager']],
  ]);
  const d = await c.deadline('icpc:E1');
  expect(d.status).toBe('missed');
  expect(d.lateBy).toBe(14);
  expect((await c.status()).overdue).toBe(1);

  await c.record(wd(due, 14), {
    type: 'conference-held',
    conferenceType: 'initial',
    ...everyChild([{ childId: 'CH-9Z1', outcome: 'no-plan' }]),
  });
  await h.skipTo(wd(due, 40));
  expect(h.sentFor('CP-2026-0002', 'icpc')).toHaveLength(6);
  expect(await c.deadline('icpc:E1')).toMatchObject({ status: 'met', lateBy: 14 });
  await keepHistory('icpc-ladder', c.handle);
  await c.close();
});

test('(c) minutes that slip escalate to the minute-taker, their manager, then the service manager', async () => {
  const sd = await h.workingToday();
  const c = await h.open('CP-2026-0003');
  await c.on(sd, { type: 'strategy-discussion' });
  const conf = wd(sd, 2);
  await c.on(conf, {
    type: 'conference-held',
    conferenceType: 'initial',
    ...everyChild([{ childId: 'CH-7Q2', outcome: 'plan-started', category: 'physical' }]),
  });
  await c.on(wd(conf, 1), { type: 'outline-plan-distributed' });
  const minutesDue = wd(conf, 5);
  await h.skipTo(wd(minutesDue, 5));
  const minutes = h.sentFor('CP-2026-0003', 'minutes-to-chair:C1');
  expect(minutes.map((n) => [n.stepId, n.recipients])).toEqual([
    ['remind-3', [{ role: 'minute-taker', id: 'MT-501' }]],
    ['remind-1', [{ role: 'minute-taker', id: 'MT-501' }]],
    ['due', [{ role: 'minute-taker', id: 'MT-501' }]],
    [
      'escalate-1',
      [
        { role: 'minute-taker', id: 'MT-501' },
        { role: 'owner-line-manager', managerOf: 'MT-501' },
      ],
    ],
    ['escalate-2', [{ role: 'service-manager', id: 'SM-301' }]],
  ]);
  expect(minutes.find((n) => n.stepId === 'escalate-2')?.lateBy).toBe(4);
  // Minutes arrive; approval is then due 5 working days from receipt and nothing more is said about the minutes.
  const sentOn = wd(minutesDue, 5);
  const r = await c.record(sentOn, { type: 'minutes-sent-to-chair' });
  expect(r.openDeadlines.find((d) => d.id === 'minutes-approved:C1')?.dueDate).toBe(wd(sentOn, 5));
  await h.skipTo(wd(minutesDue, 20));
  expect(h.sentFor('CP-2026-0003', 'minutes-to-chair:C1')).toHaveLength(5);
  expect(await c.deadline('minutes-to-chair:C1')).toMatchObject({ status: 'met', lateBy: 5 });
  await keepHistory('minutes-escalation', c.handle);
  await c.close();
});

test('(d) a backdated strategy discussion: at 09:00 the next working day, the owner and the level now due', async () => {
  const today = await h.workingToday(); // 10:00
  const c = await h.open('CP-2026-0004');
  const sd = wd(today, -25); // ICPC due 10 working days ago: the second escalation (+4) is due, the third (+14) not
  await c.record(sd, { type: 'strategy-discussion' });
  await h.settle();
  // Nothing at the moment of recording: the entry's steps wait for the next send time and are decided then.
  expect(h.sentFor('CP-2026-0004')).toEqual([]);
  expect((await c.deadline('icpc:E1')).nextStep).toMatchObject({
    stepId: 'escalate-2',
    at: new Date(londonInstant(wd(today, 1), '09:00')).toISOString(),
  });
  await h.skipTo(wd(today, 1), '12:00');
  const sent = h.sentFor('CP-2026-0004');
  expect(
    sent.map((n) => [n.stepId, n.level, n.recipients.map((r) => r.id), `${n.sentAt.date} ${n.sentAt.time}`]),
  ).toEqual([['escalate-2', 2, ['SW-101', 'SM-301'], `${wd(today, 1)} 09:00`]]);
  expect(sent[0]!.lateBy).toBe(11);
  // The third level still comes at its time, once.
  await h.skipTo(wd(wd(sd, 15), 14), '12:00');
  expect(summary(h.sentFor('CP-2026-0004'))).toEqual(['icpc:E1/escalate-2', 'icpc:E1/escalate-3']);
  await keepHistory('backdated', c.handle);
  await c.close();
});

test('(e) after a reassignment the new social worker gets the later reminders and the old one none', async () => {
  const sd = await h.workingToday();
  const c = await h.open('CP-2026-0005');
  await c.on(sd, { type: 'strategy-discussion' });
  const due = wd(sd, 15);
  await h.skipTo(wd(due, -2)); // after the 3-day reminder
  await c.record(wd(due, -2), { type: 'staff-reassigned', role: 'socialWorker', staffId: 'SW-102' });
  await h.skipTo(due);
  expect(h.sentFor('CP-2026-0005', 'icpc').map((n) => [n.stepId, n.recipients[0]!.id])).toEqual([
    ['remind-3', 'SW-101'],
    ['remind-1', 'SW-102'],
    ['due', 'SW-102'],
  ]);
  expect((await c.status()).staff.socialWorker).toBe('SW-102');
  await keepHistory('reassignment', c.handle);
  await c.close();
});

test('(i) a transfer-in that starts a plan brings the first review, reminded like any other', async () => {
  const notified = await h.workingToday();
  const c = await h.open('CP-2026-0009');
  await c.on(notified, { type: 'transfer-in-notified' });
  await h.skipTo(wd(notified, 9), '10:00');
  await c.on(wd(notified, 9), {
    type: 'conference-held',
    conferenceType: 'transfer-in',
    ...everyChild([{ childId: 'CH-7Q2', outcome: 'plan-started', category: 'physical' }]),
  });
  expect(await c.deadline('transfer-in-conference')).toMatchObject({ status: 'met', lateBy: 0 });
  const review = await c.deadline('first-review:C1');
  expect(review.dueDate).toBe(addMonthsRollBack(calendar, wd(notified, 9), 3));
  await h.skipTo(review.dueDate, '12:00');
  expect(h.sentFor('CP-2026-0009', 'first-review').map((n) => [n.stepId, n.sentAt.date])).toEqual([
    ['remind-3', wd(review.dueDate, -3)],
    ['remind-1', wd(review.dueDate, -1)],
    ['due', review.dueDate],
  ]);
  await keepHistory('transfer-in-review', c.handle);
  await c.close();
});

test("(j) an event from years ago is counted with that year's bank holidays", async () => {
  const c = await h.open('CP-2026-0010');
  // Wednesday 1 May 2024, before the calendar a case opened now first loads: 15 working days skip the Early May
  // bank holiday (Monday 6 May 2024), so the ICPC was due on the 23rd, not the 22nd.
  await c.record('2024-05-01' as LocalDate, { type: 'strategy-discussion' });
  // The case loads the older years just after accepting the event.
  for (let i = 0; i < 20 && (await c.deadline('icpc:E1')).dueDate !== '2024-05-23'; i++) await h.settle();
  expect(await c.deadline('icpc:E1')).toMatchObject({ dueDate: '2024-05-23', status: 'missed' });
  await keepHistory('imported-history', c.handle);
  await c.close();
});

test('(k) an event recorded while the case loads more of its calendar is kept', async () => {
  const today = await h.workingToday();
  const c = await h.open('CP-2026-0011');
  await h.settle();
  const release = h.hold('loadCalendar');
  // The old strategy discussion makes the case load 2024's bank holidays; the reassignment arrives meanwhile.
  await c.record('2024-05-01' as LocalDate, { type: 'strategy-discussion' });
  await c.record(today, { type: 'staff-reassigned', role: 'socialWorker', staffId: 'SW-102' });
  release();
  for (let i = 0; i < 20 && (await c.deadline('icpc:E1')).dueDate !== '2024-05-23'; i++) await h.settle();
  const status = await c.status();
  expect(status.staff.socialWorker).toBe('SW-102');
  expect(status.eventsRecorded).toBe(2);
  await c.close();
});

test('(l) an event recorded while the case writes the ledger is ledgered and planned at once', async () => {
  const today = await h.workingToday();
  const c = await h.open('CP-2026-0012');
  await h.settle();
  const release = h.hold('recordInLedger');
  await c.record(today, { type: 'staff-reassigned', role: 'socialWorker', staffId: 'SW-102' });
  // Accepted while the first event's ledger write is still out.
  await c.record(today, { type: 'strategy-discussion' });
  release();
  const audit = async () => (await h.ledger.audit('CP-2026-0012')).map((r) => r.type);
  for (let i = 0; i < 20 && (await audit()).length < 2; i++) await h.settle();
  expect(await audit()).toEqual(['staff-reassigned', 'strategy-discussion']);
  // And its deadline's reminders come at their time, not at some later wake-up.
  await h.skipTo(wd(today, 12), '12:00');
  expect(h.sentFor('CP-2026-0012', 'icpc').map((n) => n.stepId)).toEqual(['remind-3']);
  await keepHistory('changes-during-a-pass', c.handle);
  await c.close();
});

test('(m) a case closed with its ICPC overdue chases nobody after, and its workflow ends', async () => {
  const sd = await h.workingToday();
  const c = await h.open('CP-2026-0013');
  await c.on(sd, { type: 'strategy-discussion' });
  const due = wd(sd, 15);
  await h.skipTo(wd(due, 2), '12:00');
  const before = ['icpc:E1/remind-3', 'icpc:E1/remind-1', 'icpc:E1/due', 'icpc:E1/escalate-1'];
  expect(summary(h.sentFor('CP-2026-0013'))).toEqual(before);
  await c.close('transferred-out'); // returns once the workflow has completed
  expect(await c.deadline('icpc:E1')).toMatchObject({ status: 'missed', lateBy: 2, stoppedOn: wd(due, 2) });
  expect(await c.status()).toMatchObject({ stage: 'closed', overdue: 0 });
  await h.skipTo(wd(due, 30));
  expect(summary(h.sentFor('CP-2026-0013'))).toEqual(before);
  await keepHistory('closed-with-icpc-overdue', c.handle);
});

test('(n) a case that continues as new loses, repeats and forgets nothing', async () => {
  const sd = await h.workingToday();
  // A low threshold stands in for the years a real case takes to reach 5,000 history events.
  const c = await h.open('CP-2026-0014', {}, { maxHistoryEvents: 60 });
  const firstRun = (await c.handle.describe()).runId;
  await c.on(sd, { type: 'strategy-discussion' });
  const icpc = wd(sd, 10);
  await c.on(icpc, {
    type: 'conference-held',
    conferenceType: 'initial',
    ...everyChild([{ childId: 'CH-7Q2', outcome: 'plan-started', category: 'neglect' }]),
  });
  // Nothing else recorded: the outline plan, minutes and core group escalate, many passes, several runs.
  const review = addMonthsRollBack(calendar, icpc, 3);
  await h.skipTo(wd(review, -2), '12:00');
  const runs = await runsOf(c.handle.workflowId, firstRun);
  expect(runs.length).toBeGreaterThan(1);

  // Every step went out once, at its own date, across the run boundaries.
  const keys = h.sentFor('CP-2026-0014').map((n) => n.key);
  expect(new Set(keys).size).toBe(keys.length);
  const firstReview = addMonthsRollBack(calendar, icpc, 3);
  expect(h.sentFor('CP-2026-0014', 'first-review').map((n) => [n.stepId, n.sentAt.date])).toEqual([
    ['remind-3', wd(firstReview, -3)],
  ]);
  expect(h.sentFor('CP-2026-0014', 'minutes-to-chair').map((n) => [n.stepId, n.sentAt.date])).toEqual([
    ['remind-3', wd(icpc, 2)],
    ['remind-1', wd(icpc, 4)],
    ['due', wd(icpc, 5)],
    ['escalate-1', wd(icpc, 6)],
    ['escalate-2', wd(icpc, 9)],
    ['escalate-3', wd(icpc, 19)],
  ]);
  // The latest run still takes events, remembers the earlier ones, and the ledger holds each once.
  await c.on(wd(review, -2), { type: 'minutes-sent-to-chair' });
  const status = await c.status();
  expect(status.eventsRecorded).toBe(3);
  expect(status.deadlines.find((d) => d.id === 'minutes-to-chair:C1')).toMatchObject({ status: 'met' });
  const audit = async () => (await h.ledger.audit('CP-2026-0014')).map((r) => r.type);
  for (let i = 0; i < 20 && (await audit()).length < 3; i++) await h.settle();
  expect(await audit()).toEqual(['strategy-discussion', 'conference-held', 'minutes-sent-to-chair']);
  await keepHistory('continued-as-new', h.env.client.workflow.getHandle(c.handle.workflowId, firstRun));
  // Opened under the patch baseline: the first run records that one marker; the runs after carry the baseline
  // in their state and record none (without it, each would record a marker for every patch).
  const marked = await Promise.all(
    runs.map(async (r) =>
      patchesRecorded(await h.env.client.workflow.getHandle(c.handle.workflowId, r).fetchHistory()),
    ),
  );
  expect(marked).toEqual([[PATCH_BASELINE_1], ...runs.slice(1).map(() => [])]);
  await keepHistory(
    'continued-under-baseline',
    h.env.client.workflow.getHandle(c.handle.workflowId, runs[1]),
  );
  await c.close();
});

/** The runs of a workflow, first to latest, following each run's continued-as-new successor. */
async function runsOf(workflowId: string, firstRunId: string): Promise<string[]> {
  const runs = [firstRunId];
  for (;;) {
    const history = await h.env.client.workflow.getHandle(workflowId, runs[runs.length - 1]).fetchHistory();
    const last = history.events?.[history.events.length - 1];
    const next = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    if (!next) return runs;
    runs.push(next);
  }
}

test('(f) a bank holiday added mid-case moves an open deadline', async () => {
  const sd = await h.workingToday();
  const c = await h.open('CP-2026-0006');
  await c.on(sd, { type: 'strategy-discussion' });
  const before = await c.deadline('icpc:E1');
  expect(before.dueDate).toBe(wd(sd, 15));
  // Government announces a one-off bank holiday in the middle of the period.
  const extra = wd(sd, 7);
  const file = path.join(h.dataDir, 'announced.json');
  const list = JSON.parse(JSON.stringify(snapshot)) as typeof snapshot;
  for (const region of ['england-and-wales', 'scotland', 'northern-ireland'] as const) {
    // Already a bank holiday there (St Andrew's Day in Scotland, say): a list names a day once.
    if (list[region].events.some((e) => e.date === extra)) continue;
    list[region].events.push({ title: 'Extra bank holiday', date: extra, notes: '', bunting: true });
  }
  fs.writeFileSync(file, JSON.stringify(list));
  expect(importGovukFile(h.dataDir, file).ok).toBe(true);
  await c.handle.signal(calendarUpdated);
  await h.settle();
  const after = await c.deadline('icpc:E1');
  expect(after.dueDate).toBe(addWorkingDaysSkipping(sd, 15, extra));
  expect(after.dueDate > before.dueDate).toBe(true);
  await keepHistory('bank-holiday-added', c.handle);
  await c.close();
  // The announcement was for this test's case only: later cases load the shipped list again.
  fs.rmSync(importedPath(h.dataDir));
});

function addWorkingDaysSkipping(from: LocalDate, n: number, holiday: LocalDate): LocalDate {
  let d = from;
  for (let left = n; left > 0;) {
    d = addDays(d, 1);
    if (isWorkingDay(calendar, d) && d !== holiday) left -= 1;
  }
  return d;
}

test('(g) impossible events are rejected with a clear reason and the state unchanged', async () => {
  const today = await h.workingToday();
  const c = await h.open('CP-2026-0007');
  const rejected = async (event: Parameters<typeof c.record>[1], date: LocalDate, message: RegExp) => {
    await h.settle(); // let the case finish what the previous accepted event made due
    const before = await c.status();
    const err = await c.record(date, event).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(String((err as WorkflowUpdateFailedError).cause?.message)).toMatch(message);
    expect(await c.status()).toEqual(before);
  };
  await rejected(
    {
      type: 'conference-held',
      conferenceType: 'initial',
      ...everyChild([{ childId: 'CH-7Q2', outcome: 'no-plan' }]),
    },
    today,
    /cannot be held before any strategy discussion/,
  );
  await c.record(wd(today, -3), { type: 'strategy-discussion' });
  await rejected({ type: 'strategy-discussion' }, addDays(today, 1), /is in the future/);
  await rejected(
    {
      type: 'conference-held',
      conferenceType: 'initial',
      children: [{ childId: 'CH-NOPE', outcome: 'no-plan' }],
    },
    today,
    /no child 'CH-NOPE'/,
  );
  await rejected({ type: 'plan-ended', childId: 'CH-7Q2', reason: 'x' }, today, /has no plan to end/);
  await c.record(today, {
    type: 'conference-held',
    conferenceType: 'initial',
    ...everyChild([{ childId: 'CH-7Q2', outcome: 'plan-started', category: 'neglect' }]),
  });
  await rejected({ type: 'minutes-approved' }, today, /cannot be approved before they are sent to the chair/);
  await rejected(
    { type: 'deadline-waived', deadlineId: 'nope:1', reason: 'x', approvedBy: 'TM-201' },
    today,
    /no deadline 'nope:1'/,
  );
  // The same event recorded twice is harmless.
  const first = await c.record(today, { type: 'core-group-held', eventId: 'import-row-17' });
  const again = await c.record(today, { type: 'core-group-held', eventId: 'import-row-17' });
  expect(again).toMatchObject({ eventId: 'import-row-17', duplicate: true });
  expect(first.duplicate).toBe(false);
  expect((await c.status()).eventsRecorded).toBe(3);
  await keepHistory('rejections', c.handle);
  await c.close();
});

test("(p) status reads as of the time asked, not as of the case's last task", async () => {
  const sd = await h.workingToday();
  const c = await h.open('CP-2026-0016');
  await c.on(sd, { type: 'strategy-discussion' });
  const due = wd(sd, 15);
  // The last step (escalate-3) goes at 14 working days late; nothing wakes the case after it.
  await h.skipTo(wd(due, 20));
  const asOfLastTask = await c.handle.query(statusQuery);
  expect(asOfLastTask.deadlines.find((d) => d.id === 'icpc:E1')?.lateBy).toBe(14);
  const now = await c.status();
  expect(now.today).toBe(wd(due, 20));
  expect(now.deadlines.find((d) => d.id === 'icpc:E1')?.lateBy).toBe(20);
  await c.close();
});

test('(q) an event that meets a deadline while the pass awaits the ledger write: nothing sent for it', async () => {
  const sd = await h.workingToday();
  const c = await h.open('CP-2026-0017');
  await c.on(sd, { type: 'strategy-discussion' });
  const due = wd(sd, 15);
  await h.skipTo(wd(due, -1), '12:00');
  expect(summary(h.sentFor('CP-2026-0017'))).toEqual(['icpc:E1/remind-3', 'icpc:E1/remind-1']);
  // Three seconds before the due-day message, a pass starts writing an entry to the ledger, and is held there.
  await env.sleep(londonInstant(due, '09:00') - 3_000 - (await env.currentTimeMs()));
  const release = h.hold('recordInLedger');
  await c.record(due, { type: 'staff-reassigned', role: 'minuteTaker', staffId: 'MT-502' });
  // 09:00 passes (in real time: an activity is in flight) while the pass waits: wait for that, not for a while.
  const nine = londonInstant(due, '09:00');
  for (let i = 0; i < 400 && (await env.currentTimeMs()) <= nine; i++)
    await new Promise((r) => setTimeout(r, 25));
  expect(await env.currentTimeMs()).toBeGreaterThan(nine);
  await c.record(due, {
    type: 'conference-held',
    conferenceType: 'initial',
    ...everyChild([{ childId: 'CH-9Z1', outcome: 'no-plan' }]),
  });
  release();
  await h.skipTo(wd(due, 2));
  // Decided again when the pass could send: the conference had been held on the due day.
  expect(summary(h.sentFor('CP-2026-0017', 'icpc'))).toEqual(['icpc:E1/remind-3', 'icpc:E1/remind-1']);
  expect(await c.deadline('icpc:E1')).toMatchObject({ status: 'met', lateBy: 0 });
  await keepHistory('met-while-ledgering', c.handle);
  await c.close();
});

test('(r) a history entered in date order one afternoon: nothing for what it meets, one message for what it does not', async () => {
  const today = await h.workingToday();
  await h.skipTo(today, '14:00');
  const c = await h.open('CP-2026-0018');
  const base = wd(today, -40);
  const history: [LocalDate, EventWithoutMeta][] = [
    [base, { type: 'strategy-discussion' }],
    [wd(base, 1), { type: 'conference-scheduled', conferenceType: 'initial', date: wd(base, 12) }],
    [wd(base, 6), { type: 'invitations-sent' }],
    [wd(base, 10), { type: 'report-received', from: 'social-worker' }],
    [wd(base, 10), { type: 'report-received', from: { agencyId: 'gp' } }],
    [wd(base, 10), { type: 'report-received', from: { agencyId: 'school' } }],
    [
      wd(base, 12),
      {
        type: 'conference-held',
        children: [
          { childId: 'CH-7Q2', outcome: 'plan-started', category: 'neglect' },
          { childId: 'CH-8K5', outcome: 'no-plan' },
          { childId: 'CH-9Z1', outcome: 'no-plan' },
        ],
        participation: [{ childId: 'CH-7Q2', participation: 'attended' }],
      },
    ],
    [wd(base, 13), { type: 'outline-plan-distributed' }],
    [wd(base, 17), { type: 'minutes-sent-to-chair' }],
    [wd(base, 20), { type: 'minutes-approved' }],
    [wd(base, 25), { type: 'full-record-distributed' }],
    // No core group: that deadline (10 working days after the conference) is still outstanding.
  ];
  for (const [on, event] of history) {
    await c.record(on, event);
    await env.sleep(4 * 60_000); // an administrator typing: a few minutes between commands
    expect(h.sentFor('CP-2026-0018')).toEqual([]);
  }
  await h.skipTo(wd(today, 1), '12:00');
  const sent = h.sentFor('CP-2026-0018');
  // The core group, 18 working days late: its owner and the level now due, once each, at 09:00.
  expect(
    sent.map((n) => [n.deadlineId, n.stepId, n.recipients.map((r) => r.id ?? r.role), n.sentAt.time]),
  ).toEqual([['first-core-group:C1', 'escalate-3', ['SW-101', 'head-of-service', 'qa-manager'], '09:00']]);
  await keepHistory('history-entered', c.handle);
  await c.close();
});

test('(s) a conference held without its invitations recorded: the chair is not chased for them after', async () => {
  const sd = await h.workingToday();
  const c = await h.open('CP-2026-0019');
  await c.on(sd, { type: 'strategy-discussion' });
  const held = wd(sd, 8);
  await c.on(sd, { type: 'conference-scheduled', conferenceType: 'initial', date: held });
  await c.on(held, {
    type: 'conference-held',
    ...everyChild([{ childId: 'CH-9Z1', outcome: 'no-plan' }]),
  });
  await h.skipTo(wd(held, 20));
  // Due 5 working days before the conference: chased up to it, then no more (escalate-3 would have been day 14).
  expect(summary(h.sentFor('CP-2026-0019', 'invitations'))).toEqual([
    'invitations:C1/remind-3',
    'invitations:C1/remind-1',
    'invitations:C1/due',
    'invitations:C1/escalate-1',
    'invitations:C1/escalate-2',
  ]);
  expect(await c.deadline('invitations:C1')).toMatchObject({ status: 'missed', lateBy: 5, stoppedOn: held });
  await keepHistory('held-stops-pre-conference', c.handle);
  await c.close();
});

test('(t) a CSE meeting not held in time is chased with the chair; the plan it sets has its first review due', async () => {
  const asked = await h.workingToday();
  const c = await h.open('CP-2026-0020');
  await c.on(asked, { type: 'cse-meeting-requested', childId: 'CH-7Q2' });
  const due = wd(asked, 10);
  await h.skipTo(wd(due, 1));
  const meeting = h.sentFor('CP-2026-0020', 'cse-meeting');
  expect(meeting.map((n) => [n.stepId, n.recipients])).toEqual([
    ['remind-3', [{ role: 'chair', id: 'CH-401' }]],
    ['remind-1', [{ role: 'chair', id: 'CH-401' }]],
    ['due', [{ role: 'chair', id: 'CH-401' }]],
    [
      'escalate-1',
      [
        { role: 'chair', id: 'CH-401' },
        { role: 'owner-line-manager', managerOf: 'CH-401' },
      ],
    ],
  ]);
  const held = wd(due, 1);
  const r = await c.record(held, { type: 'cse-meeting-held', childId: 'CH-7Q2', outcome: 'plan' });
  expect(r.openDeadlines.map((d) => [d.ruleId, d.anchorDate, d.owner.id])).toContainEqual([
    'cse-review',
    held,
    'CH-401',
  ]);
  expect(await c.deadline(`cse-meeting:CH-7Q2:${asked}`)).toMatchObject({ status: 'met', lateBy: 1 });
  expect((await c.status()).stage).toBe('cse');
  await h.skipTo(wd(held, 10));
  expect(h.sentFor('CP-2026-0020', 'cse-meeting')).toHaveLength(4);
  await keepHistory('cse-cycle', c.handle);
  await c.close();
});

test('(u) deadlines due the same day come in the code-unit order of their ids, whatever the host locale', async () => {
  const sd = await h.workingToday();
  const c = await h.open('CP-2026-0021', {
    children: [
      { id: 'CH-a1', dateOfBirth: '2019-05-05' as LocalDate },
      { id: 'CH-B1', dateOfBirth: '2020-06-06' as LocalDate },
    ],
  });
  await c.on(sd, { type: 'strategy-discussion' });
  await c.on(wd(sd, 3), {
    type: 'conference-held',
    conferenceType: 'initial',
    children: [
      { childId: 'CH-a1', outcome: 'plan-started', category: 'neglect' },
      { childId: 'CH-B1', outcome: 'plan-started', category: 'neglect' },
    ],
  });
  const status = await c.status();
  expect(status.planRules).toBe(5);
  // 'B' (0x42) before 'a' (0x61); an English locale would put CH-a1 first.
  expect(status.deadlines.filter((d) => d.ruleId === 'plan-18-months').map((d) => d.childId)).toEqual([
    'CH-B1',
    'CH-a1',
  ]);
  await keepHistory('code-unit-order', c.handle);
  await c.close();
});
