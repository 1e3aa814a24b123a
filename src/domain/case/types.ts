// The shape of a child protection case: who is on it, what has happened, and the events that change it.
// All identifiers are opaque references (case reference, child id, staff id, agency id): no names, ever.
import type { LocalDate } from '../dates';
import type { ConferenceType, Policy } from '../policy';
import type { HolidayCalendar, Region } from '../workingDays';
import type { IdentityProof } from './recorder';
import type { SendingState } from './sending';

export const PLAN_CATEGORIES = ['neglect', 'physical', 'emotional', 'sexual', 'multiple'] as const;
export type PlanCategory = (typeof PLAN_CATEGORIES)[number];

export const STAFF_ROLES = ['socialWorker', 'teamManager', 'serviceManager', 'chair', 'minuteTaker'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export type Staff = { socialWorker: string; teamManager: string } & Partial<Record<StaffRole, string>>;

export interface ChildInput {
  id: string;
  /** Known for a born child. */
  dateOfBirth?: LocalDate;
  /** For an unborn child. */
  expectedBirth?: LocalDate;
}

export interface CaseInput {
  caseRef: string;
  region: Region;
  team?: string;
  children: ChildInput[];
  staff: Staff;
  /** Agencies invited by default to this family's conferences (opaque agency ids, e.g. 'gp', 'school-42'). */
  agencies: string[];
  policy: Policy;
  openedBy: string;
  /** Who an administrator opened it for, when not for themselves. */
  openedOnBehalfOf?: string;
  /** Set only from the server's stamp: how `openedBy` was proven (absent: as typed, unverified). */
  openedProof?: IdentityProof;
}

export interface Plan {
  category: PlanCategory;
  startedOn: LocalDate;
  conferenceId: string;
}

export interface ChildState extends ChildInput {
  plan?: Plan;
  pastPlans: (Plan & { endedOn: LocalDate; reason: string })[];
}

export type ChildOutcome =
  | { childId: string; outcome: 'plan-started'; category: PlanCategory }
  | { childId: string; outcome: 'no-plan' }
  | { childId: string; outcome: 'plan-continues'; category?: PlanCategory }
  | { childId: string; outcome: 'plan-ended'; reason: string }
  /** A child of the family the conference did not consider (planning rules 4 ask for every child). */
  | { childId: string; outcome: 'not-discussed'; reason: string };

/** 'not-recorded': said explicitly, for a child aged 10 or over whose participation nobody noted. */
export type ChildParticipation = 'attended' | 'consulted' | 'not-consulted' | 'not-recorded';

/** How the parents and carers took part in a conference (the reference report's §6.16). */
export const PARENT_PARTICIPATION = [
  'attended',
  'attended-part',
  'contributed-not-present',
  'did-not-attend',
] as const;
export type ParentParticipation = (typeof PARENT_PARTICIPATION)[number];

/** Who asked for an initial conference (§6.8): the duty team, the long-term team, or another. */
export const CONFERENCE_REQUESTERS = ['duty', 'long-term', 'other'] as const;
export type ConferenceRequester = (typeof CONFERENCE_REQUESTERS)[number];

export const CSE_MEETING_OUTCOMES = ['plan', 'no-plan'] as const;
export type CseMeetingOutcome = (typeof CSE_MEETING_OUTCOMES)[number];
export const CSE_REVIEW_OUTCOMES = ['continues', 'risk-reduced'] as const;
export type CseReviewOutcome = (typeof CSE_REVIEW_OUTCOMES)[number];

/**
 * One child's CSE cycle: the request to chair a meeting, the meeting, a CSE plan reviewed until the risk is reduced,
 * or child protection procedures take over. A child may have another cycle after one ends.
 */
export interface CseEpisode {
  childId: string;
  requestedOn: LocalDate;
  meetingOn?: LocalDate;
  planStartedOn?: LocalDate;
  reviews: LocalDate[];
  endedOn?: LocalDate;
  exit?: 'no-plan' | 'risk-reduced' | 'cp-procedures';
}

export interface AgencyParticipation {
  agencyId: string;
  invited: boolean;
  attended: boolean;
  sentReport: boolean;
}

export interface Conference {
  id: string;
  type: ConferenceType;
  status: 'scheduled' | 'held' | 'cancelled';
  scheduledDate?: LocalDate;
  scheduledTime?: string;
  chair?: string;
  agencies: string[];
  heldOn?: LocalDate;
  invitationsSentOn?: LocalDate;
  preMeetingOn?: LocalDate;
  socialWorkerReportOn?: LocalDate;
  agencyReportsOn: Record<string, LocalDate>;
  outlinePlanOn?: LocalDate;
  minutesToChairOn?: LocalDate;
  minutesApprovedOn?: LocalDate;
  fullRecordOn?: LocalDate;
  outcomes?: ChildOutcome[];
  participation?: { childId: string; participation: ChildParticipation }[];
  agencyParticipation?: AgencyParticipation[];
  /** Parents' and carers' participation, when recorded. */
  parents?: ParentParticipation;
  /** The family's indicators of need and risk the conference recorded (codes of the policy's list). */
  indicators?: string[];
  /** Who asked for it (initial conferences), when recorded at booking or when held. */
  requestedBy?: ConferenceRequester;
  cancelledReason?: string;
  /** When it was called off: deadlines before this date that were not met still count as missed. */
  cancelledOn?: LocalDate;
}

export interface DeadlineOverride {
  kind: 'extended' | 'waived';
  newDueDate?: LocalDate;
  reason: string;
  approvedBy: string;
  recordedBy: string;
  on: LocalDate;
}

/** The event names administrators record (the `type` of each event). */
export const EVENT_TYPES = [
  'strategy-discussion',
  'transfer-in-notified',
  'conference-scheduled',
  'conference-rescheduled',
  'conference-cancelled',
  'invitations-sent',
  'chair-pre-meeting',
  'report-received',
  'conference-held',
  'outline-plan-distributed',
  'minutes-sent-to-chair',
  'minutes-approved',
  'full-record-distributed',
  'core-group-held',
  'plan-ended',
  'birth-recorded',
  'staff-reassigned',
  'deadline-extended',
  'deadline-waived',
  'case-closed',
  'cse-meeting-requested',
  'cse-meeting-held',
  'cse-review-held',
  'cse-moved-to-cp',
  'event-amended',
  'event-withdrawn',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

interface EventBase {
  /** Supplied by the client so recording the same event twice is harmless; derived from content if absent. */
  eventId?: string;
  /** The real-world date it happened, which may be days before it is recorded. */
  occurredAt: LocalDate;
  /** Who entered it: the verified subject where the server stamps it (see recorder.ts), else as the caller said. */
  recordedBy: string;
  /** Whom an administrator entered it for, when not for themselves; shown beside `recordedBy`, never instead. */
  onBehalfOf?: string;
  /** Set only from the server's stamp: how `recordedBy` was proven (absent: unverified). */
  proof?: IdentityProof;
}

/** A conference the event is about; the latest relevant conference when omitted. */
interface ConferenceRef {
  conferenceId?: string;
}

export type CaseEvent = EventBase &
  (
    | { type: 'strategy-discussion' }
    | { type: 'transfer-in-notified' }
    | {
        type: 'conference-scheduled';
        conferenceType: ConferenceType;
        date: LocalDate;
        time?: string;
        chair?: string;
        agencies?: string[];
        requestedBy?: ConferenceRequester;
      }
    | ({ type: 'conference-rescheduled'; date: LocalDate; time?: string } & ConferenceRef)
    | ({ type: 'conference-cancelled'; reason: string } & ConferenceRef)
    | ({ type: 'invitations-sent' } & ConferenceRef)
    | ({ type: 'chair-pre-meeting' } & ConferenceRef)
    | ({ type: 'report-received'; from: 'social-worker' | { agencyId: string } } & ConferenceRef)
    | ({
        type: 'conference-held';
        conferenceType?: ConferenceType;
        children: ChildOutcome[];
        participation?: { childId: string; participation: ChildParticipation }[];
        agencies?: AgencyParticipation[];
        parents?: ParentParticipation;
        indicators?: string[];
        requestedBy?: ConferenceRequester;
      } & ConferenceRef)
    | ({ type: 'outline-plan-distributed' } & ConferenceRef)
    | ({ type: 'minutes-sent-to-chair' } & ConferenceRef)
    | ({ type: 'minutes-approved' } & ConferenceRef)
    | ({ type: 'full-record-distributed' } & ConferenceRef)
    | { type: 'core-group-held' }
    | { type: 'plan-ended'; childId: string; reason: string }
    | { type: 'birth-recorded'; childId: string; dateOfBirth: LocalDate }
    | { type: 'staff-reassigned'; role: StaffRole; staffId: string }
    | {
        type: 'deadline-extended';
        deadlineId: string;
        newDueDate: LocalDate;
        reason: string;
        approvedBy: string;
      }
    | { type: 'deadline-waived'; deadlineId: string; reason: string; approvedBy: string }
    | { type: 'case-closed'; reason: 'transferred-out' | 'closed'; note?: string }
    /** A conference chair is asked to chair a CSE meeting for a child (the meeting's clock starts). */
    | { type: 'cse-meeting-requested'; childId: string }
    | { type: 'cse-meeting-held'; childId: string; outcome: CseMeetingOutcome }
    | { type: 'cse-review-held'; childId: string; outcome: CseReviewOutcome }
    /** Child protection procedures take over: the CSE cycle ends and a section 47 enquiry starts on this case. */
    | { type: 'cse-moved-to-cp'; childId: string }
    /** A correction: the event `target` as it should have been recorded (same type; its own date). */
    | { type: 'event-amended'; target: string; replacement: EventBody; reason: string }
    /** A correction: the event `target` should never have been recorded. */
    | { type: 'event-withdrawn'; target: string; reason: string }
  );

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event's content as it happened: what an amendment replaces (not who recorded it, nor its id). */
export type EventBody = DistributiveOmit<
  Exclude<CaseEvent, { type: 'event-amended' } | { type: 'event-withdrawn' }>,
  'recordedBy' | 'eventId' | 'onBehalfOf' | 'proof'
>;
export const CORRECTION_TYPES = ['event-amended', 'event-withdrawn'] as const;

/** Who and what the case was opened with: the starting point a corrected history is replayed from. */
export interface CaseOpening {
  staff: Staff;
  children: ChildInput[];
  agencies: string[];
}

/** What the case keeps of each accepted event: the event, when it was recorded, and its id. */
export interface RecordedEvent {
  eventId: string;
  recordedAt: string;
  event: CaseEvent;
}

export interface CaseState {
  caseRef: string;
  region: Region;
  team?: string;
  staff: Staff;
  agencies: string[];
  policy: Policy;
  calendar: HolidayCalendar;
  openedAt: string;
  openedBy: string;
  openedOnBehalfOf?: string;
  openedProof?: IdentityProof;
  children: ChildState[];
  /** Strategy discussions of the current enquiry; a discussion after an initial conference starts a new one. */
  strategyDiscussions: LocalDate[];
  enquiry: number;
  transferInNotifiedOn?: LocalDate;
  conferences: Conference[];
  coreGroups: LocalDate[];
  overrides: Record<string, DeadlineOverride>;
  closed?: { on: LocalDate; reason: 'transferred-out' | 'closed' };
  events: RecordedEvent[];
  /** Idempotency keys of notification steps already done (sent, or superseded by a later step). */
  stepsDone: string[];
  /** What the reporting ledger already holds: the first N events, and outcome keys. Absent before the ledger. */
  ledgered?: { events: number; outcomes: string[] };
  /** The planning rules' version (absent = 1): set by the workflow behind a patch, so old histories replay. */
  planRules?: number;
  /** The first year of bank holidays `calendar` holds (absent in cases opened before it was kept). */
  calendarFromYear?: number;
  /** The last year of bank holidays `calendar` holds (absent in cases opened before it was kept). */
  calendarToYear?: number;
  /** What the case knows about sending: absent in cases that have not run under patch 'send-at-send-time'. */
  sending?: SendingState;
  /** CSE cycles of the case's children (absent until the first request). */
  cse?: CseEpisode[];
  /** As opened (absent in cases opened before it was kept; the workflow adds it from its input). */
  opening?: CaseOpening;
  /** The patch baseline the case was opened under (src/workflows/patchBaseline.ts); absent before baselines. */
  patchBaseline?: number;
}
