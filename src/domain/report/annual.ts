// The quality-assurance annual report's quantitative tables, from cases rebuilt out of the ledger with the same
// rules that ran them. Pure: every figure is a count over conferences held (or children seen) in the period.
import { ageOn, compareDates, type LocalDate } from '../dates';
import type { Deadline } from '../case/plan';
import { effectiveEvents } from '../case/apply';
import type { CaseState, PlanCategory } from '../case/types';
import { DEFAULT_POLICY, ruleById, type Policy } from '../policy';
import {
  childrenOnPlanByMonth,
  onPlanOn,
  plansOf,
  type MonthCount,
  type Split,
  type Targets,
} from './breakdowns';
import { cseFigures, type CseFigures } from './cse';
import {
  childrenDiscussed,
  familyFigures,
  heldIn,
  type DiscussedChild,
  type FamilyFigures,
} from './families';
import { ConferenceTally, INDICATOR_IDS, type BandCounts, type IndicatorId } from './conferenceTally';
import { byCodeUnits } from '../order';

export interface ReportCase {
  state: CaseState;
  /** Every deadline as of the end of the period (or today, if earlier). */
  deadlines: Deadline[];
}

export { BANDS, INDICATOR_IDS, type Band, type BandCounts, type IndicatorId } from './conferenceTally';

export interface Indicator {
  id: string;
  label: string;
  count: number;
  of: number;
  /** Whole per cent of `of`, or null when there was nothing to count. */
  percent: number | null;
  /** Deadlines not yet due when the report was run (the period not ended): neither on time nor late, not in `of`. */
  notYetDue: number;
  /**
   * Deadlines of this indicator due in the period, passed, and still not met when the report was run (an initial
   * conference never held, say): in no percentage, since nothing happened to count, so shown beside it.
   */
  overdueNotMet: number;
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

const inPeriod = (d: LocalDate | undefined, from: LocalDate, to: LocalDate): d is LocalDate =>
  d !== undefined && compareDates(d, from) >= 0 && compareDates(d, to) <= 0;

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
  const tally = new ConferenceTally();
  for (const { state, deadlines } of cases) {
    for (const c of heldIn(state, from, to)) tally.add(state, deadlines, c);
  }
  const states = cases.map((c) => c.state);
  // Children seen at conferences in the period, by their last conference there (age and participation then).
  const children = childrenDiscussed(states, from, to);
  const table4 = [...tally.agencies.entries()]
    .map(([agencyId, t]) => ({ agencyId, ...t }))
    .sort((a, b) => byCodeUnits(a.agencyId, b.agencyId));
  const sum = (k: 'invited' | 'attended' | 'sentReportOnly') => table4.reduce((n, a) => n + a[k], 0);
  return {
    from,
    to,
    asOf,
    periodEnded: !today || compareDates(today, to) > 0,
    conferences: tally.conferences,
    childrenDiscussed: children.length,
    table2a: tally.table2a,
    table2b: table2bOf(tally.indicators, policy, targets, overdueNotMet(cases, from, asOf)),
    table3: table3Of(children),
    table4,
    table4Total: {
      invited: sum('invited'),
      attended: sum('attended'),
      sentReportOnly: sum('sentReportOnly'),
    },
    outcomes: { ...tally.outcomes, plansEndedBetween: plansEndedBetween(states, from, to) },
    plans: planCounts(states, from, to),
    monthly: childrenOnPlanByMonth(
      states.flatMap((s) => s.children),
      from,
      asOf,
    ),
    byTeam: tally.byTeam.rows(),
    byChair: tally.byChair.rows(),
    cse: cseFigures(cases, from, to),
    ...familyFigures(states, from, to, policy),
  };
}

/** The timescales each indicator reads, for the deadlines that passed without anything to count. */
const INDICATOR_RULES: Record<IndicatorId, readonly string[]> = {
  'icpc-on-time': ['icpc', 'pre-birth-icpc'],
  'review-on-time': ['first-review', 'later-review'],
  'sw-report-review': ['sw-report-review'],
  'sw-report-initial': ['sw-report-initial'],
  'outline-plan': ['outline-plan'],
  'minutes-to-chair': ['minutes-to-chair'],
  'minutes-approved': ['minutes-approved'],
  'full-record': ['full-record'],
  'transfer-in-on-time': ['transfer-in-conference'],
};

/** Per indicator: its deadlines due in the period before `asOf` and still open then. */
function overdueNotMet(cases: ReportCase[], from: LocalDate, asOf: LocalDate): Map<IndicatorId, number> {
  const counts = new Map<IndicatorId, number>();
  for (const d of cases.flatMap((c) => c.deadlines)) {
    if (d.status !== 'open' || compareDates(d.dueDate, from) < 0 || compareDates(d.dueDate, asOf) >= 0)
      continue;
    for (const id of INDICATOR_IDS)
      if (INDICATOR_RULES[id].includes(d.ruleId)) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** Table 2b: each indicator's count with its words, and the council's target where it set one. */
function table2bOf(
  tally: ConferenceTally['indicators'],
  policy: Policy,
  targets: Targets,
  overdue: Map<IndicatorId, number>,
): Indicator[] {
  return indicatorLabels(policy).map(([id, label]) => {
    const t = tally.get(id) ?? { count: 0, of: 0, notYetDue: 0 };
    const target = targets[id];
    return {
      id,
      label,
      count: t.count,
      of: t.of,
      percent: percent(t.count, t.of),
      notYetDue: t.notYetDue,
      overdueNotMet: overdue.get(id) ?? 0,
      ...(target === undefined ? {} : { target }),
      ...(target === undefined || t.of === 0 ? {} : { meetsTarget: t.count * 100 >= target * t.of }),
    };
  });
}

/** Table 3: children aged 10 or over by how they took part; the rest under 10 (or not yet born). */
function table3Of(children: DiscussedChild[]): AnnualReport['table3'] {
  const t = { attended: 0, consulted: 0, notConsulted: 0, notRecorded: 0, under10: 0 };
  for (const c of children) {
    if (c.age === undefined || c.age < 10) t.under10 += 1;
    else if (c.participation === 'attended') t.attended += 1;
    else if (c.participation === 'consulted') t.consulted += 1;
    else if (c.participation === 'not-consulted') t.notConsulted += 1;
    else t.notRecorded += 1;
  }
  return t;
}

/** Plans ended between conferences in the period (a child moved away, came of age, was taken into care). */
function plansEndedBetween(states: CaseState[], from: LocalDate, to: LocalDate): number {
  return states
    .flatMap((s) => effectiveEvents(s.events))
    .filter((r) => r.event.type === 'plan-ended' && inPeriod(r.event.occurredAt, from, to)).length;
}

/** Children on a plan at the start and end of the period, plans of two years or more, and second plans. */
function planCounts(states: CaseState[], from: LocalDate, to: LocalDate): AnnualReport['plans'] {
  const plans = { atStart: 0, atEnd: 0, overTwoYears: 0, secondPlans: 0 };
  for (const ch of states.flatMap((s) => s.children)) {
    const all = plansOf(ch);
    if (onPlanOn(ch, from)) plans.atStart += 1;
    if (onPlanOn(ch, to)) plans.atEnd += 1;
    for (const [i, p] of all.entries()) {
      const end = p.endedOn && compareDates(p.endedOn, to) < 0 ? p.endedOn : to;
      const ends = p.endedOn ?? to;
      const overlaps = compareDates(p.startedOn, to) <= 0 && compareDates(ends, from) >= 0;
      if (overlaps && ageOn(p.startedOn, end) >= 2) plans.overTwoYears += 1;
      if (i > 0 && inPeriod(p.startedOn, from, to)) plans.secondPlans += 1;
    }
  }
  return plans;
}
