// Scenario (a): a whole case, every step on time, from strategy discussion to closure, with every reminder
// it causes recorded. Its own file (and server) because it skips through ten months of a case.
import { Runtime, DefaultLogger } from '@temporalio/worker';
import { addMonthsRollBack, isWorkingDay } from '../../src/domain/workingDays';
import { CaseHarness, startHarness, stopHarness, calendar, wd, everyChild } from '../support/caseHarness';
import { keepHistory } from '../support/histories';

Runtime.install({ logger: new DefaultLogger('WARN') });

let h: CaseHarness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => stopHarness(h));

const steps =
  (...ids: string[]) =>
  (deadline: string) =>
    ids.map((s) => `${deadline}/${s}`);
const all3 = steps('remind-3', 'remind-1', 'due');

test('(a) a full case met on time sends exactly the reminders the policy implies and no escalation', async () => {
  const sd = await h.workingToday();
  const c = await h.open('CP-2026-0001');
  const afterSd = await c.on(sd, { type: 'strategy-discussion' });
  expect(afterSd.openDeadlines.map((d) => [d.id, d.dueDate])).toEqual([['icpc:E1', wd(sd, 15)]]);

  // Initial conference on its last permitted day; every step before and after it on its own due date.
  const icpc = wd(sd, 15);
  await c.on(sd, { type: 'conference-scheduled', conferenceType: 'initial', date: icpc, chair: 'CH-401' });
  await c.on(wd(icpc, -5), { type: 'invitations-sent' });
  await c.on(wd(icpc, -2), { type: 'report-received', from: { agencyId: 'gp' } });
  await c.on(wd(icpc, -2), { type: 'report-received', from: { agencyId: 'school' } });
  await c.on(wd(icpc, -1), { type: 'report-received', from: 'social-worker' });
  const held = await c.on(icpc, {
    type: 'conference-held',
    conferenceType: 'initial',
    children: [
      { childId: 'CH-7Q2', outcome: 'plan-started', category: 'neglect' },
      { childId: 'CH-8K5', outcome: 'plan-started', category: 'emotional' },
      { childId: 'CH-9Z1', outcome: 'no-plan' },
    ],
    participation: [{ childId: 'CH-7Q2', participation: 'attended' }],
  });
  expect(held.openDeadlines.map((d) => d.ruleId).sort()).toEqual([
    'first-core-group',
    'first-review',
    'full-record',
    'minutes-to-chair',
    'outline-plan',
    'plan-18-months',
    'plan-18-months',
    'plan-24-months',
    'plan-24-months',
  ]);
  await c.on(wd(icpc, 1), { type: 'outline-plan-distributed' });
  await c.on(wd(icpc, 5), { type: 'minutes-sent-to-chair' });
  await c.on(wd(icpc, 10), { type: 'minutes-approved' });
  await c.on(wd(icpc, 10), { type: 'core-group-held' });
  await c.on(wd(icpc, 15), { type: 'full-record-distributed' });

  // First review at 3 months: both plans continue; everything done early or on the day.
  const review1 = addMonthsRollBack(calendar, icpc, 3);
  expect(await c.deadline('first-review:C1')).toMatchObject({ dueDate: review1, status: 'open' });
  await c.on(wd(review1, -10), { type: 'conference-scheduled', conferenceType: 'review', date: review1 });
  await c.on(wd(review1, -5), { type: 'invitations-sent' });
  await c.on(wd(review1, -3), { type: 'report-received', from: 'social-worker' });
  await c.on(wd(review1, -2), { type: 'report-received', from: { agencyId: 'gp' } });
  await c.on(wd(review1, -2), { type: 'report-received', from: { agencyId: 'school' } });
  await c.on(review1, {
    type: 'conference-held',
    conferenceType: 'review',
    ...everyChild(
      [
        { childId: 'CH-7Q2', outcome: 'plan-continues' },
        { childId: 'CH-8K5', outcome: 'plan-continues' },
      ],
      'not-discussed',
    ),
  });
  await c.on(wd(review1, 1), { type: 'outline-plan-distributed' });
  await c.on(wd(review1, 2), { type: 'minutes-sent-to-chair' });
  await c.on(wd(review1, 3), { type: 'minutes-approved' });
  await c.on(wd(review1, 4), { type: 'full-record-distributed' });

  // Second review 6 months later: both plans end and the case closes.
  const review2 = addMonthsRollBack(calendar, review1, 6);
  expect(await c.deadline('later-review:C2')).toMatchObject({ dueDate: review2, status: 'open' });
  await c.on(wd(review2, -10), { type: 'conference-scheduled', conferenceType: 'review', date: review2 });
  await c.on(wd(review2, -6), { type: 'invitations-sent' });
  await c.on(wd(review2, -4), { type: 'report-received', from: 'social-worker' });
  await c.on(wd(review2, -4), { type: 'report-received', from: { agencyId: 'gp' } });
  await c.on(wd(review2, -4), { type: 'report-received', from: { agencyId: 'school' } });
  await c.on(review2, {
    type: 'conference-held',
    conferenceType: 'review',
    ...everyChild(
      [
        { childId: 'CH-7Q2', outcome: 'plan-ended', reason: 'risk reduced' },
        { childId: 'CH-8K5', outcome: 'plan-ended', reason: 'risk reduced' },
      ],
      'not-discussed',
    ),
  });
  await c.on(wd(review2, 1), { type: 'outline-plan-distributed' });
  await c.on(wd(review2, 1), { type: 'minutes-sent-to-chair' });
  await c.on(wd(review2, 2), { type: 'minutes-approved' });
  await c.on(wd(review2, 3), { type: 'full-record-distributed' });
  await c.on(wd(review2, 3), { type: 'case-closed', reason: 'closed' });

  const result = await c.handle.result();
  expect(result).toEqual({
    caseRef: 'CP-2026-0001',
    closed: { on: wd(review2, 3), reason: 'closed' },
    eventsRecorded: 33,
  });

  const sent = h.sentFor('CP-2026-0001');
  expect(sent.filter((n) => n.level > 0)).toEqual([]);
  // Every step of every deadline, worked out by hand from the dates above: a step is sent when its day comes
  // before the deadline is met; a deadline that appears after a step's day has that step at the next send time
  // (the newest step then due only).
  const expected = [
    ...all3('icpc:E1'),
    ...all3('invitations:C1'),
    ...all3('agency-report:C1:gp'),
    ...all3('agency-report:C1:school'),
    ...all3('sw-report-initial:C1'),
    // Due the day after the conference, which is recorded at 12:00: its -3 and -1 days had passed when it
    // appeared, so it waits for 09:00 the next day, the due day.
    ...steps('due')('outline-plan:C1'),
    ...all3('minutes-to-chair:C1'),
    ...all3('minutes-approved:C1'),
    ...all3('first-core-group:C1'),
    ...all3('full-record:C1'),
    ...all3('first-review:C1'),
    ...all3('invitations:C2'),
    ...all3('sw-report-review:C2'),
    ...all3('agency-report:C2:gp'),
    ...all3('agency-report:C2:school'),
    ...steps('due')('outline-plan:C2'),
    // Sent 2 working days after the review, due on the 5th: only the 3-day reminder came first.
    ...steps('remind-3')('minutes-to-chair:C2'),
    ...all3('later-review:C2'),
    // Invitations went out a day early, the social worker's report 1 day and agency reports 2 days early.
    ...steps('remind-3', 'remind-1')('invitations:C3'),
    ...steps('remind-3', 'remind-1')('sw-report-review:C3'),
    ...steps('remind-3')('agency-report:C3:gp'),
    ...steps('remind-3')('agency-report:C3:school'),
    ...steps('due')('outline-plan:C3'),
  ];
  expect(sent.map((n) => `${n.deadlineId}/${n.stepId}`).sort()).toEqual(expected.sort());

  // Each went out on a working day, no later than its due date, at the policy's 09:00, never at the moment an
  // event was recorded (12:00 here).
  for (const n of sent) {
    expect(isWorkingDay(calendar, n.sentAt.date)).toBe(true);
    expect(n.sentAt.date <= n.dueDate).toBe(true);
    expect(n.sentAt.time).toBe('09:00');
  }

  const status = await c.status();
  expect(status.stage).toBe('closed');
  const byStatus = (s: string) => status.deadlines.filter((d) => d.status === s).map((d) => d.id);
  expect(byStatus('open')).toEqual([]);
  expect(byStatus('missed')).toEqual([]);
  expect(status.deadlines.filter((d) => d.status === 'met').every((d) => d.lateBy === 0)).toBe(true);
  // Plans ended at the second review: their 18- and 24-month checks were cancelled, not missed.
  expect(byStatus('cancelled').sort()).toEqual(
    [
      `plan-18-months:CH-7Q2:${icpc}`,
      `plan-18-months:CH-8K5:${icpc}`,
      `plan-24-months:CH-7Q2:${icpc}`,
      `plan-24-months:CH-8K5:${icpc}`,
    ].sort(),
  );

  // The ledger holds every event with who recorded it, and every deadline's outcome: all met on time.
  const opened = (await h.ledger.cases()).find((x) => x.caseRef === 'CP-2026-0001');
  expect(opened?.children.map((x) => x.id)).toEqual(['CH-7Q2', 'CH-8K5', 'CH-9Z1']);
  const audit = await h.ledger.audit('CP-2026-0001');
  expect(audit).toHaveLength(33);
  expect(new Set(audit.map((r) => r.recordedBy))).toEqual(new Set(['admin-1']));
  expect(audit[0]).toMatchObject({ type: 'strategy-discussion', occurredAt: sd });
  const outcomes = await h.ledger.outcomes('CP-2026-0001');
  const met = outcomes.filter((o) => o.status === 'met');
  expect(met.length).toBe(status.deadlines.filter((d) => d.status === 'met').length);
  expect(met.every((o) => o.lateBy === 0)).toBe(true);
  expect(
    outcomes
      .filter((o) => o.status === 'cancelled')
      .map((o) => o.deadlineId)
      .sort(),
  ).toEqual(byStatus('cancelled').sort());
  expect(outcomes.filter((o) => o.status === 'missed')).toEqual([]);

  // History size, for the events-per-case-year figure (printed; the limit check is in the replay test).
  const events = await keepHistory('full-case', c.handle);
  const days = (Date.parse(wd(review2, 3)) - Date.parse(sd)) / 86_400_000;
  process.stderr.write(
    `full case: ${events} history events over ${days} days = ${Math.round((events * 365) / days)} per case-year\n`,
  );
});
