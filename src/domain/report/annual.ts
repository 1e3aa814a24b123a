// The quality-assurance annual report's quantitative tables, from cases rebuilt out of the ledger with the same
// rules that ran them. Pure: every figure is a count over conferences held (or children seen) in the period.
import { ageOn, compareDates, type LocalDate } from '../dates';
import type { Deadline } from '../case/plan';
import { effectiveEvents } from '../case/apply';
import type { CaseState, Conference, PlanCategory } from '../case/types';
import { PLAN_CATEGORIES } from '../case/types';
import { workingDaysBetween } from '../workingDays';
import { DEFAULT_POLICY, ruleById, type Policy } from '../policy';
import {
  childrenOnPlanByMonth,
  plansOf,
  SplitTally,
  type MonthCount,
  type Split,
  type Targets,
} from './breakdowns';
import { cseFigures, type CseFigures } from './cse';
import { childrenDiscussed, familyFigures, heldIn, type FamilyFigures } from './families';

export interface ReportCase {
  state: CaseState;
  /** Every deadline as of the end of the period (or today, if earlier). */
  deadlines: Deadline[];
}

export const BANDS = ['5 or less', '6-10', '11-20', '21-30', '31 or more'] as const;
export type Band = (typeof BANDS)[number];
export type BandCounts = Record<Band, number>;

export interface Indicator {
  id: string;
  label: string;
  count: number;
  of: number;
  /** Whole per cent of `of`, or null when there was nothing to count. */
  percent: number | null;
  /** Deadlines not yet due when the report was run (the period not ended): neither on time nor late, not in `of`. */
  notYetDue: number;
  /** The council's target, in whole per cent (from its policy file), when it set one. */
  target?: number;
  /** Whether the year's figure reached the target (absent with no target, or nothing to count). */
  meetsTarget?: boolean;
}

export interface AgencyRow {
  agencyId: string;
  /** From the directory, when the report is named (ids stay in the ledger). */
  name?: string;
  invited: number;
  attended: number;
  sentReportOnly: number;
}

export interface AnnualReport extends FamilyFigures {
  /** §5: child sexual exploitation meetings. */
  cse: CseFigures;
  from: LocalDate;
  to: LocalDate;
  /** The day the figures are as of: `to`, or today when the period has not ended. */
  asOf: LocalDate;
  /** False while the period runs on: some of its deadlines are not yet due, and are counted apart. */
  periodEnded: boolean;
  conferences: { initial: number; review: number; transferIn: number; preBirth: number; total: number };
  childrenDiscussed: number;
  table2a: { minutesSentToChair: BandCounts; minutesApproved: BandCounts; minutesDistributed: BandCounts };
  table2b: Indicator[];
  table3: { attended: number; consulted: number; notConsulted: number; notRecorded: number; under10: number };
  table4: AgencyRow[];
  table4Total: { invited: number; attended: number; sentReportOnly: number };
  outcomes: {
    plansStarted: Record<PlanCategory, number>;
    noPlan: number;
    /** Plans ended by a conference's decision. */
    plansEnded: number;
    /** Plans ended between conferences (a child moved away, came of age, was taken into care). */
    plansEndedBetween: number;
  };
  plans: { atStart: number; atEnd: number; overTwoYears: number; secondPlans: number };
  /** Children subject to a plan at the end of each month of the period. */
  monthly: MonthCount[];
  /** Conferences held by the case's team, and how many within their timescale. */
  byTeam: Split[];
  /** Conferences held by the chair who chaired them, and how many within their timescale. */
  byChair: Split[];
}

/** The indicators of Table 2b, in the order the report shows them. */
export const INDICATOR_IDS = [
  'icpc-on-time',
  'review-on-time',
  'sw-report-review',
  'sw-report-initial',
  'outline-plan',
  'minutes-to-chair',
  'minutes-approved',
  'full-record',
  'transfer-in-on-time',
] as const;
export type IndicatorId = (typeof INDICATOR_IDS)[number];

/** The timescale a held conference met: which rules its date answers, by its type. */
const HELD_RULES: Record<Conference['type'], { indicator: IndicatorId; rules: string[] }> = {
  initial: { indicator: 'icpc-on-time', rules: ['icpc'] },
  'pre-birth': { indicator: 'icpc-on-time', rules: ['icpc'] },
  review: { indicator: 'review-on-time', rules: ['first-review', 'later-review'] },
  'transfer-in': { indicator: 'transfer-in-on-time', rules: ['transfer-in-conference'] },
};

const inPeriod = (d: LocalDate | undefined, from: LocalDate, to: LocalDate): d is LocalDate =>
  d !== undefined && compareDates(d, from) >= 0 && compareDates(d, to) <= 0;

function band(days: number): Band {
  if (days <= 5) return '5 or less';
  if (days <= 10) return '6-10';
  if (days <= 20) return '11-20';
  if (days <= 30) return '21-30';
  return '31 or more';
}
const emptyBands = (): BandCounts => ({ '5 or less': 0, '6-10': 0, '11-20': 0, '21-30': 0, '31 or more': 0 });
const percent = (count: number, of: number) => (of === 0 ? null : Math.round((count / of) * 100));

/** The indicators' words, with the numbers of the policy the report is run under (a council may change them). */
export function indicatorLabels(policy: Policy): [IndicatorId, string][] {
  const n = (id: string) => ruleById(policy, id)?.offset.amount;
  const wd = (k: number | undefined) => `${k ?? '?'} working day${k === 1 ? '' : 's'}`;
  return [
    ['icpc-on-time', `Initial conferences held within ${wd(n('icpc'))} of the strategy discussion`],
    ['review-on-time', 'Review conferences held on time'],
    [
      'sw-report-review',
      `Social worker report received at least ${wd(n('sw-report-review'))} before review conference`,
    ],
    [
      'sw-report-initial',
      `Social worker report received at least ${wd(n('sw-report-initial'))} before initial conference`,
    ],
    ['outline-plan', `Outline plan distributed within ${wd(n('outline-plan'))} of conference`],
    ['minutes-to-chair', `Minutes sent to chair within ${wd(n('minutes-to-chair'))} of conference`],
    ['minutes-approved', `Minutes approved by chair within ${wd(n('minutes-approved'))} of receipt`],
    ['full-record', `Full record distributed within ${wd(n('full-record'))} of conference`],
    [
      'transfer-in-on-time',
      `Transfer-in conferences held within ${wd(n('transfer-in-conference'))} of notification`,
    ],
  ];
}

export function annualReport(
  cases: ReportCase[],
  from: LocalDate,
  to: LocalDate,
  policy: Policy = DEFAULT_POLICY,
  /** The day the report is run: a period that ends today or later has not ended. */
  today?: LocalDate,
  targets: Targets = {},
): AnnualReport {
  const asOf = today && compareDates(today, to) < 0 ? today : to;
  const conferences = { initial: 0, review: 0, transferIn: 0, preBirth: 0, total: 0 };
  const t2a = {
    minutesSentToChair: emptyBands(),
    minutesApproved: emptyBands(),
    minutesDistributed: emptyBands(),
  };
  const tally = new Map<string, { count: number; of: number; notYetDue: number }>();
  const count = (id: string, ok: boolean | 'not yet due') => {
    const t = tally.get(id) ?? { count: 0, of: 0, notYetDue: 0 };
    if (ok === 'not yet due') t.notYetDue += 1;
    else t.of += 1;
    if (ok === true) t.count += 1;
    tally.set(id, t);
  };
  const agencies = new Map<string, { invited: number; attended: number; sentReportOnly: number }>();
  const plansStarted = Object.fromEntries(PLAN_CATEGORIES.map((c) => [c, 0])) as Record<PlanCategory, number>;
  let noPlan = 0;
  let plansEnded = 0;
  let plansEndedBetween = 0;
  const plans = { atStart: 0, atEnd: 0, overTwoYears: 0, secondPlans: 0 };
  const byTeam = new SplitTally();
  const byChair = new SplitTally();

  for (const { state, deadlines } of cases) {
    const cal = state.calendar;
    // Still open when the report is run (as of the end of the period, or today): not yet due, not a failure.
    const onTime = (ruleId: string, c: Conference): boolean | 'not yet due' => {
      const d = deadlines.find((x) => x.ruleId === ruleId && x.conferenceId === c.id);
      if (d?.status === 'open') return 'not yet due';
      return d?.status === 'met' && d.lateBy === 0;
    };
    // On time when every timescale the conference met was met on time (a review can meet the review due under
    // the plans going on and the first review of a new plan at once); late when it met none.
    const heldInTime = (ruleIds: string[], heldOn: LocalDate) => {
      const met = deadlines.filter(
        (d) => ruleIds.includes(d.ruleId) && d.status === 'met' && d.metOn === heldOn,
      );
      return met.length > 0 && met.every((d) => d.lateBy === 0);
    };
    for (const c of heldIn(state, from, to)) {
      conferences.total += 1;
      if (c.type === 'initial') conferences.initial += 1;
      if (c.type === 'review') conferences.review += 1;
      if (c.type === 'transfer-in') conferences.transferIn += 1;
      if (c.type === 'pre-birth') conferences.preBirth += 1;
      const heldOn = c.heldOn!;
      if (c.minutesToChairOn)
        t2a.minutesSentToChair[band(workingDaysBetween(cal, heldOn, c.minutesToChairOn))] += 1;
      if (c.minutesToChairOn && c.minutesApprovedOn) {
        t2a.minutesApproved[band(workingDaysBetween(cal, c.minutesToChairOn, c.minutesApprovedOn))] += 1;
      }
      if (c.fullRecordOn) t2a.minutesDistributed[band(workingDaysBetween(cal, heldOn, c.fullRecordOn))] += 1;

      // A pre-birth conference is an initial conference about an unborn baby: counted with the ICPCs.
      const held = HELD_RULES[c.type];
      const timely = heldInTime(held.rules, heldOn);
      count(held.indicator, timely);
      byTeam.add(state.team ?? '(no team)', timely);
      byChair.add(c.chair ?? state.staff.chair ?? '(no chair)', timely);
      if (c.type === 'initial' || c.type === 'pre-birth')
        count('sw-report-initial', onTime('sw-report-initial', c));
      if (c.type === 'review') count('sw-report-review', onTime('sw-report-review', c));
      count('outline-plan', onTime('outline-plan', c));
      count('minutes-to-chair', onTime('minutes-to-chair', c));
      if (c.minutesToChairOn) count('minutes-approved', onTime('minutes-approved', c));
      count('full-record', onTime('full-record', c));

      for (const a of c.agencyParticipation ?? []) {
        const t = agencies.get(a.agencyId) ?? { invited: 0, attended: 0, sentReportOnly: 0 };
        if (a.invited) t.invited += 1;
        if (a.attended) t.attended += 1;
        else if (a.sentReport) t.sentReportOnly += 1;
        agencies.set(a.agencyId, t);
      }
      for (const o of c.outcomes ?? []) {
        if (o.outcome === 'not-discussed') continue; // on the case, not discussed: not a child discussed
        if (o.outcome === 'plan-started') plansStarted[o.category] += 1;
        if (o.outcome === 'no-plan') noPlan += 1;
        if (o.outcome === 'plan-ended') plansEnded += 1;
      }
    }

    for (const r of effectiveEvents(state.events)) {
      if (r.event.type === 'plan-ended' && inPeriod(r.event.occurredAt, from, to)) plansEndedBetween += 1;
    }
    for (const ch of state.children) {
      const all = plansOf(ch);
      const activeOn = (d: LocalDate) =>
        all.some((p) => compareDates(p.startedOn, d) <= 0 && (!p.endedOn || compareDates(p.endedOn, d) > 0));
      if (activeOn(from)) plans.atStart += 1;
      if (activeOn(to)) plans.atEnd += 1;
      for (const [i, p] of all.entries()) {
        const end = p.endedOn && compareDates(p.endedOn, to) < 0 ? p.endedOn : to;
        const ends = p.endedOn ?? to;
        const overlaps = compareDates(p.startedOn, to) <= 0 && compareDates(ends, from) >= 0;
        if (overlaps && ageOn(p.startedOn, end) >= 2) plans.overTwoYears += 1;
        if (i > 0 && inPeriod(p.startedOn, from, to)) plans.secondPlans += 1;
      }
    }
  }

  const table3 = { attended: 0, consulted: 0, notConsulted: 0, notRecorded: 0, under10: 0 };
  // Children seen at conferences in the period, by their last conference there (age and participation then).
  const children = childrenDiscussed(
    cases.map((c) => c.state),
    from,
    to,
  );
  for (const c of children) {
    if (c.age === undefined || c.age < 10) table3.under10 += 1;
    else if (c.participation === 'attended') table3.attended += 1;
    else if (c.participation === 'consulted') table3.consulted += 1;
    else if (c.participation === 'not-consulted') table3.notConsulted += 1;
    else table3.notRecorded += 1;
  }
  const LABELS = indicatorLabels(policy);
  const table4 = [...agencies.entries()]
    .map(([agencyId, t]) => ({ agencyId, ...t }))
    .sort((a, b) => (a.agencyId < b.agencyId ? -1 : a.agencyId > b.agencyId ? 1 : 0));
  return {
    from,
    to,
    asOf,
    periodEnded: !today || compareDates(today, to) > 0,
    conferences,
    childrenDiscussed: children.length,
    table2a: t2a,
    table2b: LABELS.map(([id, label]) => {
      const t = tally.get(id) ?? { count: 0, of: 0, notYetDue: 0 };
      const p = percent(t.count, t.of);
      const target = targets[id];
      return {
        id,
        label,
        count: t.count,
        of: t.of,
        percent: p,
        notYetDue: t.notYetDue,
        ...(target === undefined ? {} : { target }),
        ...(target === undefined || t.of === 0 ? {} : { meetsTarget: t.count * 100 >= target * t.of }),
      };
    }),
    table3,
    table4,
    table4Total: {
      invited: table4.reduce((n, a) => n + a.invited, 0),
      attended: table4.reduce((n, a) => n + a.attended, 0),
      sentReportOnly: table4.reduce((n, a) => n + a.sentReportOnly, 0),
    },
    outcomes: { plansStarted, noPlan, plansEnded, plansEndedBetween },
    plans,
    monthly: childrenOnPlanByMonth(
      cases.flatMap((c) => c.state.children),
      from,
      asOf,
    ),
    byTeam: byTeam.rows(),
    byChair: byChair.rows(),
    cse: cseFigures(cases, from, to),
    ...familyFigures(
      cases.map((c) => c.state),
      from,
      to,
      policy,
    ),
  };
}
