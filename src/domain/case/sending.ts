// When each reminder and escalation goes, decided against the case as it stands at that moment. Pure.
//
// Every step goes at the policy's send time (09:00 Europe/London) on a working day, never at the moment
// something was recorded. A step the case knew of in good time goes then (or as soon as a worker is back, if
// none was running at that moment). A step whose time had passed before the case knew of it, or came within
// the policy's `lateEntryWaitMinutes` after (a late entry, a date moved earlier), waits for the first send time
// at least that long after the case's latest entry, so an administrator can finish entering a history; it is
// decided again then. Nothing goes about a deadline met, waived or stopped meanwhile; for one still outstanding,
// one message at the level now due, to that level and to the owner, and the earlier steps count as done.
import { addDays, type LocalDate } from '../dates';
import { londonDate, londonInstant } from '../londonTime';
import { isWorkingDay, type HolidayCalendar } from '../workingDays';
import { resolveRecipients, type Notification, type ResolvedRecipient } from './actions';
import { isActive, type Deadline, type PlannedStep } from './plan';
import type { CaseState } from './types';

/** The default wait after a case's latest entry before steps that entry made due go out. */
export const DEFAULT_LATE_ENTRY_WAIT_MINUTES = 60;
const MINUTE = 60_000;
/** A send that failed is tried again after 10 s, doubling to at most 30 minutes: a reminder is never dropped. */
const FIRST_RETRY_MS = 10_000;
const MAX_RETRY_MS = 30 * MINUTE;
/** Delivery problems a case keeps for its status (the newest). */
const PROBLEMS_KEPT = 20;

/** The deadline's due date as the case knows it, and since when (epoch ms). */
export interface KnownDeadline {
  due: LocalDate;
  since: number;
  /**
   * When its late steps were released (the send time they waited for came): a later entry no longer holds them
   * back, even if the send has to be tried again.
   */
  releasedAt?: number;
}

/**
 * A failure of the mail set-up rather than of one message: 'configuration' (authentication, TLS, the sender
 * refused, every message refused) needs someone to fix it; 'unavailable' (no answer, 4xx) usually mends itself.
 * Either way every message keeps being retried and none is called undeliverable.
 */
export interface MailFault {
  kind: 'configuration' | 'unavailable';
  since: number;
  detail: string;
}

/** Someone a message could not reach: the administrator is told by email, and the case shows it. */
export interface DeliveryProblem {
  key: string;
  recipient: string;
  problem: string;
  /** False when the alert to the administrator could not be delivered either. */
  alerted: boolean;
  at: number;
}

/** What the case keeps about sending (absent in cases that ran before patch 'send-at-send-time'). */
export interface SendingState {
  /** Deadlines with steps still to send: their due date as the case knows it and since when. */
  known: Record<string, KnownDeadline>;
  /** After a failed send: how many in a row, and the instant before which none is tried again. */
  backoff?: { failures: number; until: number };
  fault?: MailFault;
  problems: DeliveryProblem[];
}

export const emptySending = (): SendingState => ({ known: {}, problems: [] });

/** The first send time at or after `t`: the policy's time of day on a working day, London time. */
export function sendTimeAtOrAfter(cal: HolidayCalendar, sendTime: string, t: number): number {
  let day = londonDate(t);
  // A year and more of days with no working day cannot happen; the bound only keeps a bad calendar finite.
  for (let i = 0; i < 800; i++, day = addDays(day, 1)) {
    if (!isWorkingDay(cal, day)) continue;
    const at = londonInstant(day, sendTime);
    if (at >= t) return at;
  }
  throw new RangeError(`no working day in the 800 days from ${londonDate(t)}`);
}

const waitMinutes = (s: CaseState) => s.policy.lateEntryWaitMinutes ?? DEFAULT_LATE_ENTRY_WAIT_MINUTES;
const lastEntryAt = (s: CaseState) => {
  const last = s.events[s.events.length - 1];
  return last ? Date.parse(last.recordedAt) : 0;
};

function pendingSteps(s: CaseState, d: Deadline, done: ReadonlySet<string>): PlannedStep[] {
  return isActive(d) ? d.steps.filter((st) => !done.has(st.key)) : [];
}

/**
 * The deadlines the case knows, refreshed at a pass: one with steps still to send is known from the first pass
 * that sees it (or sees its due date change), and its late steps are released once their send time has come;
 * one with none left is forgotten.
 */
export function trackKnown(s: CaseState, deadlines: Deadline[], now: number): Record<string, KnownDeadline> {
  const before = s.sending?.known ?? {};
  // A case that ran before patch 'send-at-send-time' knew each deadline since the entry that made it, at the
  // latest: its next steps stay on time across the upgrade.
  const firstSeen = s.sending ? now : Math.min(now, lastEntryAt(s));
  const done = new Set(s.stepsDone);
  const known: Record<string, KnownDeadline> = {};
  for (const d of deadlines) {
    const pending = pendingSteps(s, d, done);
    if (pending.length === 0) continue;
    const k = before[d.id];
    const entry = k && k.due === d.dueDate ? k : { due: d.dueDate, since: firstSeen };
    known[d.id] = entry;
    if (entry.releasedAt !== undefined) continue;
    const late = pending.map((st) => lateRelease(s, entry, st)).filter((t): t is number => t !== undefined);
    const released = late.length ? Math.min(...late) : undefined;
    if (released !== undefined && released <= now) known[d.id] = { ...entry, releasedAt: released };
  }
  return known;
}

/** The step's send time on a working day (an extension to a Saturday, say, goes on the next one). */
const slotOf = (s: CaseState, step: PlannedStep) => sendTimeAtOrAfter(s.calendar, s.policy.sendTime, step.at);

/**
 * For a step whose send time came before the case knew of its deadline, or within the wait after (what an
 * entry makes due waits until the administrator has finished): when it may go; else undefined.
 */
function lateRelease(s: CaseState, k: KnownDeadline, step: PlannedStep): number | undefined {
  if (slotOf(s, step) > k.since + waitMinutes(s) * MINUTE) return undefined;
  if (k.releasedAt !== undefined) return k.releasedAt;
  const after = Math.max(k.since + 1, lastEntryAt(s) + waitMinutes(s) * MINUTE);
  return sendTimeAtOrAfter(s.calendar, s.policy.sendTime, after);
}

/** When a step may go: at its send time if the case knew of it before then, else after the wait (see above). */
export function releaseAt(s: CaseState, d: Deadline, step: PlannedStep, now: number): number {
  const k = s.sending?.known[d.id];
  const known = k && k.due === d.dueDate ? k : { due: d.dueDate, since: now };
  return lateRelease(s, known, step) ?? slotOf(s, step);
}

/** One send the case owes now: the steps it settles, and the message (absent when a digest carries it). */
export interface DueSend {
  deadlineId: string;
  done: string[];
  notification?: Notification;
}

function notificationFor(s: CaseState, d: Deadline, due: PlannedStep[]): Notification {
  const latest = due.reduce((a, b) => (b.at > a.at || (b.at === a.at && b.level > a.level) ? b : a));
  let recipients: ResolvedRecipient[] = resolveRecipients(s, d, latest);
  // Steps that went unsent (a late entry, a worker away) leave the owner told as well as the level now due.
  const ownerSkipped = due.some((st) => st !== latest && st.to.includes('owner'));
  if (ownerSkipped && !latest.to.includes('owner')) {
    const owner: ResolvedRecipient = { role: d.owner.role, id: d.owner.id };
    recipients = [owner, ...recipients.filter((r) => !(r.id && r.id === owner.id))];
  }
  return {
    key: latest.key,
    caseRef: s.caseRef,
    deadlineId: d.id,
    ruleId: d.ruleId,
    title: d.title,
    dueDate: d.dueDate,
    kind: latest.kind,
    level: latest.level,
    stepId: latest.stepId,
    owner: d.owner,
    lateBy: d.lateBy,
    conferenceId: d.conferenceId,
    recipients,
  };
}

/** Everything due to go at `now`, in deadline order; none while a failed send waits to be tried again. */
export function dueSends(s: CaseState, deadlines: Deadline[], now: number): DueSend[] {
  if (s.sending?.backoff && s.sending.backoff.until > now) return [];
  const done = new Set(s.stepsDone);
  const out: DueSend[] = [];
  for (const d of deadlines) {
    const due = pendingSteps(s, d, done).filter((st) => releaseAt(s, d, st, now) <= now);
    if (due.length === 0) continue;
    const n = notificationFor(s, d, due);
    const digest = n.level === 0 && (s.policy.digestRoles ?? []).includes(d.owner.role);
    // A reminder to someone whose role takes the morning digest is in the digest; escalations still go.
    out.push({ deadlineId: d.id, done: due.map((st) => st.key), ...(digest ? {} : { notification: n }) });
  }
  return out;
}

/** The next instant a step becomes due, after `now`; undefined when nothing is pending. */
export function nextReleaseAt(s: CaseState, deadlines: Deadline[], now: number): number | undefined {
  const done = new Set(s.stepsDone);
  let next: number | undefined;
  for (const d of deadlines) {
    for (const st of pendingSteps(s, d, done)) {
      const at = releaseAt(s, d, st, now);
      if (at > now && (next === undefined || at < next)) next = at;
    }
  }
  const backoff = s.sending?.backoff;
  if (backoff && backoff.until > now) {
    // Sends held back by a failure go when the wait is over.
    const held = dueSends({ ...s, sending: { ...s.sending!, backoff: undefined } }, deadlines, now);
    if (held.length > 0) next = Math.min(next ?? Infinity, backoff.until);
  }
  return next;
}

const retryAfter = (failures: number) =>
  Math.min(FIRST_RETRY_MS * 2 ** Math.min(failures - 1, 20), MAX_RETRY_MS);

/** A send failed for a reason of the mail set-up: wait, then try again; the fault shows until a send succeeds. */
export function sendFailed(
  sending: SendingState,
  now: number,
  fault: Omit<MailFault, 'since'>,
): SendingState {
  const failures = (sending.backoff?.failures ?? 0) + 1;
  const since = sending.fault?.kind === fault.kind ? sending.fault.since : now;
  return {
    ...sending,
    backoff: { failures, until: now + retryAfter(failures) },
    fault: { ...fault, since },
  };
}

/** Beyond the claim's lapse, so that by the worker's clock too it has lapsed when the case tries again. */
const HELD_MARGIN_MS = 1_000;

/**
 * Another worker holds the claim on the message (it may be sending it now): no fault, the mail is fine. The case
 * tries again once the claim lapses, when it is either settled (nothing more to send) or taken over from a worker
 * that died; any fault shown stays as it was.
 */
export function sendHeld(sending: SendingState, now: number, retryInMs: number): SendingState {
  const wait = Math.min(Math.max(retryInMs, 0) + HELD_MARGIN_MS, MAX_RETRY_MS);
  return { ...sending, backoff: { failures: sending.backoff?.failures ?? 0, until: now + wait } };
}

/** A send went through: any fault is over; people it could not reach are kept for the status. */
export function sendSucceeded(sending: SendingState, problems: DeliveryProblem[]): SendingState {
  const { backoff: _b, fault: _f, ...rest } = sending;
  return { ...rest, problems: [...sending.problems, ...problems].slice(-PROBLEMS_KEPT) };
}
