// The case rules as pure functions: what an event may do, which deadlines follow, and what is sent when.
import { applyEvent, initialState } from '../../src/domain/case/apply';
import { dueActions, nextActionAt } from '../../src/domain/case/actions';
import { calendarEndsTooSoon, firstCalendarYear } from '../../src/domain/case/calendarRange';
import { planDeadlines } from '../../src/domain/case/plan';
import { caseStatus, stageOf } from '../../src/domain/case/status';
import type { CaseEvent, CaseState } from '../../src/domain/case/types';
import type { LocalDate } from '../../src/domain/dates';
import { londonDate, londonInstant } from '../../src/domain/londonTime';
import { addMonthsRollBack } from '../../src/domain/workingDays';
import { caseInput, calendar, wd, type EventWithoutMeta } from '../support/caseHarness';

type Ev = EventWithoutMeta;

// Monday 2 March 2026: no bank holiday within four weeks either side.
const SD = '2026-03-02' as LocalDate;
const open = () => initialState(caseInput('CP-UNIT-1'), calendar, '2026-03-02T09:00:00Z');

function record(s: CaseState, on: LocalDate, e: Ev, today: LocalDate = on): CaseState {
  const r = applyEvent(s, { ...e, occurredAt: on, recordedBy: 'admin-1' }, today, `${today}T12:00:00Z`);
  if (!r.ok) throw new Error(r.reason);
  return r.state;
}
function rejection(s: CaseState, on: LocalDate, e: Ev, today: LocalDate = on): string {
  const before = JSON.stringify(s);
  const r = applyEvent(s, { ...e, occurredAt: on, recordedBy: 'admin-1' }, today, 'now');
  expect(JSON.stringify(s)).toBe(before); // the state passed in is never touched
  if (r.ok) throw new Error('expected a rejection');
  return r.reason;
}
const deadline = (s: CaseState, id: string, today: LocalDate) => {
  const d = planDeadlines(s, today).find((x) => x.id === id);
  if (!d) throw new Error(`no deadline ${id}`);
  return d;
};
const heldInitial = (s: CaseState, on: LocalDate) =>
  record(s, on, {
    type: 'conference-held',
    conferenceType: 'initial',
    children: [
      { childId: 'CH-7Q2', outcome: 'plan-started', category: 'neglect' },
      { childId: 'CH-8K5', outcome: 'no-plan' },
    ],
  });

describe('applyEvent', () => {
  test('rejects what cannot have happened, naming the problem', () => {
    const s = open();
    expect(rejection(s, SD, { type: 'conference-held', conferenceType: 'initial', children: [] })).toMatch(
      /cannot be held before any strategy discussion/,
    );
    expect(rejection(s, '2026-03-03' as LocalDate, { type: 'strategy-discussion' }, SD)).toMatch(
      /the date 2026-03-03 is in the future \(today is 2026-03-02\)/,
    );
    const sd = record(s, SD, { type: 'strategy-discussion' });
    expect(
      rejection(sd, SD, {
        type: 'conference-held',
        conferenceType: 'initial',
        children: [{ childId: 'CH-X', outcome: 'no-plan' }],
      }),
    ).toMatch(/no child 'CH-X'/);
    expect(rejection(sd, SD, { type: 'plan-ended', childId: 'CH-7Q2', reason: 'x' })).toMatch(
      /has no plan to end/,
    );
    const held = heldInitial(sd, wd(SD, 10));
    expect(rejection(held, wd(SD, 11), { type: 'minutes-approved' })).toMatch(
      /before they are sent to the chair/,
    );
    const closed = record(held, wd(SD, 12), { type: 'case-closed', reason: 'closed' });
    expect(rejection(closed, wd(SD, 13), { type: 'core-group-held' })).toMatch(/is closed/);
  });

  test('an accepted event leaves the state it was applied to as it was (the validator tries events on it)', () => {
    const s = record(open(), SD, { type: 'strategy-discussion' });
    const before = JSON.stringify(s);
    const a = record(s, wd(SD, 1), { type: 'staff-reassigned', role: 'socialWorker', staffId: 'SW-102' });
    const b = record(s, wd(SD, 1), {
      type: 'conference-scheduled',
      conferenceType: 'initial',
      date: wd(SD, 10),
    });
    expect(JSON.stringify(s)).toBe(before);
    expect([a.events.length, b.events.length]).toEqual([2, 2]);
    expect([a.staff.socialWorker, b.staff.socialWorker, s.staff.socialWorker]).toEqual([
      'SW-102',
      'SW-101',
      'SW-101',
    ]);
    expect([a.conferences.length, b.conferences.length]).toEqual([0, 1]);
  });

  test('the same event id twice is accepted once', () => {
    const s = record(open(), SD, { type: 'strategy-discussion' });
    const e: CaseEvent = {
      type: 'staff-reassigned',
      role: 'chair',
      staffId: 'CH-402',
      eventId: 'row-9',
      occurredAt: SD,
      recordedBy: 'a',
    };
    const first = applyEvent(s, e, SD, 'now');
    if (!first.ok) throw new Error(first.reason);
    const again = applyEvent(first.state, e, SD, 'later');
    expect(again).toMatchObject({ ok: true, duplicate: true, eventId: 'row-9' });
    if (again.ok) expect(again.state.events).toHaveLength(2);
  });

  test('without an event id, identical content is the same event', () => {
    const s = record(open(), SD, { type: 'strategy-discussion' });
    const again = applyEvent(s, { type: 'strategy-discussion', occurredAt: SD, recordedBy: 'b' }, SD, 'x');
    expect(again).toMatchObject({ ok: true, duplicate: true });
  });
});

describe('planDeadlines', () => {
  test('the ICPC is due 15 working days after the strategy discussion; open, then missed, then met late', () => {
    const s = record(open(), SD, { type: 'strategy-discussion' });
    const due = wd(SD, 15);
    expect(deadline(s, 'icpc:E1', SD)).toMatchObject({
      dueDate: due,
      status: 'open',
      owner: { id: 'SW-101' },
    });
    expect(deadline(s, 'icpc:E1', wd(due, 2))).toMatchObject({ status: 'missed', lateBy: 2 });
    const held = heldInitial(s, wd(due, 3));
    expect(deadline(held, 'icpc:E1', wd(due, 3))).toMatchObject({
      status: 'met',
      metOn: wd(due, 3),
      lateBy: 3,
    });
  });

  test('a plan brings outline plan, minutes, core group, first review at 3 months and the 18/24-month checks', () => {
    const icpc = wd(SD, 12);
    const s = heldInitial(record(open(), SD, { type: 'strategy-discussion' }), icpc);
    const open_ = planDeadlines(s, icpc).filter((d) => d.status === 'open');
    expect(Object.fromEntries(open_.map((d) => [d.id, d.dueDate]))).toEqual({
      'outline-plan:C1': wd(icpc, 1),
      'minutes-to-chair:C1': wd(icpc, 5),
      'full-record:C1': wd(icpc, 15),
      'first-core-group:C1': wd(icpc, 10),
      'first-review:C1': addMonthsRollBack(calendar, icpc, 3),
      [`plan-18-months:CH-7Q2:${icpc}`]: expect.any(String),
      [`plan-24-months:CH-7Q2:${icpc}`]: expect.any(String),
    });
    // Minutes approval is due 5 working days from when the chair received them, not from the conference.
    const sent = record(s, wd(icpc, 7), { type: 'minutes-sent-to-chair' });
    expect(deadline(sent, 'minutes-to-chair:C1', wd(icpc, 7))).toMatchObject({ status: 'met', lateBy: 2 });
    expect(deadline(sent, 'minutes-approved:C1', wd(icpc, 7)).dueDate).toBe(wd(icpc, 12));
  });

  test('reports are due before the conference: social worker 1 working day before an ICPC', () => {
    const conf = wd(SD, 14);
    const s = record(record(open(), SD, { type: 'strategy-discussion' }), SD, {
      type: 'conference-scheduled',
      conferenceType: 'initial',
      date: conf,
    });
    expect(deadline(s, 'sw-report-initial:C1', SD).dueDate).toBe(wd(conf, -1));
    expect(deadline(s, 'agency-report:C1:gp', SD).owner).toEqual({ role: 'agency', id: 'gp' });
    // Rescheduling moves every deadline anchored on the conference date.
    const moved = record(s, wd(SD, 2), { type: 'conference-rescheduled', date: wd(conf, -4) });
    expect(deadline(moved, 'sw-report-initial:C1', wd(SD, 2)).dueDate).toBe(wd(conf, -5));
    // Cancelling stops them without counting them as missed.
    const cancelled = record(moved, wd(SD, 3), { type: 'conference-cancelled', reason: 'family moved' });
    expect(deadline(cancelled, 'sw-report-initial:C1', wd(SD, 3)).status).toBe('cancelled');
  });

  test('an extension moves the due date but keeps the policy date and who approved it; a waiver stops it', () => {
    const s = record(open(), SD, { type: 'strategy-discussion' });
    const ext = record(s, wd(SD, 3), {
      type: 'deadline-extended',
      deadlineId: 'icpc:E1',
      newDueDate: wd(SD, 20),
      reason: 'police investigation',
      approvedBy: 'SM-301',
    });
    expect(deadline(ext, 'icpc:E1', wd(SD, 3))).toMatchObject({
      dueDate: wd(SD, 20),
      policyDueDate: wd(SD, 15),
      override: { kind: 'extended', approvedBy: 'SM-301', reason: 'police investigation' },
    });
    const waived = record(s, wd(SD, 3), {
      type: 'deadline-waived',
      deadlineId: 'icpc:E1',
      reason: 'no longer needed',
      approvedBy: 'SM-301',
    });
    expect(deadline(waived, 'icpc:E1', wd(SD, 20)).status).toBe('waived');
  });

  test('an unborn child: the pre-birth conference is anchored on the expected date of birth', () => {
    const unborn = initialState(
      caseInput('CP-UNIT-2', { children: [{ id: 'CH-UB1', expectedBirth: '2026-06-15' as LocalDate }] }),
      calendar,
      'now',
    );
    const s = record(unborn, SD, { type: 'strategy-discussion' });
    // 12 weeks before the expected date (28 weeks' gestation), on a working day.
    expect(deadline(s, 'pre-birth-icpc:CH-UB1', SD)).toMatchObject({ dueDate: '2026-03-23', status: 'open' });
    // A baby born before the conference: the pre-birth deadline stops; the child now has a date of birth.
    const born = record(s, wd(SD, 2), { type: 'birth-recorded', childId: 'CH-UB1', dateOfBirth: wd(SD, 2) });
    expect(deadline(born, 'pre-birth-icpc:CH-UB1', wd(SD, 2)).status).toBe('cancelled');
    expect(caseStatus(s, planDeadlines(s, SD), SD).children).toEqual([
      { id: 'CH-UB1', unborn: true, plan: undefined, pastPlans: 0 },
    ]);
    expect(caseStatus(born, planDeadlines(born, SD), SD).children[0]?.unborn).toBe(false);
  });
});

describe('planDeadlines: second plans and transfers in (planning rules version 2)', () => {
  const v = (s: CaseState, planRules?: number) => ({ ...s, planRules });
  const ids = (s: CaseState, on: LocalDate, prefix: string) =>
    planDeadlines(s, on)
      .filter((d) => d.id.startsWith(prefix))
      .map((d) => [d.id, d.status, d.dueDate]);

  // A plan that ended at its first review, then a new enquiry six months later that starts a second plan.
  const icpc = wd(SD, 12);
  const review = addMonthsRollBack(calendar, icpc, 3);
  const ended = record(heldInitial(record(open(), SD, { type: 'strategy-discussion' }), icpc), review, {
    type: 'conference-held',
    conferenceType: 'review',
    children: [{ childId: 'CH-7Q2', outcome: 'plan-ended', reason: 'risk reduced' }],
  });
  const sd2 = wd(review, 100);
  const icpc2 = wd(sd2, 10);
  const second = record(record(ended, sd2, { type: 'strategy-discussion' }), icpc2, {
    type: 'conference-held',
    conferenceType: 'initial',
    children: [{ childId: 'CH-8K5', outcome: 'plan-started', category: 'emotional' }],
  });

  test('a second plan gets its own first review at 3 months and first core group', () => {
    const s = v(second, 2);
    expect(ids(s, icpc2, 'first-review')).toEqual([
      ['first-review:C1', 'met', review],
      ['first-review:C3', 'open', addMonthsRollBack(calendar, icpc2, 3)],
    ]);
    expect(ids(s, icpc2, 'first-core-group:C3')).toEqual([['first-core-group:C3', 'open', wd(icpc2, 10)]]);
    // Met by the next review, on time.
    const reviewed = record(s, addMonthsRollBack(calendar, icpc2, 3), {
      type: 'conference-held',
      conferenceType: 'review',
      children: [{ childId: 'CH-8K5', outcome: 'plan-continues' }],
    });
    expect(deadline(reviewed, 'first-review:C3', addMonthsRollBack(calendar, icpc2, 3))).toMatchObject({
      status: 'met',
      lateBy: 0,
    });
  });

  test('cases that ran under version 1 keep its answer: no review for the second plan', () => {
    expect(ids(v(second), icpc2, 'first-review')).toEqual([['first-review:C1', 'met', review]]);
  });

  test('a review due while plans continued stays stopped when every plan ended, even if a later plan starts', () => {
    // First review continues the plan; it then ends between conferences; a new enquiry starts another plan.
    const continued = record(heldInitial(record(open(), SD, { type: 'strategy-discussion' }), icpc), review, {
      type: 'conference-held',
      conferenceType: 'review',
      children: [{ childId: 'CH-7Q2', outcome: 'plan-continues' }],
    });
    const endedOn = wd(review, 20);
    const stopped = record(continued, endedOn, {
      type: 'plan-ended',
      childId: 'CH-7Q2',
      reason: 'moved area',
    });
    const again = record(record(stopped, wd(endedOn, 40), { type: 'strategy-discussion' }), wd(endedOn, 50), {
      type: 'conference-held',
      conferenceType: 'initial',
      children: [{ childId: 'CH-8K5', outcome: 'plan-started', category: 'neglect' }],
    });
    const on = wd(endedOn, 200);
    expect(deadline(v(again, 2), 'later-review:C2', on)).toMatchObject({ status: 'cancelled' });
    // Version 1 counted it missed once the new plan began: the stop moved with the case's latest plan.
    expect(deadline(v(again), 'later-review:C2', on).status).toBe('missed');
  });

  test('a transfer-in conference that starts a plan brings the first review at 3 months', () => {
    const notified = record(open(), SD, { type: 'transfer-in-notified' });
    expect(deadline(notified, 'transfer-in-conference', SD).dueDate).toBe(wd(SD, 15));
    const tin = record(notified, wd(SD, 9), {
      type: 'conference-held',
      conferenceType: 'transfer-in',
      children: [{ childId: 'CH-7Q2', outcome: 'plan-started', category: 'physical' }],
    });
    expect(deadline(tin, 'transfer-in-conference', wd(SD, 9))).toMatchObject({ status: 'met', lateBy: 0 });
    expect(ids(v(tin, 2), wd(SD, 9), 'first-review')).toEqual([
      ['first-review:C1', 'open', addMonthsRollBack(calendar, wd(SD, 9), 3)],
    ]);
    expect(ids(v(tin), wd(SD, 9), 'first-review')).toEqual([]);
  });
});

describe('dueActions', () => {
  const at = (d: LocalDate, t = '12:00') => londonInstant(d, t);

  test('on time: one step at a time, to the owner, each once', () => {
    const s = record(open(), SD, { type: 'strategy-discussion' });
    const due = wd(SD, 15);
    const first = dueActions(s, planDeadlines(s, wd(due, -3)), at(wd(due, -3)));
    expect(first.send.map((n) => [n.key, n.recipients])).toEqual([
      ['CP-UNIT-1/icpc:E1/remind-3', [{ role: 'social-worker', id: 'SW-101' }]],
    ]);
    const after = { ...s, stepsDone: [...s.stepsDone, ...first.done] };
    expect(dueActions(after, planDeadlines(after, wd(due, -3)), at(wd(due, -3))).send).toEqual([]);
    expect(nextActionAt(after, planDeadlines(after, wd(due, -3)))).toBe(londonInstant(wd(due, -1), '09:00'));
  });

  test('entered late: one message at the level now due, the earlier steps superseded', () => {
    const today = wd(SD, 15 + 5); // 5 working days overdue: escalate-2 (+4) due, escalate-3 (+14) not yet
    const s = record(open(), SD, { type: 'strategy-discussion' }, today);
    const a = dueActions(s, planDeadlines(s, today), at(today));
    expect(a.send.map((n) => [n.stepId, n.level, n.lateBy])).toEqual([['escalate-2', 2, 5]]);
    expect(a.done.map((k) => k.split('/')[2])).toEqual([
      'remind-3',
      'remind-1',
      'due',
      'escalate-1',
      'escalate-2',
    ]);
  });

  test('entered late: the status shows the step about to go out as next, not the superseded first one', () => {
    const today = wd(SD, 15 + 5);
    const s = record(open(), SD, { type: 'strategy-discussion' }, today);
    const view = caseStatus(s, planDeadlines(s, today), today, at(today)).deadlines[0]!;
    expect(view.nextStep?.stepId).toBe('escalate-2');
    const sent = { ...s, stepsDone: dueActions(s, planDeadlines(s, today), at(today)).done };
    expect(
      caseStatus(sent, planDeadlines(sent, today), today, at(today)).deadlines[0]!.nextStep?.stepId,
    ).toBe('escalate-3');
  });

  test('met deadlines send nothing more', () => {
    const s = heldInitial(record(open(), SD, { type: 'strategy-discussion' }), wd(SD, 10));
    const later = wd(SD, 40);
    const icpcSteps = dueActions(s, planDeadlines(s, later), at(later)).send.filter(
      (n) => n.ruleId === 'icpc',
    );
    expect(icpcSteps).toEqual([]);
  });
});

describe('a deadline whose reason went away (planning rules version 3)', () => {
  const at = (d: LocalDate, t = '12:00') => londonInstant(d, t);
  const v3 = (s: CaseState): CaseState => ({ ...s, planRules: 3 });
  /** What the case would send from `from` on, pass by pass, as the workflow runs it. */
  const sentFrom = (s: CaseState, from: LocalDate, until: LocalDate) => {
    const out: string[] = [];
    let now = at(from);
    for (;;) {
      const today = londonDate(now);
      const a = dueActions(s, planDeadlines(s, today), now);
      out.push(...a.send.map((n) => `${n.deadlineId}/${n.stepId}`));
      s = { ...s, stepsDone: [...s.stepsDone, ...a.done] };
      const next = nextActionAt(s, planDeadlines(s, today));
      if (next === undefined || next > at(until)) return out;
      now = next;
    }
  };
  const due = wd(SD, 15);
  const missed = (rules = v3) => rules(record(open(), SD, { type: 'strategy-discussion' }));
  const closedOn = wd(due, 3);
  // The ICPC is 3 working days overdue (escalate-1 gone) when the case closes: transferred out, say.
  const closed = (s: CaseState) =>
    record(
      { ...s, stepsDone: dueActions(s, planDeadlines(s, closedOn), at(closedOn, '09:00')).done },
      closedOn,
      {
        type: 'case-closed',
        reason: 'transferred-out',
      },
    );

  test('a closed case chases nobody: its missed deadline stays missed for the report, and nothing more is sent', () => {
    const s = closed(missed());
    expect(deadline(s, 'icpc:E1', wd(due, 30))).toMatchObject({
      status: 'missed',
      lateBy: 3,
      stoppedOn: closedOn,
    });
    expect(sentFrom(s, closedOn, wd(due, 60))).toEqual([]);
    expect(nextActionAt(s, planDeadlines(s, closedOn))).toBeUndefined();
    const status = caseStatus(s, planDeadlines(s, wd(due, 30)), wd(due, 30), at(wd(due, 30)));
    expect(status).toMatchObject({ stage: 'closed', overdue: 0, nextDue: undefined });
    expect(status.deadlines.find((d) => d.id === 'icpc:E1')?.nextStep).toBeUndefined();
  });

  test('cases that ran under version 2 keep their answer in replay: the ladder went on after closing', () => {
    const s = closed(missed((x) => ({ ...x, planRules: 2 })));
    expect(deadline(s, 'icpc:E1', wd(due, 30)).stoppedOn).toBeUndefined();
    expect(sentFrom(s, closedOn, wd(due, 60))).toEqual(['icpc:E1/escalate-2', 'icpc:E1/escalate-3']);
  });

  test('a plan ended after its review was missed: the review stops, missed by the days up to the end', () => {
    const icpc = wd(SD, 12);
    const reviewDue = addMonthsRollBack(calendar, icpc, 3);
    const endedOn = wd(reviewDue, 5);
    const onPlan = v3(heldInitial(record(open(), SD, { type: 'strategy-discussion' }), icpc));
    const ended = record(
      { ...onPlan, stepsDone: dueActions(onPlan, planDeadlines(onPlan, endedOn), at(endedOn, '09:00')).done },
      endedOn,
      { type: 'plan-ended', childId: 'CH-7Q2', reason: 'risk reduced' },
    );
    expect(deadline(ended, 'first-review:C1', endedOn)).toMatchObject({
      status: 'missed',
      lateBy: 5,
      stoppedOn: endedOn,
    });
    expect(sentFrom(ended, endedOn, wd(endedOn, 60)).filter((k) => k.startsWith('first-review'))).toEqual([]);
  });

  test('a conference cancelled after an agency report was due: the agency is not chased for it', () => {
    const confDate = wd(SD, 10);
    const scheduled = record(v3(record(open(), SD, { type: 'strategy-discussion' })), SD, {
      type: 'conference-scheduled',
      conferenceType: 'initial',
      date: confDate,
    });
    const cancelledOn = wd(confDate, -1); // the GP's report was due the day before
    const cancelled = record(scheduled, cancelledOn, {
      type: 'conference-cancelled',
      reason: 'family moved',
    });
    expect(deadline(cancelled, 'agency-report:C1:gp', cancelledOn)).toMatchObject({
      status: 'missed',
      lateBy: 1,
      stoppedOn: cancelledOn,
    });
    expect(
      sentFrom(cancelled, cancelledOn, wd(cancelledOn, 30)).filter((k) => k.startsWith('agency')),
    ).toEqual([]);
  });
});

describe('stageOf', () => {
  test('follows the case from referral to closure', () => {
    let s = open();
    expect(stageOf(s)).toBe('referral');
    s = record(s, SD, { type: 'strategy-discussion' });
    expect(stageOf(s)).toBe('s47-enquiry');
    s = heldInitial(s, wd(SD, 10));
    expect(stageOf(s)).toBe('child-protection-plan');
    s = record(s, wd(SD, 20), { type: 'plan-ended', childId: 'CH-7Q2', reason: 'risk reduced' });
    expect(stageOf(s)).toBe('no-plan');
    s = record(s, wd(SD, 21), { type: 'case-closed', reason: 'closed' });
    expect(stageOf(s)).toBe('closed');
  });
});

describe('the years of bank holidays a case needs', () => {
  const d = (s: string) => s as LocalDate;
  test('from the year before its oldest event, or before today', () => {
    expect(firstCalendarYear([d('2026-03-02')], d('2026-11-27'))).toBe(2025);
    expect(firstCalendarYear([d('2024-05-01'), d('2026-03-02')], d('2026-11-27'))).toBe(2023);
    expect(firstCalendarYear([], d('2026-11-27'))).toBe(2025);
  });
  test('to three years after today: a calendar ending sooner must load the next years', () => {
    expect(calendarEndsTooSoon(2030, d('2027-12-31'))).toBe(false);
    expect(calendarEndsTooSoon(2030, d('2028-01-03'))).toBe(true);
  });
});

describe('what is owed before a conference stops when it is held (planning rules version 4)', () => {
  const conferenceOn = wd(SD, 12);
  const withConference = (planRules: number) => {
    let s: CaseState = { ...record(open(), SD, { type: 'strategy-discussion' }), planRules };
    s = record(s, wd(SD, 1), { type: 'conference-scheduled', conferenceType: 'initial', date: conferenceOn });
    s = record(s, wd(conferenceOn, -2), { type: 'report-received', from: { agencyId: 'gp' } });
    // Invitations never recorded; the social worker's report arrives on the day; the school's never.
    s = record(s, conferenceOn, { type: 'report-received', from: 'social-worker' });
    return record(s, conferenceOn, {
      type: 'conference-held',
      children: [
        { childId: 'CH-7Q2', outcome: 'plan-started', category: 'neglect' },
        { childId: 'CH-8K5', outcome: 'no-plan' },
        { childId: 'CH-9Z1', outcome: 'no-plan' },
      ],
      participation: [{ childId: 'CH-7Q2', participation: 'attended' }],
    });
  };

  test('missed ones stay missed for the report but are no longer chased; one that came on the day is late', () => {
    const s = withConference(4);
    const later = wd(conferenceOn, 20);
    expect(deadline(s, 'invitations:C1', later)).toMatchObject({
      status: 'missed',
      lateBy: 5,
      stoppedOn: conferenceOn,
    });
    expect(deadline(s, 'agency-report:C1:school', later)).toMatchObject({
      status: 'missed',
      stoppedOn: conferenceOn,
    });
    expect(deadline(s, 'sw-report-initial:C1', later)).toMatchObject({ status: 'met', lateBy: 1 });
    expect(deadline(s, 'agency-report:C1:gp', later)).toMatchObject({ status: 'met', lateBy: 0 });
    const chased = planDeadlines(s, later).filter(
      (d) => d.conferenceId === 'C1' && nextActionAt({ ...s }, [d]),
    );
    expect(chased.map((d) => d.ruleId).sort()).toEqual([
      'first-core-group',
      'first-review',
      'full-record',
      'minutes-to-chair',
      'outline-plan',
    ]);
  });

  test('under version 3 the chair was still chased for invitations to a conference already held', () => {
    const s = withConference(3);
    expect(deadline(s, 'invitations:C1', wd(conferenceOn, 20))).toMatchObject({
      status: 'missed',
      lateBy: 25,
    });
    expect(nextActionAt(s, [deadline(s, 'invitations:C1', wd(conferenceOn, 1))])).toBeDefined();
  });
});
