// What the annual report counts over each conference held in the period: its type, how long its minutes took
// (Table 2a), whether each timescale was met (Table 2b), the agencies (Table 4), its outcomes, and its team and
// chair. One conference at a time, from the case it belongs to and that case's deadlines.
import type { Deadline } from '../case/plan';
import type { CaseState, Conference, PlanCategory } from '../case/types';
import { PLAN_CATEGORIES } from '../case/types';
import type { LocalDate } from '../dates';
import { workingDaysBetween } from '../workingDays';
import { SplitTally } from './breakdowns';

export const BANDS = ['5 or less', '6-10', '11-20', '21-30', '31 or more'] as const;
export type Band = (typeof BANDS)[number];
export type BandCounts = Record<Band, number>;

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
  // A pre-birth conference is an initial conference about an unborn baby: counted with the ICPCs.
  initial: { indicator: 'icpc-on-time', rules: ['icpc'] },
  'pre-birth': { indicator: 'icpc-on-time', rules: ['icpc'] },
  review: { indicator: 'review-on-time', rules: ['first-review', 'later-review'] },
  'transfer-in': { indicator: 'transfer-in-on-time', rules: ['transfer-in-conference'] },
};

export function band(days: number): Band {
  if (days <= 5) return '5 or less';
  if (days <= 10) return '6-10';
  if (days <= 20) return '11-20';
  if (days <= 30) return '21-30';
  return '31 or more';
}
const emptyBands = (): BandCounts => ({ '5 or less': 0, '6-10': 0, '11-20': 0, '21-30': 0, '31 or more': 0 });

type Timeliness = boolean | 'not yet due';

export class ConferenceTally {
  readonly conferences = { initial: 0, review: 0, transferIn: 0, preBirth: 0, total: 0 };
  readonly table2a = {
    minutesSentToChair: emptyBands(),
    minutesApproved: emptyBands(),
    minutesDistributed: emptyBands(),
  };
  readonly indicators = new Map<string, { count: number; of: number; notYetDue: number }>();
  readonly agencies = new Map<string, { invited: number; attended: number; sentReportOnly: number }>();
  readonly outcomes = {
    plansStarted: Object.fromEntries(PLAN_CATEGORIES.map((c) => [c, 0])) as Record<PlanCategory, number>,
    noPlan: 0,
    plansEnded: 0,
  };
  readonly byTeam = new SplitTally();
  readonly byChair = new SplitTally();

  add(state: CaseState, deadlines: Deadline[], c: Conference): void {
    const key = c.type === 'transfer-in' ? 'transferIn' : c.type === 'pre-birth' ? 'preBirth' : c.type;
    this.conferences.total += 1;
    this.conferences[key] += 1;
    this.countMinutes(state, c);
    const held = HELD_RULES[c.type];
    const timely = heldInTime(deadlines, held.rules, c.heldOn!);
    this.count(held.indicator, timely);
    this.byTeam.add(state.team ?? '(no team)', timely);
    this.byChair.add(c.chair ?? state.staff.chair ?? '(no chair)', timely);
    this.countDocuments(deadlines, c);
    this.countAgencies(c);
    this.countOutcomes(c);
  }

  private count(id: string, ok: Timeliness): void {
    const t = this.indicators.get(id) ?? { count: 0, of: 0, notYetDue: 0 };
    if (ok === 'not yet due') t.notYetDue += 1;
    else t.of += 1;
    if (ok === true) t.count += 1;
    this.indicators.set(id, t);
  }

  /** Table 2a: working days from the conference to the minutes reaching the chair, their approval, the record. */
  private countMinutes(state: CaseState, c: Conference): void {
    const days = (a: LocalDate, b: LocalDate) => band(workingDaysBetween(state.calendar, a, b));
    const t = this.table2a;
    if (c.minutesToChairOn) t.minutesSentToChair[days(c.heldOn!, c.minutesToChairOn)] += 1;
    if (c.minutesToChairOn && c.minutesApprovedOn)
      t.minutesApproved[days(c.minutesToChairOn, c.minutesApprovedOn)] += 1;
    if (c.fullRecordOn) t.minutesDistributed[days(c.heldOn!, c.fullRecordOn)] += 1;
  }

  /** Table 2b's documents: each on time, late, or not yet due. */
  private countDocuments(deadlines: Deadline[], c: Conference): void {
    const onTime = (ruleId: string) => documentOnTime(deadlines, ruleId, c);
    if (c.type === 'initial' || c.type === 'pre-birth')
      this.count('sw-report-initial', onTime('sw-report-initial'));
    if (c.type === 'review') this.count('sw-report-review', onTime('sw-report-review'));
    this.count('outline-plan', onTime('outline-plan'));
    this.count('minutes-to-chair', onTime('minutes-to-chair'));
    if (c.minutesToChairOn) this.count('minutes-approved', onTime('minutes-approved'));
    this.count('full-record', onTime('full-record'));
  }

  private countAgencies(c: Conference): void {
    for (const a of c.agencyParticipation ?? []) {
      const t = this.agencies.get(a.agencyId) ?? { invited: 0, attended: 0, sentReportOnly: 0 };
      if (a.invited) t.invited += 1;
      if (a.attended) t.attended += 1;
      else if (a.sentReport) t.sentReportOnly += 1;
      this.agencies.set(a.agencyId, t);
    }
  }

  private countOutcomes(c: Conference): void {
    for (const o of c.outcomes ?? []) {
      if (o.outcome === 'plan-started') this.outcomes.plansStarted[o.category] += 1;
      if (o.outcome === 'no-plan') this.outcomes.noPlan += 1;
      if (o.outcome === 'plan-ended') this.outcomes.plansEnded += 1;
    }
  }
}

/** Still open when the report is run (as of the end of the period, or today): not yet due, not a failure. */
function documentOnTime(deadlines: Deadline[], ruleId: string, c: Conference): Timeliness {
  const d = deadlines.find((x) => x.ruleId === ruleId && x.conferenceId === c.id);
  if (d?.status === 'open') return 'not yet due';
  return d?.status === 'met' && d.lateBy === 0;
}

/**
 * On time when every timescale the conference met was met on time (a review can meet the review due under the
 * plans going on and the first review of a new plan at once); late when it met none.
 */
function heldInTime(deadlines: Deadline[], ruleIds: string[], heldOn: LocalDate): boolean {
  const met = deadlines.filter((d) => ruleIds.includes(d.ruleId) && d.status === 'met' && d.metOn === heldOn);
  return met.length > 0 && met.every((d) => d.lateBy === 0);
}
