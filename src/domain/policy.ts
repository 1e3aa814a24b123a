// The timescale policy as data. Every number, owner and ladder step below is a default a council may override
// in its policy file; the code only knows what each anchor and each satisfying event mean.
import type { Counting } from './workingDays';

export const CONFERENCE_TYPES = ['initial', 'review', 'transfer-in', 'pre-birth'] as const;
export type ConferenceType = (typeof CONFERENCE_TYPES)[number];

/** Who is told. Case roles resolve to the staff on the case; the rest are resolved from the directory. */
export const RECIPIENTS = [
  'owner',
  'owner-line-manager',
  'social-worker',
  'team-manager',
  'service-manager',
  'chair',
  'minute-taker',
  'head-of-service',
  'qa-manager',
] as const;
export type Recipient = (typeof RECIPIENTS)[number];

/** Who owes the step. 'agency' means each invited agency for its own report. */
export const OWNER_ROLES = [
  'social-worker',
  'team-manager',
  'service-manager',
  'chair',
  'minute-taker',
  'agency',
] as const;
export type OwnerRole = (typeof OWNER_ROLES)[number];

/** The date a rule counts from. */
export const ANCHORS = [
  'strategy-discussion', // the latest strategy discussion of the current enquiry
  'transfer-in-notified',
  'expected-birth', // per unborn child
  'conference-date', // a scheduled conference, counted backwards
  'conference-held',
  'minutes-sent-to-chair',
  'initial-plan-conference', // the initial conference at which the first plan started
  'previous-review', // the latest conference (initial or review) at which plans continued
  'plan-started', // per child
  'cse-requested', // per CSE cycle: the request to chair a CSE meeting
  'cse-plan-review', // per CSE plan: its start, then each review
] as const;
export type Anchor = (typeof ANCHORS)[number];

/** The event that meets the deadline. 'plan-ended' closes an alert rather than meeting it. */
export const SATISFIERS = [
  'initial-conference-held',
  'transfer-in-conference-held',
  'review-conference-held',
  'invitations-sent',
  'social-worker-report',
  'agency-report',
  'outline-plan-distributed',
  'minutes-sent-to-chair',
  'minutes-approved',
  'full-record-distributed',
  'core-group-held',
  'plan-ended',
  'cse-meeting-held',
  'cse-review-held',
] as const;
export type Satisfier = (typeof SATISFIERS)[number];

export const OFFSET_UNITS = ['working-days', 'calendar-days', 'weeks', 'months'] as const;
export type OffsetUnit = (typeof OFFSET_UNITS)[number];

export interface Offset {
  amount: number;
  unit: OffsetUnit;
  direction: 'after' | 'before';
}

export interface LadderStep {
  /** Stable id, part of the idempotency key of the message it sends. */
  id: string;
  kind: 'reminder' | 'due-today' | 'overdue' | 'escalation';
  /** Working days from the due date: negative before it, positive after. */
  offsetWorkingDays: number;
  to: Recipient[];
  /** 0 for reminders; 1, 2, 3… for each escalation level. */
  level: number;
}

export interface TimescaleRule {
  id: string;
  title: string;
  /** 'deadline' can be met or missed; 'alert' only warns when a date is reached (e.g. plan at 18 months). */
  kind: 'deadline' | 'alert';
  anchor: Anchor;
  offset: Offset;
  /** For 'conference-date' and 'conference-held' anchors: the conference types the rule applies to. */
  conferenceTypes?: ConferenceType[];
  satisfiedBy: Satisfier;
  owner: OwnerRole;
  ladder: string;
  /** Per-rule counting convention; the policy's default when absent. */
  counting?: Counting;
  enabled: boolean;
}

export interface Policy {
  /** Names this version of the policy; kept with every case so an old case can say which rules it runs on. */
  id: string;
  counting: Counting;
  /** Local time in Europe/London at which reminders and escalations go out on working days. */
  sendTime: string;
  ladders: Record<string, LadderStep[]>;
  rules: TimescaleRule[];
  /** Roles that get one morning digest of the next 5 working days instead of individual reminders. */
  digestRoles: OwnerRole[];
  /**
   * Minutes a case waits after its latest entry before sending what that entry made due late (a history being
   * entered): such steps go at the first send time at least this long after it. Absent in older cases: 60.
   */
  lateEntryWaitMinutes?: number;
  /** The coded indicators of need and risk a conference records for a family; absent: the defaults below. */
  riskIndicators?: RiskIndicator[];
}

export interface RiskIndicator {
  id: string;
  label: string;
}

/** The reference report's Appendix 2 columns; a council extends or replaces them in its policy file. */
export const DEFAULT_RISK_INDICATORS: RiskIndicator[] = [
  { id: 'poor-parenting', label: 'History of poor parenting' },
  { id: 'children-removed', label: 'Previous child/ren removed' },
  { id: 'domestic-violence', label: 'Domestic violence' },
  { id: 'mental-health', label: 'Mental health' },
  { id: 'substance-misuse', label: 'Substance misuse' },
  { id: 'mappa', label: 'MAPPA' },
  { id: 'marac', label: 'MARAC' },
  { id: 'alcohol', label: 'Alcohol' },
  { id: 'criminal-history', label: 'Previous criminal history, including violence' },
  { id: 'sexually-harmful', label: 'History of sexually harmful behaviour' },
];

export const riskIndicatorsOf = (p: Policy): RiskIndicator[] => p.riskIndicators ?? DEFAULT_RISK_INDICATORS;

const wd = (amount: number, direction: Offset['direction']): Offset => ({
  amount,
  unit: 'working-days',
  direction,
});

export const DEFAULT_LADDER: LadderStep[] = [
  { id: 'remind-3', kind: 'reminder', offsetWorkingDays: -3, to: ['owner'], level: 0 },
  { id: 'remind-1', kind: 'reminder', offsetWorkingDays: -1, to: ['owner'], level: 0 },
  { id: 'due', kind: 'due-today', offsetWorkingDays: 0, to: ['owner'], level: 0 },
  {
    id: 'escalate-1',
    kind: 'escalation',
    offsetWorkingDays: 1,
    to: ['owner', 'owner-line-manager'],
    level: 1,
  },
  { id: 'escalate-2', kind: 'escalation', offsetWorkingDays: 4, to: ['service-manager'], level: 2 },
  {
    id: 'escalate-3',
    kind: 'escalation',
    offsetWorkingDays: 14,
    to: ['head-of-service', 'qa-manager'],
    level: 3,
  },
];

/**
 * The CSE cycle's timescales (local practice; a council sets its own by id): the meeting within 10 working days of
 * the request, and the plan reviewed every 6 weeks until the risk is reduced or CP procedures take over.
 */
export const DEFAULT_CSE_RULES: TimescaleRule[] = [
  {
    id: 'cse-meeting',
    title: 'CSE meeting held',
    kind: 'deadline',
    anchor: 'cse-requested',
    offset: wd(10, 'after'),
    satisfiedBy: 'cse-meeting-held',
    owner: 'chair',
    ladder: 'standard',
    enabled: true,
  },
  {
    id: 'cse-review',
    title: 'CSE plan reviewed',
    kind: 'deadline',
    anchor: 'cse-plan-review',
    offset: { amount: 6, unit: 'weeks', direction: 'after' },
    satisfiedBy: 'cse-review-held',
    owner: 'chair',
    ladder: 'standard',
    enabled: true,
  },
];

/**
 * The rules a case plans by: its policy's, and the CSE cycle's defaults where the policy predates them (a case
 * opened before CSE cycles were kept still gets their deadlines once a CSE meeting is requested on it).
 */
export function rulesOf(policy: Policy): TimescaleRule[] {
  const missing = DEFAULT_CSE_RULES.filter((d) => !policy.rules.some((r) => r.id === d.id));
  return missing.length ? [...policy.rules, ...missing] : policy.rules;
}

export const DEFAULT_POLICY: Policy = {
  id: 'cpcase-default-2026-11',
  counting: 'next-day',
  sendTime: '09:00',
  lateEntryWaitMinutes: 60,
  ladders: {
    standard: DEFAULT_LADDER,
    'plan-18-months': [
      { id: 'warn', kind: 'escalation', offsetWorkingDays: 0, to: ['team-manager', 'chair'], level: 1 },
    ],
    'plan-24-months': [
      {
        id: 'escalate',
        kind: 'escalation',
        offsetWorkingDays: 0,
        to: ['service-manager', 'head-of-service'],
        level: 2,
      },
    ],
  },
  digestRoles: [],
  rules: [
    {
      id: 'icpc',
      title: 'Initial child protection conference held',
      kind: 'deadline',
      anchor: 'strategy-discussion',
      offset: wd(15, 'after'),
      satisfiedBy: 'initial-conference-held',
      owner: 'social-worker',
      ladder: 'standard',
      enabled: true,
    },
    {
      id: 'transfer-in-conference',
      title: 'Transfer-in conference held',
      kind: 'deadline',
      anchor: 'transfer-in-notified',
      offset: wd(15, 'after'),
      satisfiedBy: 'transfer-in-conference-held',
      owner: 'social-worker',
      ladder: 'standard',
      enabled: true,
    },
    {
      id: 'pre-birth-icpc',
      title: "Pre-birth conference held by 28 weeks' gestation",
      kind: 'deadline',
      anchor: 'expected-birth',
      offset: { amount: 12, unit: 'weeks', direction: 'before' },
      satisfiedBy: 'initial-conference-held',
      owner: 'social-worker',
      ladder: 'standard',
      enabled: true,
    },
    {
      id: 'invitations',
      title: 'Invitations sent to agencies',
      kind: 'deadline',
      anchor: 'conference-date',
      offset: wd(5, 'before'),
      conferenceTypes: ['initial', 'review', 'transfer-in', 'pre-birth'],
      satisfiedBy: 'invitations-sent',
      owner: 'chair',
      ladder: 'standard',
      enabled: true,
    },
    {
      id: 'sw-report-initial',
      title: 'Social worker report to chair (initial conference)',
      kind: 'deadline',
      anchor: 'conference-date',
      offset: wd(1, 'before'),
      conferenceTypes: ['initial', 'transfer-in', 'pre-birth'],
      satisfiedBy: 'social-worker-report',
      owner: 'social-worker',
      ladder: 'standard',
      enabled: true,
    },
    {
      id: 'sw-report-review',
      title: 'Social worker report to chair (review conference)',
      kind: 'deadline',
      anchor: 'conference-date',
      offset: wd(3, 'before'),
      conferenceTypes: ['review'],
      satisfiedBy: 'social-worker-report',
      owner: 'social-worker',
      ladder: 'standard',
      enabled: true,
    },
    {
      id: 'agency-report',
      title: 'Agency report to chair',
      kind: 'deadline',
      anchor: 'conference-date',
      offset: wd(2, 'before'),
      conferenceTypes: ['initial', 'review', 'transfer-in', 'pre-birth'],
      satisfiedBy: 'agency-report',
      owner: 'agency',
      ladder: 'standard',
      enabled: true,
    },
    {
      id: 'outline-plan',
      title: 'Outline plan distributed',
      kind: 'deadline',
      anchor: 'conference-held',
      offset: wd(1, 'after'),
      conferenceTypes: ['initial', 'review', 'transfer-in', 'pre-birth'],
      satisfiedBy: 'outline-plan-distributed',
      owner: 'chair',
      ladder: 'standard',
      enabled: true,
    },
    {
      id: 'minutes-to-chair',
      title: 'Minutes sent to chair',
      kind: 'deadline',
      anchor: 'conference-held',
      offset: wd(5, 'after'),
      conferenceTypes: ['initial', 'review', 'transfer-in', 'pre-birth'],
      satisfiedBy: 'minutes-sent-to-chair',
      owner: 'minute-taker',
      ladder: 'standard',
      enabled: true,
    },
    {
      id: 'minutes-approved',
      title: 'Minutes approved by chair',
      kind: 'deadline',
      anchor: 'minutes-sent-to-chair',
      offset: wd(5, 'after'),
      satisfiedBy: 'minutes-approved',
      owner: 'chair',
      ladder: 'standard',
      enabled: true,
    },
    {
      id: 'full-record',
      title: 'Full record distributed',
      kind: 'deadline',
      anchor: 'conference-held',
      offset: wd(15, 'after'),
      conferenceTypes: ['initial', 'review', 'transfer-in', 'pre-birth'],
      satisfiedBy: 'full-record-distributed',
      owner: 'minute-taker',
      ladder: 'standard',
      enabled: true,
    },
    {
      id: 'first-core-group',
      title: 'First core group held',
      kind: 'deadline',
      anchor: 'initial-plan-conference',
      offset: wd(10, 'after'),
      satisfiedBy: 'core-group-held',
      owner: 'social-worker',
      ladder: 'standard',
      enabled: true,
    },
    {
      id: 'first-review',
      title: 'First review conference held',
      kind: 'deadline',
      anchor: 'initial-plan-conference',
      offset: { amount: 3, unit: 'months', direction: 'after' },
      satisfiedBy: 'review-conference-held',
      owner: 'chair',
      ladder: 'standard',
      enabled: true,
    },
    {
      id: 'later-review',
      title: 'Review conference held',
      kind: 'deadline',
      anchor: 'previous-review',
      offset: { amount: 6, unit: 'months', direction: 'after' },
      satisfiedBy: 'review-conference-held',
      owner: 'chair',
      ladder: 'standard',
      enabled: true,
    },
    {
      id: 'plan-18-months',
      title: 'Plan has lasted 18 months',
      kind: 'alert',
      anchor: 'plan-started',
      offset: { amount: 18, unit: 'months', direction: 'after' },
      satisfiedBy: 'plan-ended',
      owner: 'team-manager',
      ladder: 'plan-18-months',
      enabled: true,
    },
    {
      id: 'plan-24-months',
      title: 'Plan has lasted 24 months',
      kind: 'alert',
      anchor: 'plan-started',
      offset: { amount: 24, unit: 'months', direction: 'after' },
      satisfiedBy: 'plan-ended',
      owner: 'service-manager',
      ladder: 'plan-24-months',
      enabled: true,
    },
    ...DEFAULT_CSE_RULES,
  ],
};

export function ruleById(policy: Policy, id: string): TimescaleRule | undefined {
  return policy.rules.find((r) => r.id === id);
}
