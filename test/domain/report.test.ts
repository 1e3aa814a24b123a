// The annual report's tables over two hand-worked cases: every cell counted by hand from the dates below.
import { applyEvent, initialState } from '../../src/domain/case/apply';
import { planDeadlines } from '../../src/domain/case/plan';
import type { CaseState, ChildInput } from '../../src/domain/case/types';
import type { LocalDate } from '../../src/domain/dates';
import { annualReport, indicatorLabels } from '../../src/domain/report/annual';
import { monthEnds } from '../../src/domain/report/breakdowns';
import { namedReport } from '../../src/domain/report/names';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import { addMonthsRollBack } from '../../src/domain/workingDays';
import { caseInput, calendar, wd, type EventWithoutMeta } from '../support/caseHarness';

type Ev = EventWithoutMeta;
const SD = '2026-03-02' as LocalDate;
const AS_OF = '2026-06-30' as LocalDate;

function build(ref: string, children: ChildInput[], events: [LocalDate, Ev][]): CaseState {
  let s = initialState(caseInput(ref, { children }), calendar, 'opened');
  for (const [on, e] of events) {
    const r = applyEvent(s, { ...e, occurredAt: on, recordedBy: 'admin-1' }, AS_OF, 'now');
    if (!r.ok) throw new Error(`${ref} ${e.type}: ${r.reason}`);
    s = r.state;
  }
  return s;
}

const confA = wd(SD, 10);
const a = build(
  'CP-R-1',
  [
    { id: 'CH-A1', dateOfBirth: '2012-01-01' as LocalDate },
    { id: 'CH-A2', dateOfBirth: '2020-01-01' as LocalDate },
  ],
  [
    [SD, { type: 'strategy-discussion' }],
    [SD, { type: 'conference-scheduled', conferenceType: 'initial', date: confA }],
    [wd(confA, -1), { type: 'report-received', from: 'social-worker' }],
    [
      confA,
      {
        type: 'conference-held',
        children: [
          { childId: 'CH-A1', outcome: 'plan-started', category: 'neglect' },
          { childId: 'CH-A2', outcome: 'no-plan' },
        ],
        participation: [{ childId: 'CH-A1', participation: 'attended' }],
        agencies: [
          { agencyId: 'gp', invited: true, attended: true, sentReport: false },
          { agencyId: 'school', invited: true, attended: false, sentReport: true },
        ],
      },
    ],
    [wd(confA, 1), { type: 'outline-plan-distributed' }],
    [wd(confA, 7), { type: 'minutes-sent-to-chair' }], // 2 days late: band 6-10
    [wd(confA, 9), { type: 'minutes-approved' }], // 2 days after receipt: band 5 or less
    [wd(confA, 12), { type: 'full-record-distributed' }], // on time: band 11-20
  ],
);
const confB = wd(SD, 17); // 2 working days late
const b = build(
  'CP-R-2',
  [{ id: 'CH-B1', dateOfBirth: '2014-06-01' as LocalDate }],
  [
    [SD, { type: 'strategy-discussion' }],
    [
      confB,
      {
        type: 'conference-held',
        conferenceType: 'initial',
        children: [{ childId: 'CH-B1', outcome: 'plan-started', category: 'physical' }],
        participation: [{ childId: 'CH-B1', participation: 'consulted' }],
      },
    ],
    [wd(confB, 3), { type: 'minutes-sent-to-chair' }], // band 5 or less, on time
    [wd(confB, 9), { type: 'minutes-approved' }], // 6 days after receipt: late, band 6-10
  ],
);

const report = annualReport(
  [a, b].map((state) => ({ state, deadlines: planDeadlines(state, AS_OF) })),
  '2026-01-01' as LocalDate,
  '2026-12-31' as LocalDate,
);

test('conference counts and children discussed', () => {
  expect(report.conferences).toEqual({ initial: 2, review: 0, transferIn: 0, preBirth: 0, total: 2 });
  expect(report.childrenDiscussed).toBe(3);
});

test('Table 2a: minutes in bands of working days', () => {
  expect(report.table2a.minutesSentToChair).toEqual({
    '5 or less': 1,
    '6-10': 1,
    '11-20': 0,
    '21-30': 0,
    '31 or more': 0,
  });
  expect(report.table2a.minutesApproved).toEqual({
    '5 or less': 1,
    '6-10': 1,
    '11-20': 0,
    '21-30': 0,
    '31 or more': 0,
  });
  expect(report.table2a.minutesDistributed).toEqual({
    '5 or less': 0,
    '6-10': 0,
    '11-20': 1,
    '21-30': 0,
    '31 or more': 0,
  });
});

test("Table 2b: the reference report's eight indicators, then transfers in", () => {
  expect(report.table2b.map((i) => [i.id, i.count, i.of, i.percent])).toEqual([
    ['icpc-on-time', 1, 2, 50],
    ['review-on-time', 0, 0, null],
    ['sw-report-review', 0, 0, null],
    ['sw-report-initial', 1, 2, 50],
    ['outline-plan', 1, 2, 50],
    ['minutes-to-chair', 1, 2, 50],
    ['minutes-approved', 1, 2, 50],
    ['full-record', 1, 2, 50],
    ['transfer-in-on-time', 0, 0, null],
  ]);
});

test('Tables 3 and 4: children aged 10 or over and agencies', () => {
  expect(report.table3).toEqual({ attended: 1, consulted: 1, notConsulted: 0, notRecorded: 0, under10: 1 });
  expect(report.table4).toEqual([
    { agencyId: 'gp', invited: 1, attended: 1, sentReportOnly: 0 },
    { agencyId: 'school', invited: 1, attended: 0, sentReportOnly: 1 },
  ]);
});

test('outcomes by category and children subject to a plan', () => {
  expect(report.outcomes).toEqual({
    plansStarted: { neglect: 1, physical: 1, emotional: 0, sexual: 0, multiple: 0 },
    noPlan: 1,
    plansEnded: 0,
    plansEndedBetween: 0,
  });
  expect(report.plans).toEqual({ atStart: 0, atEnd: 2, overTwoYears: 0, secondPlans: 0 });
});

test('indicator labels carry the policy in force', () => {
  expect(report.table2b[0]!.label).toBe(
    'Initial conferences held within 15 working days of the strategy discussion',
  );
  expect(report.table2b[4]!.label).toBe('Outline plan distributed within 1 working day of conference');
  const stricter = {
    ...DEFAULT_POLICY,
    rules: DEFAULT_POLICY.rules.map((r) =>
      r.id === 'icpc' ? { ...r, offset: { ...r.offset, amount: 10 } } : r,
    ),
  };
  expect(indicatorLabels(stricter)[0]![1]).toBe(
    'Initial conferences held within 10 working days of the strategy discussion',
  );
});

describe('pre-birth and transfer-in conferences, and plans ended between conferences', () => {
  // A pre-birth ICPC on time (12 working days after the strategy discussion); the baby is born, and the plan
  // ends between conferences when the family moves away.
  const pre = wd(SD, 12);
  const c = build(
    'CP-R-3',
    [{ id: 'CH-C1', expectedBirth: '2026-08-20' as LocalDate }],
    [
      [SD, { type: 'strategy-discussion' }],
      [SD, { type: 'conference-scheduled', conferenceType: 'pre-birth', date: pre }],
      [wd(pre, -2), { type: 'report-received', from: 'social-worker' }],
      [
        pre,
        {
          type: 'conference-held',
          children: [{ childId: 'CH-C1', outcome: 'plan-started', category: 'neglect' }],
        },
      ],
      [wd(pre, 30), { type: 'plan-ended', childId: 'CH-C1', reason: 'moved out of area' }],
    ],
  );
  // A transfer-in conference 16 working days after notification (one day late), starting a plan, and its first
  // review at three months to the day: on time, under the review timetable that follows a transfer in.
  const tin = wd(SD, 16);
  const review = addMonthsRollBack(calendar, tin, 3);
  const d = build(
    'CP-R-4',
    [{ id: 'CH-D1', dateOfBirth: '2019-02-02' as LocalDate }],
    [
      [SD, { type: 'transfer-in-notified' }],
      [
        tin,
        {
          type: 'conference-held',
          conferenceType: 'transfer-in',
          children: [{ childId: 'CH-D1', outcome: 'plan-started', category: 'emotional' }],
        },
      ],
      [
        review,
        {
          type: 'conference-held',
          conferenceType: 'review',
          children: [{ childId: 'CH-D1', outcome: 'plan-continues' }],
        },
      ],
    ],
  );
  const r = annualReport(
    [c, d].map((state) => ({
      state: { ...state, planRules: 2 },
      deadlines: planDeadlines({ ...state, planRules: 2 }, '2026-12-31' as LocalDate),
    })),
    '2026-01-01' as LocalDate,
    '2026-12-31' as LocalDate,
  );
  const row = (id: string) => r.table2b.filter((i) => i.id === id).map((i) => [i.count, i.of])[0];

  test('each conference is counted under its type; the pre-birth one with the initial conferences', () => {
    expect(r.conferences).toEqual({ initial: 0, review: 1, transferIn: 1, preBirth: 1, total: 3 });
    expect(row('icpc-on-time')).toEqual([1, 1]);
    expect(row('sw-report-initial')).toEqual([1, 1]);
    expect(row('transfer-in-on-time')).toEqual([0, 1]);
    expect(row('review-on-time')).toEqual([1, 1]);
    // The unborn baby is a child under 10.
    expect(r.table3.under10).toBe(2);
  });

  test('a plan ended between conferences has its own row and is not at the end of the period', () => {
    expect(r.outcomes.plansEnded).toBe(0);
    expect(r.outcomes.plansEndedBetween).toBe(1);
    expect(r.plans.atEnd).toBe(1);
  });
});

describe('month by month, by team and chair, targets and names', () => {
  // Case A's first child and case B's child start plans at their conferences in March 2026 (A on time, B late);
  // the report is run on 15 June, so June is counted to that day.
  const r = annualReport(
    [a, { ...b, team: 'T-SOUTH', staff: { ...b.staff, chair: 'CH-402' } }].map((state) => ({
      state,
      deadlines: planDeadlines(state, AS_OF),
    })),
    '2026-01-01' as LocalDate,
    '2026-12-31' as LocalDate,
    DEFAULT_POLICY,
    '2026-06-15' as LocalDate,
    { 'icpc-on-time': 50, 'outline-plan': 60 },
  );

  test('children on a plan at the end of each month, the last month to the day of the report', () => {
    expect(r.monthly).toEqual([
      { month: '2026-01', on: '2026-01-31', children: 0 },
      { month: '2026-02', on: '2026-02-28', children: 0 },
      { month: '2026-03', on: '2026-03-31', children: 2 },
      { month: '2026-04', on: '2026-04-30', children: 2 },
      { month: '2026-05', on: '2026-05-31', children: 2 },
      { month: '2026-06', on: '2026-06-15', children: 2 },
    ]);
  });

  test("conferences by the case's team and by chair, with those held within their timescale", () => {
    expect(r.byTeam).toEqual([
      { id: 'T-NORTH', conferences: 1, onTime: 1, percent: 100 },
      { id: 'T-SOUTH', conferences: 1, onTime: 0, percent: 0 },
    ]);
    expect(r.byChair.map((c) => [c.id, c.conferences, c.onTime])).toEqual([
      ['CH-401', 1, 1],
      ['CH-402', 1, 0],
    ]);
  });

  test("the council's targets beside the figures: met at the target exactly, not met below it", () => {
    const row = (id: string) => r.table2b.find((i) => i.id === id)!;
    expect([row('icpc-on-time').target, row('icpc-on-time').meetsTarget]).toEqual([50, true]);
    expect([row('outline-plan').target, row('outline-plan').meetsTarget]).toEqual([60, false]);
    expect(row('full-record').target).toBeUndefined();
    expect(r.table4Total).toEqual({ invited: 2, attended: 1, sentReportOnly: 1 });
  });

  test('agencies and chairs named from the directory, ids kept; an unknown id stays an id', () => {
    const named = namedReport(r, {
      staff: [{ id: 'CH-401', name: 'Chris Hale', email: 'c@x.example', role: 'chair' }],
      agencies: [{ id: 'gp', name: 'GP practice', email: 'gp@x.example' }],
      safeguardingAdmin: { name: 'Admin', email: 'a@x.example' },
    });
    expect(named.table4.map((t) => [t.agencyId, t.name])).toEqual([
      ['gp', 'GP practice'],
      ['school', undefined],
    ]);
    expect(named.byChair.map((c) => [c.id, c.name])).toEqual([
      ['CH-401', 'Chris Hale'],
      ['CH-402', undefined],
    ]);
  });
});

test('month ends across a year end and a leap February', () => {
  expect(monthEnds('2027-12-15' as LocalDate, '2028-03-01' as LocalDate)).toEqual([
    { month: '2027-12', on: '2027-12-31' },
    { month: '2028-01', on: '2028-01-31' },
    { month: '2028-02', on: '2028-02-29' },
    { month: '2028-03', on: '2028-03-01' },
  ]);
});

describe("families: parents' participation, who asked for the ICPC, and Appendix 2", () => {
  const held = wd(SD, 10);
  const family = (ref: string, indicators: string[], extra: Partial<Record<string, string>> = {}) =>
    build(
      ref,
      [
        { id: `${ref}-1`, dateOfBirth: '2023-01-01' as LocalDate },
        { id: `${ref}-2`, dateOfBirth: '2013-01-01' as LocalDate },
      ],
      [
        [SD, { type: 'strategy-discussion' }],
        [SD, { type: 'conference-scheduled', conferenceType: 'initial', date: held, requestedBy: 'duty' }],
        [
          held,
          {
            type: 'conference-held',
            children: [
              { childId: `${ref}-1`, outcome: 'plan-started', category: 'neglect' },
              { childId: `${ref}-2`, outcome: 'no-plan' },
            ],
            participation: [{ childId: `${ref}-2`, participation: 'attended' }],
            indicators,
            ...extra,
          },
        ],
      ],
    );
  const f1 = family('CP-F-1', ['domestic-violence', 'alcohol'], { parents: 'attended' });
  const f2 = family('CP-F-2', ['domestic-violence'], { requestedBy: 'long-term' });
  const r = annualReport(
    [f1, f2].map((state) => ({ state, deadlines: planDeadlines(state, AS_OF) })),
    '2026-01-01' as LocalDate,
    '2026-12-31' as LocalDate,
  );

  test('parents and requesters counted per conference; one not recorded says so', () => {
    expect(r.parents).toEqual({
      attended: 1,
      'attended-part': 0,
      'contributed-not-present': 0,
      'did-not-attend': 0,
      'not-recorded': 1,
    });
    // Booked at the duty team's request; the second family's conference said the long-term team when held.
    expect(r.icpcRequestedBy).toEqual({ duty: 1, 'long-term': 1, other: 0, 'not-recorded': 0 });
  });

  test('each family with its indicators, and the children of families with each indicator by age', () => {
    expect(r.appendix2.families).toEqual([
      { family: 1, caseRef: 'CP-F-1', indicators: ['domestic-violence', 'alcohol'] },
      { family: 2, caseRef: 'CP-F-2', indicators: ['domestic-violence'] },
    ]);
    const dv = r.appendix2.byIndicator.find((i) => i.id === 'domestic-violence')!;
    expect(dv.families).toBe(2);
    expect(dv.children).toEqual({
      unborn: 0,
      'under 1': 0,
      '1-4': 2,
      '5-9': 0,
      '10-15': 2,
      '16 and over': 0,
    });
    expect(r.appendix2.byIndicator.find((i) => i.id === 'mappa')!.families).toBe(0);
  });

  test("an indicator not in the case's policy list is refused, naming it", () => {
    expect(() => family('CP-F-3', ['domestic-violance'])).toThrow(
      /indicator domestic-violance is not in the policy's list/,
    );
  });
});
