// A child's CSE cycle on a case: the meeting within its timescale of the request, the plan reviewed at its
// interval until the risk is reduced, or child protection procedures taking over (an enquiry starts here).
import { applyEvent, initialState } from '../../src/domain/case/apply';
import { planDeadlines } from '../../src/domain/case/plan';
import { stageOf } from '../../src/domain/case/status';
import type { CaseState } from '../../src/domain/case/types';
import { addDays, type LocalDate } from '../../src/domain/dates';
import { DEFAULT_POLICY, rulesOf } from '../../src/domain/policy';
import { caseInput, calendar, wd, type EventWithoutMeta } from '../support/caseHarness';

const REQUEST = '2026-03-02' as LocalDate; // a Monday
const TODAY = '2026-12-31' as LocalDate;
const CHILD = 'CH-S1';

function apply(s: CaseState, on: LocalDate, e: EventWithoutMeta) {
  return applyEvent(s, { ...e, occurredAt: on, recordedBy: 'admin-1' }, TODAY, 'now');
}
function build(events: [LocalDate, EventWithoutMeta][]): CaseState {
  let s = initialState(
    caseInput('CSE-1', { children: [{ id: CHILD, dateOfBirth: '2011-04-04' as LocalDate }] }),
    calendar,
    'opened',
  );
  for (const [on, e] of events) {
    const r = apply(s, on, e);
    if (!r.ok) throw new Error(`${e.type}: ${r.reason}`);
    s = r.state;
  }
  return s;
}
const cse = (s: CaseState) => planDeadlines(s, TODAY).filter((d) => d.ruleId.startsWith('cse-'));

const meeting = wd(REQUEST, 12); // two working days late
const review1 = addDays(meeting, 42); // six weeks to the day: on time
const review2 = wd(addDays(review1, 42), 3); // three working days late

test('the meeting within 10 working days of the request, then a review every 6 weeks until the risk is reduced', () => {
  const s = build([
    [REQUEST, { type: 'cse-meeting-requested', childId: CHILD }],
    [meeting, { type: 'cse-meeting-held', childId: CHILD, outcome: 'plan' }],
    [review1, { type: 'cse-review-held', childId: CHILD, outcome: 'continues' }],
    [review2, { type: 'cse-review-held', childId: CHILD, outcome: 'risk-reduced' }],
  ]);
  expect(cse(s).map((d) => [d.ruleId, d.anchorDate, d.dueDate, d.status, d.lateBy, d.owner.id])).toEqual([
    ['cse-meeting', REQUEST, wd(REQUEST, 10), 'met', 2, 'CH-401'],
    ['cse-review', meeting, addDays(meeting, 42), 'met', 0, 'CH-401'],
    ['cse-review', review1, addDays(review1, 42), 'met', 3, 'CH-401'],
  ]);
  expect(s.cse).toEqual([
    {
      childId: CHILD,
      requestedOn: REQUEST,
      meetingOn: meeting,
      planStartedOn: meeting,
      reviews: [review1, review2],
      endedOn: review2,
      exit: 'risk-reduced',
    },
  ]);
  expect(stageOf(s)).toBe('referral');
});

test('while it runs the case is at the CSE stage, and the next review is open', () => {
  const s = build([
    [REQUEST, { type: 'cse-meeting-requested', childId: CHILD }],
    [meeting, { type: 'cse-meeting-held', childId: CHILD, outcome: 'plan' }],
  ]);
  expect(stageOf(s)).toBe('cse');
  const next = cse(s).find((d) => d.ruleId === 'cse-review')!;
  expect([next.dueDate, next.status]).toEqual([addDays(meeting, 42), 'missed']);
});

test('moved to child protection procedures: the cycle ends and a section 47 enquiry starts on this case', () => {
  const moved = wd(meeting, 5);
  const s = build([
    [REQUEST, { type: 'cse-meeting-requested', childId: CHILD }],
    [meeting, { type: 'cse-meeting-held', childId: CHILD, outcome: 'plan' }],
    [moved, { type: 'cse-moved-to-cp', childId: CHILD }],
  ]);
  expect(s.cse![0]!.exit).toBe('cp-procedures');
  expect(stageOf(s)).toBe('s47-enquiry');
  const icpc = planDeadlines(s, TODAY).find((d) => d.ruleId === 'icpc')!;
  expect([icpc.anchorDate, icpc.dueDate]).toEqual([moved, wd(moved, 15)]);
  // The review the plan was waiting for stops with it.
  expect(cse(s).find((d) => d.ruleId === 'cse-review')!.status).toBe('cancelled');
});

test('a meeting with no plan ends the cycle; a new request starts another', () => {
  const s = build([
    [REQUEST, { type: 'cse-meeting-requested', childId: CHILD }],
    [wd(REQUEST, 3), { type: 'cse-meeting-held', childId: CHILD, outcome: 'no-plan' }],
    [wd(REQUEST, 40), { type: 'cse-meeting-requested', childId: CHILD }],
  ]);
  expect(s.cse!.map((e) => e.exit)).toEqual(['no-plan', undefined]);
  expect(cse(s).map((d) => d.status)).toEqual(['met', 'missed']);
});

test.each<[string, [LocalDate, EventWithoutMeta][], EventWithoutMeta, RegExp]>([
  [
    'a meeting never asked for',
    [],
    { type: 'cse-meeting-held', childId: CHILD, outcome: 'plan' },
    /needs a CSE meeting requested/,
  ],
  [
    'a second request while one runs',
    [[REQUEST, { type: 'cse-meeting-requested', childId: CHILD }]],
    { type: 'cse-meeting-requested', childId: CHILD },
    /already has a CSE cycle running/,
  ],
  [
    'a review with no plan',
    [[REQUEST, { type: 'cse-meeting-requested', childId: CHILD }]],
    { type: 'cse-review-held', childId: CHILD, outcome: 'continues' },
    /no CSE plan to review/,
  ],
  ['a child not on the case', [], { type: 'cse-meeting-requested', childId: 'CH-X' }, /no child 'CH-X'/],
])('refused: %s', (_what, before, event, reason) => {
  const r = apply(build(before), wd(REQUEST, 20), event);
  expect(r.ok ? 'accepted' : r.reason).toMatch(reason);
});

test('a case opened under a policy from before CSE cycles gets their deadlines from the defaults', () => {
  const old = { ...DEFAULT_POLICY, rules: DEFAULT_POLICY.rules.filter((r) => !r.id.startsWith('cse-')) };
  expect(rulesOf(old).map((r) => r.id)).toEqual(DEFAULT_POLICY.rules.map((r) => r.id));
  let s = initialState(
    caseInput('CSE-2', { children: [{ id: CHILD, dateOfBirth: '2011-04-04' as LocalDate }], policy: old }),
    calendar,
    'opened',
  );
  const r = apply(s, REQUEST, { type: 'cse-meeting-requested', childId: CHILD });
  s = r.ok ? r.state : s;
  expect(cse(s).map((d) => d.ruleId)).toEqual(['cse-meeting']);
});

test('applying a CSE event leaves the case it was applied to as it was (the validator applies it too)', () => {
  const before = build([[REQUEST, { type: 'cse-meeting-requested', childId: CHILD }]]);
  const snapshot = JSON.stringify(before);
  const r = apply(before, meeting, { type: 'cse-meeting-held', childId: CHILD, outcome: 'plan' });
  expect(r.ok).toBe(true);
  expect(JSON.stringify(before)).toBe(snapshot);
});

test('a corrected CSE history is replayed from the opening: a withdrawn review is as if never held', () => {
  let s = build([
    [REQUEST, { type: 'cse-meeting-requested', childId: CHILD }],
    [meeting, { type: 'cse-meeting-held', childId: CHILD, outcome: 'plan' }],
    [review1, { type: 'cse-review-held', childId: CHILD, outcome: 'risk-reduced' }],
  ]);
  const target = s.events[2]!.eventId;
  const r = apply(s, review1, { type: 'event-withdrawn', target, reason: 'wrong child' });
  if (!r.ok) throw new Error(r.reason);
  s = r.state;
  expect(s.cse).toEqual([
    { childId: CHILD, requestedOn: REQUEST, meetingOn: meeting, planStartedOn: meeting, reviews: [] },
  ]);
  expect(stageOf(s)).toBe('cse');
});
