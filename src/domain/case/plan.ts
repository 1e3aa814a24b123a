// Planning: from the case state (its events' real dates), its calendar and its policy, every deadline the case
// has ever had, with its status and its reminder and escalation steps. Pure and total: recomputed from scratch
// after every change, so a moved date, a new bank holiday or a late entry is reflected everywhere at once.
import { type LocalDate, addDays, compareDates } from '../dates';
import { londonInstant } from '../londonTime';
import { byCodeUnits } from '../order';
import {
  rulesOf,
  type ConferenceType,
  type LadderStep,
  type OwnerRole,
  type Policy,
  type TimescaleRule,
} from '../policy';
import {
  addMonthsRollBack,
  addWorkingDays,
  workingDayOnOrBefore,
  workingDaysLate,
  type HolidayCalendar,
} from '../workingDays';
import type { CaseState, Conference } from './types';

export type DeadlineStatus = 'open' | 'missed' | 'met' | 'waived' | 'cancelled' | 'alerted';

export interface Owner {
  role: OwnerRole;
  /** Staff id, or agency id when role is 'agency'. Absent when the case has nobody in that role. */
  id?: string;
}

export interface PlannedStep {
  key: string;
  stepId: string;
  kind: LadderStep['kind'];
  level: number;
  date: LocalDate;
  /** Epoch milliseconds of the policy's send time on that date, Europe/London. */
  at: number;
  to: LadderStep['to'];
}

export interface Deadline {
  id: string;
  ruleId: string;
  title: string;
  kind: TimescaleRule['kind'];
  anchorDate: LocalDate;
  /** The due date after any approved extension. */
  dueDate: LocalDate;
  /** The due date the policy gave, before any extension. */
  policyDueDate: LocalDate;
  owner: Owner;
  status: DeadlineStatus;
  metOn?: LocalDate;
  /** Working days after the due date it was met, 0 when on time; for open or missed ones, days overdue now. */
  lateBy?: number;
  conferenceId?: string;
  childId?: string;
  agencyId?: string;
  override?: { kind: 'extended' | 'waived'; reason: string; approvedBy: string };
  /**
   * The day its reason went away before it was met (conference cancelled, plan ended, baby born, case closed):
   * nothing more is sent for it and nobody is chased, though one already missed stays missed, late by the days up
   * to then.
   */
  stoppedOn?: LocalDate;
  steps: PlannedStep[];
}

interface Instance {
  id: string;
  rule: TimescaleRule;
  anchor: LocalDate;
  metOn?: LocalDate;
  /** Stops the deadline without meeting it: conference cancelled, plan ended, case closed. */
  cancelledOn?: LocalDate;
  conferenceId?: string;
  childId?: string;
  agencyId?: string;
}

const INITIAL: ConferenceType[] = ['initial', 'pre-birth'];
/** Conferences at which a plan can start here: the review timetable and core groups follow each of them. */
const PLAN_STARTING: ConferenceType[] = ['initial', 'pre-birth', 'transfer-in'];
/**
 * The planning rules a case runs under, carried in its state so older histories replay as they ran:
 * 1, the first rules; 2, a first review and core group after every plan-starting conference, and plan-dependent
 * deadlines stop when the child's plan does; 3, a deadline whose reason went away sends nothing more and is no
 * longer outstanding (a missed one stays missed for the report); 4, what is owed before a conference
 * (invitations, reports) stops when the conference is held: nobody is chased for invitations to a meeting that
 * has happened (a document that arrives on the day still counts, late); 5, deadlines due the same day are in
 * the code-unit order of their ids, not the host's locale order (the order notifications and ledger writes
 * follow: it must not change with a Node upgrade's ICU data).
 */
export const PLAN_RULES_VERSION = 5;
const REVIEWS_AFTER_EVERY_PLAN_START = 2;
const STOPPED_DEADLINES_QUIET = 3;
const PRE_CONFERENCE_STOPS_WHEN_HELD = 4;
const HOST_INDEPENDENT_ORDER = 5;
const firstOnOrAfter = (dates: (LocalDate | undefined)[], from: LocalDate): LocalDate | undefined =>
  dates.filter((d): d is LocalDate => d !== undefined && d >= from).sort()[0];
const held = (s: CaseState, types?: ConferenceType[]) =>
  s.conferences.filter((c) => c.status === 'held' && c.heldOn && (!types || types.includes(c.type)));

function dueDateOf(cal: HolidayCalendar, policy: Policy, rule: TimescaleRule, anchor: LocalDate): LocalDate {
  const { amount, unit, direction } = rule.offset;
  const sign = direction === 'after' ? 1 : -1;
  switch (unit) {
    case 'working-days':
      return addWorkingDays(cal, anchor, sign * amount, rule.counting ?? policy.counting).date;
    case 'months':
      return addMonthsRollBack(cal, anchor, sign * amount);
    case 'weeks':
      return workingDayOnOrBefore(cal, addDays(anchor, sign * amount * 7));
    case 'calendar-days':
      return workingDayOnOrBefore(cal, addDays(anchor, sign * amount));
  }
}

/** Plans end when a child's plan ends; a case with no child on a plan has no reviews or core groups due. */
function lastPlanEnd(s: CaseState): LocalDate | undefined {
  if (s.children.some((c) => c.plan)) return undefined;
  return s.children
    .flatMap((c) => c.pastPlans.map((p) => p.endedOn))
    .sort()
    .pop();
}

/**
 * The first day on or after `from` with no child of the case on a plan; undefined while one still is. A review
 * due under plans that all ended stays stopped even if a later enquiry puts a child on a plan again.
 */
function noPlanFrom(s: CaseState, from: LocalDate): LocalDate | undefined {
  const spans = s.children.flatMap((c) => [
    ...c.pastPlans.map((p) => ({ start: p.startedOn, end: p.endedOn })),
    ...(c.plan ? [{ start: c.plan.startedOn, end: undefined }] : []),
  ]);
  for (let day = from; ;) {
    const covering = spans.filter((p) => p.start <= day && (p.end === undefined || p.end > day));
    if (covering.length === 0) return day;
    if (covering.some((p) => p.end === undefined)) return undefined;
    day = covering
      .map((p) => p.end!)
      .sort()
      .pop()!;
  }
}

const typeOk = (rule: TimescaleRule) => (c: Conference) =>
  !rule.conferenceTypes || rule.conferenceTypes.includes(c.type);
/** From planning rules 2: every plan-starting conference has its own review timetable and core group. */
const plansEachHaveReviews = (s: CaseState) => (s.planRules ?? 1) >= REVIEWS_AFTER_EVERY_PLAN_START;

/** The ICPC of the current enquiry: from its latest strategy discussion, met by an initial conference since its first. */
function enquiryInstances(s: CaseState, rule: TimescaleRule): Instance[] {
  const latest = s.strategyDiscussions[s.strategyDiscussions.length - 1];
  const first = s.strategyDiscussions[0];
  if (!latest || !first) return [];
  const initial = held(s, rule.satisfiedBy === 'initial-conference-held' ? INITIAL : undefined);
  return [
    {
      id: `${rule.id}:E${s.enquiry}`,
      rule,
      anchor: latest,
      metOn: firstOnOrAfter(
        initial.map((c) => c.heldOn),
        first,
      ),
    },
  ];
}

function transferInInstances(s: CaseState, rule: TimescaleRule): Instance[] {
  const notified = s.transferInNotifiedOn;
  if (!notified) return [];
  const metOn = firstOnOrAfter(
    held(s, ['transfer-in']).map((c) => c.heldOn),
    notified,
  );
  return [{ id: rule.id, rule, anchor: notified, metOn }];
}

/** A pre-birth conference by a date before each unborn child's expected birth; stopped by the birth. */
function birthInstances(s: CaseState, rule: TimescaleRule): Instance[] {
  if (s.strategyDiscussions.length === 0) return [];
  return s.children
    .filter((c) => c.expectedBirth)
    .map((ch) => ({
      id: `${rule.id}:${ch.id}`,
      rule,
      anchor: ch.expectedBirth!,
      childId: ch.id,
      metOn: firstOnOrAfter(
        held(s, INITIAL).map((c) => c.heldOn),
        s.strategyDiscussions[0]!,
      ),
      cancelledOn: ch.dateOfBirth,
    }));
}

/** What is owed before a conference (invitations, reports), counted back from its date. */
function beforeConferenceInstances(s: CaseState, rule: TimescaleRule): Instance[] {
  const out: Instance[] = [];
  for (const c of s.conferences.filter((x) => x.scheduledDate && typeOk(rule)(x))) {
    const base = {
      rule,
      anchor: c.scheduledDate!,
      conferenceId: c.id,
      cancelledOn: undefined as LocalDate | undefined,
    };
    if (c.status === 'cancelled') base.cancelledOn = c.cancelledOn ?? c.scheduledDate;
    else if (c.status === 'held' && (s.planRules ?? 1) >= PRE_CONFERENCE_STOPS_WHEN_HELD)
      base.cancelledOn = c.heldOn;
    if (rule.satisfiedBy === 'agency-report') {
      for (const a of c.agencies) {
        out.push({ ...base, id: `${rule.id}:${c.id}:${a}`, agencyId: a, metOn: c.agencyReportsOn[a] });
      }
      continue;
    }
    const metOn =
      rule.satisfiedBy === 'invitations-sent'
        ? c.invitationsSentOn
        : rule.satisfiedBy === 'social-worker-report'
          ? c.socialWorkerReportOn
          : undefined;
    out.push({ ...base, id: `${rule.id}:${c.id}`, metOn });
  }
  return out;
}

/** What is owed after a conference is held: the outline plan, the minutes, the record. */
function afterConferenceInstances(s: CaseState, rule: TimescaleRule): Instance[] {
  return held(s)
    .filter(typeOk(rule))
    .map((c) => {
      const metOn = {
        'outline-plan-distributed': c.outlinePlanOn,
        'minutes-sent-to-chair': c.minutesToChairOn,
        'minutes-approved': c.minutesApprovedOn,
        'full-record-distributed': c.fullRecordOn,
      }[rule.satisfiedBy as string];
      return { id: `${rule.id}:${c.id}`, rule, anchor: c.heldOn!, conferenceId: c.id, metOn };
    });
}

/** The chair's approval, counted from the minutes reaching them. */
function approvalInstances(s: CaseState, rule: TimescaleRule): Instance[] {
  return held(s)
    .filter((x) => x.minutesToChairOn)
    .map((c) => ({
      id: `${rule.id}:${c.id}`,
      rule,
      anchor: c.minutesToChairOn!,
      conferenceId: c.id,
      metOn: c.minutesApprovedOn,
    }));
}

/** The first review and first core group after each conference that started a plan. */
function firstReviewInstances(s: CaseState, rule: TimescaleRule): Instance[] {
  const current = plansEachHaveReviews(s);
  const starting = held(s, current ? PLAN_STARTING : INITIAL).filter((c) =>
    c.outcomes?.some((o) => o.outcome === 'plan-started'),
  );
  // Rules version 1 knew only the case's first plan: a second plan or a transfer-in had no first review.
  return (current ? starting : starting.slice(0, 1)).map((icpc) => {
    const metOn =
      rule.satisfiedBy === 'core-group-held'
        ? firstOnOrAfter(s.coreGroups, icpc.heldOn!)
        : firstOnOrAfter(
            held(s, ['review']).map((c) => c.heldOn),
            icpc.heldOn!,
          );
    return { id: `${rule.id}:${icpc.id}`, rule, anchor: icpc.heldOn!, conferenceId: icpc.id, metOn };
  });
}

/** The next review after each review at which plans went on (or began). */
function laterReviewInstances(s: CaseState, rule: TimescaleRule): Instance[] {
  const reviews = held(s, ['review']).sort((a, b) => compareDates(a.heldOn!, b.heldOn!));
  return reviews
    .filter((r) => r.outcomes?.some((o) => o.outcome === 'plan-continues' || o.outcome === 'plan-started'))
    .map((r) => ({
      id: `${rule.id}:${r.id}`,
      rule,
      anchor: r.heldOn!,
      conferenceId: r.id,
      metOn: reviews.find((x) => x.heldOn! > r.heldOn!)?.heldOn,
    }));
}

/** Alerts on how long each child's plan has lasted; each stops when its plan ends. */
function planDurationInstances(s: CaseState, rule: TimescaleRule): Instance[] {
  return s.children.flatMap((ch) =>
    [...ch.pastPlans, ...(ch.plan ? [{ ...ch.plan, endedOn: undefined }] : [])].map((p) => ({
      id: `${rule.id}:${ch.id}:${p.startedOn}`,
      rule,
      anchor: p.startedOn,
      childId: ch.id,
      cancelledOn: p.endedOn,
    })),
  );
}

/** Each anchor's deadlines: what a rule counts from decides which events make an instance of it. */
const INSTANCES: Record<TimescaleRule['anchor'], (s: CaseState, rule: TimescaleRule) => Instance[]> = {
  'strategy-discussion': enquiryInstances,
  'transfer-in-notified': transferInInstances,
  'expected-birth': birthInstances,
  'conference-date': beforeConferenceInstances,
  'conference-held': afterConferenceInstances,
  'minutes-sent-to-chair': approvalInstances,
  'initial-plan-conference': firstReviewInstances,
  'previous-review': laterReviewInstances,
  'plan-started': planDurationInstances,
  'cse-requested': (s, rule) => cseInstances(s, rule),
  'cse-plan-review': (s, rule) => cseInstances(s, rule),
};

function instancesFor(s: CaseState, rule: TimescaleRule): Instance[] {
  const current = plansEachHaveReviews(s);
  const out = INSTANCES[rule.anchor](s, rule);
  // Plan-dependent deadlines stop when the last plan ends; everything stops when the case closes.
  const planDependent = ['initial-plan-conference', 'previous-review'].includes(rule.anchor);
  for (const i of out) {
    const planEnd = !planDependent ? undefined : current ? noPlanFrom(s, i.anchor) : lastPlanEnd(s);
    const stops = [i.cancelledOn, planEnd, s.closed?.on]
      .filter((d): d is LocalDate => d !== undefined)
      .sort();
    i.cancelledOn = stops[0];
  }
  return out;
}

/**
 * A CSE cycle's deadlines: its meeting, counted from the request (stopped if CP procedures take over first), and
 * each review of its plan, counted from the plan's start or the review before (met by the next review).
 */
function cseInstances(s: CaseState, rule: TimescaleRule): Instance[] {
  return (s.cse ?? []).flatMap((ep) => {
    const key = `${rule.id}:${ep.childId}:${ep.requestedOn}`;
    if (rule.anchor === 'cse-requested') {
      return [
        {
          id: key,
          rule,
          anchor: ep.requestedOn,
          childId: ep.childId,
          ...(ep.meetingOn ? { metOn: ep.meetingOn } : { cancelledOn: ep.endedOn }),
        },
      ];
    }
    if (!ep.planStartedOn) return [];
    const anchors = [ep.planStartedOn, ...ep.reviews].filter((d) => !ep.endedOn || d < ep.endedOn);
    return anchors.map((anchor) => {
      const next = ep.reviews.find((r) => r > anchor);
      return {
        id: `${key}:${anchor}`,
        rule,
        anchor,
        childId: ep.childId,
        ...(next ? { metOn: next } : { cancelledOn: ep.endedOn }),
      };
    });
  });
}

function ownerOf(s: CaseState, i: Instance, conference?: Conference): Owner {
  switch (i.rule.owner) {
    case 'agency':
      return { role: 'agency', id: i.agencyId };
    case 'social-worker':
      return { role: 'social-worker', id: s.staff.socialWorker };
    case 'team-manager':
      return { role: 'team-manager', id: s.staff.teamManager };
    case 'service-manager':
      return { role: 'service-manager', id: s.staff.serviceManager };
    case 'chair':
      return { role: 'chair', id: conference?.chair ?? s.staff.chair };
    case 'minute-taker':
      return { role: 'minute-taker', id: s.staff.minuteTaker };
  }
}

/** Every deadline of the case, as of `today` (the London date now). */
/** Met (and how late), waived, cancelled, missed (and by how much), alerted, or still open, as of `today`. */
function statusOf(
  cal: HolidayCalendar,
  i: Instance,
  due: LocalDate,
  waived: boolean,
  today: LocalDate,
): { status: DeadlineStatus; lateBy?: number } {
  const rule = i.rule;
  if (i.metOn && rule.kind === 'deadline' && (!i.cancelledOn || i.metOn <= i.cancelledOn))
    return { status: 'met', lateBy: workingDaysLate(cal, due, i.metOn) };
  if (waived) return { status: 'waived' };
  if (i.cancelledOn && (rule.kind === 'alert' ? i.cancelledOn < due : true)) {
    // A deadline already missed when its reason went away stays missed: the report must show it.
    if (rule.kind === 'deadline' && i.cancelledOn > due)
      return { status: 'missed', lateBy: workingDaysLate(cal, due, i.cancelledOn) };
    return { status: 'cancelled' };
  }
  if (rule.kind === 'alert') return { status: today >= due ? 'alerted' : 'open' };
  if (today > due) return { status: 'missed', lateBy: workingDaysLate(cal, due, today) };
  return { status: 'open' };
}

export function planDeadlines(s: CaseState, today: LocalDate): Deadline[] {
  const cal = s.calendar;
  const quietWhenStopped = (s.planRules ?? 1) >= STOPPED_DEADLINES_QUIET;
  const deadlines: Deadline[] = [];
  for (const rule of rulesOf(s.policy).filter((r) => r.enabled)) {
    for (const i of instancesFor(s, rule)) {
      const policyDue = dueDateOf(cal, s.policy, rule, i.anchor);
      const ov = s.overrides[i.id];
      const due = ov?.kind === 'extended' && ov.newDueDate ? ov.newDueDate : policyDue;
      const conference = i.conferenceId ? s.conferences.find((c) => c.id === i.conferenceId) : undefined;
      const { status, lateBy } = statusOf(cal, i, due, ov?.kind === 'waived', today);

      const ladder = s.policy.ladders[rule.ladder] ?? [];
      const steps: PlannedStep[] = ladder.map((step) => {
        const date = addWorkingDays(cal, due, step.offsetWorkingDays, 'next-day').date;
        return {
          key: `${s.caseRef}/${i.id}/${step.id}`,
          stepId: step.id,
          kind: step.kind,
          level: step.level,
          date,
          at: londonInstant(date, s.policy.sendTime),
          to: step.to,
        };
      });
      const stoppedOn = quietWhenStopped && status !== 'met' ? i.cancelledOn : undefined;
      deadlines.push({
        id: i.id,
        ruleId: rule.id,
        title: rule.title,
        kind: rule.kind,
        anchorDate: i.anchor,
        dueDate: due,
        policyDueDate: policyDue,
        owner: ownerOf(s, i, conference),
        status,
        metOn: status === 'met' ? i.metOn : undefined,
        lateBy,
        conferenceId: i.conferenceId,
        childId: i.childId,
        agencyId: i.agencyId,
        override: ov ? { kind: ov.kind, reason: ov.reason, approvedBy: ov.approvedBy } : undefined,
        ...(stoppedOn ? { stoppedOn } : {}),
        steps,
      });
    }
  }
  // Before rules 5, ties went by the host's locale order; histories made under it replay with it.
  const byId =
    (s.planRules ?? 1) >= HOST_INDEPENDENT_ORDER ? byCodeUnits : (a: string, b: string) => a.localeCompare(b);
  return deadlines.sort((a, b) => compareDates(a.dueDate, b.dueDate) || byId(a.id, b.id));
}

/** Deadlines that still call for reminders or escalations: not met, waived, cancelled or stopped. */
export function isActive(d: Pick<Deadline, 'status' | 'kind' | 'stoppedOn'>): boolean {
  return isOutstanding(d) || (!d.stoppedOn && d.kind === 'alert' && d.status === 'alerted');
}

/** Still ahead or still owed: open (an alert not yet reached, too) or missed, and not stopped. */
export function isOutstanding(d: Pick<Deadline, 'status' | 'stoppedOn'>): boolean {
  return !d.stoppedOn && (d.status === 'open' || d.status === 'missed');
}
