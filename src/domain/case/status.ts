// The whole status of a case as people read it: stage, children and plans, every deadline and its next step.
import type { LocalDate } from '../dates';
import { londonDate } from '../londonTime';
import { isActive, isOutstanding, type Deadline, type PlannedStep } from './plan';
import { releaseAt, type DeliveryProblem, type MailFault } from './sending';
import { effectiveEvents } from './apply';
import { isOpenCse, openCse } from './cse';
import type { CaseEvent, CaseState, Plan } from './types';

export const STAGES = [
  'referral',
  's47-enquiry',
  'transfer-in',
  'cse',
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
  if (s.cse?.some(isOpenCse)) return 'cse';
  if (heldInitial) return 'no-plan';
  return 'referral';
}

function cseView(s: CaseState, childId: string): Pick<CaseStatus['children'][number], 'cse'> {
  const ep = openCse(s, childId);
  if (!ep) return {};
  return {
    cse: ep.planStartedOn
      ? { stage: 'cse-plan', since: ep.planStartedOn }
      : { stage: 'meeting-requested', since: ep.requestedOn },
  };
}

export interface DeadlineView extends Omit<Deadline, 'steps'> {
  nextStep?: { stepId: string; kind: string; date: LocalDate; at: string };
  /** The highest ladder level among its steps due by now (0: reminders; 1 and up: escalations), when one is. */
  levelReached?: number;
}

/** The highest level of the steps whose time has come, sent or not (a fault may be holding one back). */
function levelReached(steps: PlannedStep[], now: number | undefined): number | undefined {
  const due = now === undefined ? [] : steps.filter((st) => st.at <= now);
  return due.length ? Math.max(...due.map((st) => st.level)) : undefined;
}

export interface CaseStatus {
  caseRef: string;
  region: string;
  team?: string;
  stage: Stage;
  today: LocalDate;
  policyId: string;
  /** The planning rules the case runs under (its workflow moves it up one version per patch). */
  planRules: number;
  calendarSource: string;
  staff: CaseState['staff'];
  children: {
    id: string;
    unborn: boolean;
    plan?: Plan;
    pastPlans: number;
    /** The child's CSE cycle still running: a meeting asked for, or a CSE plan. */
    cse?: { stage: 'meeting-requested' | 'cse-plan'; since: LocalDate };
  }[];
  conferences: { id: string; type: string; status: string; date?: LocalDate }[];
  deadlines: DeadlineView[];
  overdue: number;
  nextDue?: LocalDate;
  eventsRecorded: number;
  /** Every event recorded, oldest first, with its id and whether a correction changed it. */
  events: EventView[];
  closed?: CaseState['closed'];
  /** Mail that is not getting through: a fault of the mail set-up, and people messages could not reach. */
  mail?: { fault?: MailFault; problems: DeliveryProblem[] };
  /** Set when the answer was rebuilt from the ledger: a closed case whose workflow Temporal no longer holds. */
  answeredFrom?: 'ledger';
}

/** One recorded event as the administrator sees it: its id (to correct it), and whether it stands. */
export interface EventView {
  eventId: string;
  type: CaseEvent['type'];
  occurredAt: LocalDate;
  recordedAt: string;
  recordedBy: string;
  /** Whom an administrator entered it for. */
  onBehalfOf?: string;
  /** 'amended': in force as its latest amendment; a correction names the event it corrects. */
  standing: 'in force' | 'amended' | 'withdrawn' | 'correction';
  /** For an amended or withdrawn event: the correction's id. For a correction: the event it corrects. */
  correctedBy?: string;
  corrects?: string;
  /** The event's content in force (an amendment's, for an amended one). */
  event: CaseEvent;
}

export function eventViews(s: CaseState): EventView[] {
  const inForce = new Map(effectiveEvents(s.events).map((r) => [r.eventId, r.event]));
  const correction = new Map<string, { id: string; kind: 'amended' | 'withdrawn' }>();
  for (const r of s.events) {
    if (r.event.type === 'event-amended') correction.set(r.event.target, { id: r.eventId, kind: 'amended' });
    if (r.event.type === 'event-withdrawn')
      correction.set(r.event.target, { id: r.eventId, kind: 'withdrawn' });
  }
  return s.events.map((r) => {
    const c = correction.get(r.eventId);
    const corrects =
      r.event.type === 'event-amended' || r.event.type === 'event-withdrawn' ? r.event.target : undefined;
    const event = inForce.get(r.eventId) ?? r.event;
    return {
      eventId: r.eventId,
      type: r.event.type,
      occurredAt: event.occurredAt,
      recordedAt: r.recordedAt,
      recordedBy: r.event.recordedBy,
      ...(r.event.onBehalfOf ? { onBehalfOf: r.event.onBehalfOf } : {}),
      standing: corrects ? 'correction' : (c?.kind ?? 'in force'),
      ...(c ? { correctedBy: c.id } : {}),
      ...(corrects ? { corrects } : {}),
      event,
    };
  });
}

/** A deadline's next step as people will see it, with the time it will actually go. */
function nextStepOf(
  s: CaseState,
  d: Deadline,
  pending: PlannedStep[],
  now: number | undefined,
): { step: PlannedStep; at: number } | undefined {
  if (pending.length === 0) return undefined;
  if (!s.sending || now === undefined) {
    // Before patch 'send-at-send-time': of the steps already due, only the latest goes out (at once).
    const due = now === undefined ? [] : pending.filter((st) => st.at <= now);
    const step = due.length ? due[due.length - 1]! : pending[0]!;
    return { step, at: step.at };
  }
  const timed = pending.map((step) => ({ step, at: releaseAt(s, d, step, now) }));
  const due = timed.filter((t) => t.at <= now);
  if (due.length) return due[due.length - 1];
  // Steps released together go as one message at the latest level: show that one.
  const first = Math.min(...timed.map((t) => t.at));
  return timed.filter((t) => t.at === first).pop();
}

/**
 * `now` (epoch ms) picks each deadline's next step as people will see it: of the steps already due but not yet
 * sent, only the latest goes out (late entries escalate once), so that one is next; otherwise the first to come.
 */
export function caseStatus(s: CaseState, deadlines: Deadline[], today: LocalDate, now?: number): CaseStatus {
  const done = new Set(s.stepsDone);
  const views: DeadlineView[] = deadlines.map((deadline) => {
    const { steps, ...d } = deadline;
    const pending = isActive(d) ? steps.filter((st) => !done.has(st.key)) : [];
    const next = nextStepOf(s, deadline, pending, now);
    const level = levelReached(steps, now);
    return {
      ...d,
      ...(level === undefined ? {} : { levelReached: level }),
      nextStep: next
        ? {
            stepId: next.step.stepId,
            kind: next.step.kind,
            date: londonDate(next.at),
            at: new Date(next.at).toISOString(),
          }
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
    planRules: s.planRules ?? 1,
    calendarSource: s.calendar.source,
    staff: s.staff,
    children: s.children.map((c) => ({
      id: c.id,
      unborn: Boolean(c.expectedBirth && !c.dateOfBirth),
      plan: c.plan,
      pastPlans: c.pastPlans.length,
      ...cseView(s, c.id),
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
    events: eventViews(s),
    closed: s.closed,
    ...(s.sending && (s.sending.fault || s.sending.problems.length)
      ? {
          mail: {
            ...(s.sending.fault ? { fault: s.sending.fault } : {}),
            problems: s.sending.problems,
          },
        }
      : {}),
  };
}
