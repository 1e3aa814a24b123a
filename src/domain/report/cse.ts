// §5 of the annual report: child sexual exploitation meetings. Requests to chair one, the children and their age,
// meetings and reviews held (and within their timescales), plans started, and how cycles ended. Pure.
import { ageOn, compareDates, type LocalDate } from '../dates';
import type { Deadline } from '../case/plan';
import type { CaseState } from '../case/types';

export interface CseFigures {
  requests: number;
  /** Different children a meeting was requested for. */
  children: number;
  /** At the request, to one decimal place; null with no child of known age. */
  averageAge: number | null;
  meetingsHeld: number;
  meetingsOnTime: number;
  plansStarted: number;
  reviewsHeld: number;
  reviewsOnTime: number;
  endedNoPlan: number;
  endedRiskReduced: number;
  movedToCp: number;
  /** Children on a CSE plan on the last day of the period. */
  onPlanAtEnd: number;
}

/** Section 5's figures before anything is counted: every count 0, no average age. */
export function emptyCseFigures(): CseFigures {
  return {
    requests: 0,
    children: 0,
    averageAge: null,
    meetingsHeld: 0,
    meetingsOnTime: 0,
    plansStarted: 0,
    reviewsHeld: 0,
    reviewsOnTime: 0,
    endedNoPlan: 0,
    endedRiskReduced: 0,
    movedToCp: 0,
    onPlanAtEnd: 0,
  };
}

export function cseFigures(
  cases: { state: CaseState; deadlines: Deadline[] }[],
  from: LocalDate,
  to: LocalDate,
): CseFigures {
  const within = (d: LocalDate | undefined): d is LocalDate =>
    d !== undefined && compareDates(d, from) >= 0 && compareDates(d, to) <= 0;
  const f = emptyCseFigures();
  const children = new Set<string>();
  const ages: number[] = [];
  for (const { state, deadlines } of cases) {
    for (const ep of state.cse ?? []) {
      if (within(ep.requestedOn)) {
        f.requests += 1;
        children.add(`${state.caseRef}/${ep.childId}`);
        const dob = state.children.find((c) => c.id === ep.childId)?.dateOfBirth;
        if (dob) ages.push(ageOn(dob, ep.requestedOn));
      }
      if (within(ep.meetingOn)) f.meetingsHeld += 1;
      if (within(ep.planStartedOn)) f.plansStarted += 1;
      f.reviewsHeld += ep.reviews.filter(within).length;
      if (within(ep.endedOn)) {
        if (ep.exit === 'no-plan') f.endedNoPlan += 1;
        if (ep.exit === 'risk-reduced') f.endedRiskReduced += 1;
        if (ep.exit === 'cp-procedures') f.movedToCp += 1;
      }
      const planOn = ep.planStartedOn && compareDates(ep.planStartedOn, to) <= 0;
      if (planOn && (!ep.endedOn || compareDates(ep.endedOn, to) > 0)) f.onPlanAtEnd += 1;
    }
    for (const d of deadlines) {
      const onTime = d.status === 'met' && d.lateBy === 0 && within(d.metOn);
      if (onTime && d.ruleId === 'cse-meeting') f.meetingsOnTime += 1;
      if (onTime && d.ruleId === 'cse-review') f.reviewsOnTime += 1;
    }
  }
  f.children = children.size;
  f.averageAge = ages.length ? Math.round((ages.reduce((a, b) => a + b, 0) / ages.length) * 10) / 10 : null;
  return f;
}
