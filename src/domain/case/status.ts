// The whole status of a case as people read it: stage, children and plans, every deadline and its next step.
import type { LocalDate } from '../dates';
import { isActive, isOutstanding, type Deadline } from './plan';
import type { CaseState, Plan } from './types';

export const STAGES = [
  'referral',
  's47-enquiry',
  'transfer-in',
  'no-plan',
  'child-protection-plan',
  'closed',
] as const;
export type Stage = (typeof STAGES)[number];

export function stageOf(s: CaseState): Stage {
  if (s.closed) return 'closed';
  if (s.children.some((c) => c.plan)) return 'child-protection-plan';
  const heldInitial = s.conferences.some((c) => c.status === 'held');
  if (s.transferInNotifiedOn && !heldInitial) return 'transfer-in';
  if (s.strategyDiscussions.length > 0 && !heldInitial) return 's47-enquiry';
  if (heldInitial) return 'no-plan';
  return 'referral';
}

export interface DeadlineView extends Omit<Deadline, 'steps'> {
  nextStep?: { stepId: string; kind: string; date: LocalDate; at: string };
}

export interface CaseStatus {
  caseRef: string;
  region: string;
  team?: string;
  stage: Stage;
  today: LocalDate;
  policyId: string;
  calendarSource: string;
  staff: CaseState['staff'];
  children: { id: string; unborn: boolean; plan?: Plan; pastPlans: number }[];
  conferences: { id: string; type: string; status: string; date?: LocalDate }[];
  deadlines: DeadlineView[];
  overdue: number;
  nextDue?: LocalDate;
  eventsRecorded: number;
  closed?: CaseState['closed'];
}

/**
 * `now` (epoch ms) picks each deadline's next step as people will see it: of the steps already due but not yet
 * sent, only the latest goes out (late entries escalate once), so that one is next; otherwise the first to come.
 */
export function caseStatus(s: CaseState, deadlines: Deadline[], today: LocalDate, now?: number): CaseStatus {
  const done = new Set(s.stepsDone);
  const views: DeadlineView[] = deadlines.map(({ steps, ...d }) => {
    const pending = isActive(d) ? steps.filter((st) => !done.has(st.key)) : [];
    const due = now === undefined ? [] : pending.filter((st) => st.at <= now);
    const next = due.length ? due[due.length - 1] : pending[0];
    return {
      ...d,
      nextStep: next
        ? { stepId: next.stepId, kind: next.kind, date: next.date, at: new Date(next.at).toISOString() }
        : undefined,
    };
  });
  const active = deadlines.filter((d) => d.kind === 'deadline' && isOutstanding(d));
  return {
    caseRef: s.caseRef,
    region: s.region,
    team: s.team,
    stage: stageOf(s),
    today,
    policyId: s.policy.id,
    calendarSource: s.calendar.source,
    staff: s.staff,
    children: s.children.map((c) => ({
      id: c.id,
      unborn: Boolean(c.expectedBirth && !c.dateOfBirth),
      plan: c.plan,
      pastPlans: c.pastPlans.length,
    })),
    conferences: s.conferences.map((c) => ({
      id: c.id,
      type: c.type,
      status: c.status,
      date: c.heldOn ?? c.scheduledDate,
    })),
    deadlines: views,
    overdue: active.filter((d) => d.status === 'missed').length,
    nextDue: active.map((d) => d.dueDate).sort()[0],
    eventsRecorded: s.events.length,
    closed: s.closed,
  };
}
