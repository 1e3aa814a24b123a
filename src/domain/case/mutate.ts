// What each event does to a case, and every check that makes one impossible. Works on a private copy (see
// apply.ts) and refuses with `reject`. Some rules depend on the planning rules the case runs under, so a history
// replays as it ran: from version 4, events attach to a conference only when exactly one fits, a conference never
// booked is booked by being held, and a conference accounts for every child.
import { ageOn, compareDates, type LocalDate } from '../dates';
import {
  EXACT_ATTACHMENT,
  conferenceAfter,
  conferenceBefore,
  latestConference,
  namedConference,
  scheduledConference,
} from './conferences';
import { riskIndicatorsOf } from '../policy';
import { reject } from './rejection';
import { applyCse } from './cse';
import type { CaseEvent, CaseState, ChildState, Conference } from './types';

const INITIAL_TYPES = new Set(['initial', 'pre-birth']);
/** Children this old at a conference have their participation recorded (the annual report's Table 3). */
const PARTICIPATION_AGE = 10;

type Ev<T extends CaseEvent['type']> = Extract<CaseEvent, { type: T }>;
/**
 * Judging: an event offered now, checked in full. Replaying: a history already accepted (a correction, a
 * report's rebuild), applied without judging it again by checks that only refuse new input.
 */
export type Mode = 'judging' | 'replaying';
const exact = (s: CaseState) => (s.planRules ?? 1) >= EXACT_ATTACHMENT;

function notBefore(date: LocalDate, earliest: LocalDate | undefined, what: string, than: string): void {
  if (earliest && compareDates(date, earliest) < 0)
    reject(`${what} (${date}) cannot be before ${than} (${earliest})`);
}

function child(s: CaseState, id: string): ChildState {
  return s.children.find((c) => c.id === id) ?? reject(`no child '${id}' on case ${s.caseRef}`);
}

/** The conference a document before the meeting is for (invitations, pre-meeting, reports). */
function beforeConference(
  s: CaseState,
  e: CaseEvent & { conferenceId?: string },
  what: string,
  mode: Mode,
): Conference {
  if (e.conferenceId !== undefined) return namedConference(s, e.conferenceId, 'any');
  const latest = () => latestConference(s, 'any');
  if (!exact(s)) return latest();
  return conferenceBefore(s, what, e.occurredAt, mode === 'replaying' ? latest : undefined);
}

/** The conference a document after the meeting is for (outline plan, minutes, full record). */
function afterConference(
  s: CaseState,
  e: CaseEvent & { conferenceId?: string },
  what: string,
  lacks: (c: Conference) => boolean,
  mode: Mode,
): Conference {
  if (e.conferenceId !== undefined) return namedConference(s, e.conferenceId, 'held');
  const latest = () => latestConference(s, 'held');
  if (!exact(s)) return latest();
  return conferenceAfter(s, what, e.occurredAt, lacks, mode === 'replaying' ? latest : undefined);
}

function toReschedule(
  s: CaseState,
  e: CaseEvent & { conferenceId?: string },
  what: string,
  mode: Mode,
): Conference {
  if (e.conferenceId !== undefined) return namedConference(s, e.conferenceId, 'scheduled');
  const latest = () => latestConference(s, 'scheduled');
  if (!exact(s)) return latest();
  return scheduledConference(s, what, mode === 'replaying' ? latest : undefined);
}

function strategyDiscussion(s: CaseState, e: Ev<'strategy-discussion'>): void {
  const lastInitial = s.conferences.filter((c) => c.status === 'held' && INITIAL_TYPES.has(c.type)).pop();
  if (lastInitial?.heldOn && compareDates(e.occurredAt, lastInitial.heldOn) > 0) {
    s.enquiry += 1;
    s.strategyDiscussions = [];
  }
  if (s.enquiry === 0) s.enquiry = 1;
  s.strategyDiscussions.push(e.occurredAt);
  s.strategyDiscussions.sort();
}

function conferenceScheduled(s: CaseState, e: Ev<'conference-scheduled'>): void {
  const open = s.conferences.find((c) => c.status === 'scheduled' && c.type === e.conferenceType);
  if (open)
    reject(`a ${e.conferenceType} conference (${open.id}) is already scheduled: reschedule or cancel it`);
  if (INITIAL_TYPES.has(e.conferenceType) && s.strategyDiscussions.length === 0) {
    reject(`an ${e.conferenceType} conference needs a strategy discussion recorded first`);
  }
  notBefore(e.date, e.occurredAt, 'the conference date', 'the day it was scheduled');
  s.conferences.push({
    id: `C${s.conferences.length + 1}`,
    type: e.conferenceType,
    status: 'scheduled',
    scheduledDate: e.date,
    scheduledTime: e.time,
    chair: e.chair,
    agencies: e.agencies ?? [...s.agencies],
    agencyReportsOn: {},
    ...(e.requestedBy ? { requestedBy: e.requestedBy } : {}),
  });
}

function reportReceived(s: CaseState, e: Ev<'report-received'>, mode: Mode): void {
  const who =
    e.from === 'social-worker' ? "the social worker's report" : `the report from ${e.from.agencyId}`;
  const c = beforeConference(s, e, who, mode);
  if (e.from === 'social-worker') {
    c.socialWorkerReportOn ??= e.occurredAt;
    return;
  }
  if (!c.agencies.includes(e.from.agencyId))
    reject(`agency '${e.from.agencyId}' was not invited to conference ${c.id}`);
  c.agencyReportsOn[e.from.agencyId] ??= e.occurredAt;
}

/** The conference being held: the one named, the one booked, or (never booked) a new one. */
function conferenceToHold(s: CaseState, e: Ev<'conference-held'>, mode: Mode): Conference {
  if (e.conferenceId !== undefined) return namedConference(s, e.conferenceId, 'scheduled');
  const type = e.conferenceType;
  const booked = s.conferences.filter((x) => x.status === 'scheduled' && (!type || x.type === type));
  if (booked.length > 1 && exact(s) && mode === 'judging') {
    reject(
      `conference-held could be for ${booked.map((c) => c.id).join(' or ')}: say which with --conference`,
    );
  }
  if (booked[0]) return booked[0];
  if (!type) return reject('no conference is scheduled: give the conference type');
  // Never booked: from rules 4 it is booked for the day it was held, so what it was owed (invitations,
  // reports) exists and counts by the documents' real dates.
  const c: Conference = {
    id: `C${s.conferences.length + 1}`,
    type,
    status: 'scheduled',
    ...(exact(s) ? { scheduledDate: e.occurredAt } : {}),
    agencies: [...s.agencies],
    agencyReportsOn: {},
  };
  s.conferences.push(c);
  return c;
}

function checkConferenceMayBeHeld(s: CaseState, c: Conference, on: LocalDate): void {
  if (INITIAL_TYPES.has(c.type)) {
    const first = s.strategyDiscussions[0];
    if (!first) reject('an initial conference cannot be held before any strategy discussion');
    notBefore(on, first, 'the initial conference', 'the strategy discussion');
  }
  if (c.type === 'transfer-in' && !s.transferInNotifiedOn) {
    reject('a transfer-in conference needs the transfer-in notification recorded first');
  }
  if (c.type === 'review' && !s.children.some((ch) => ch.plan))
    reject('a review conference needs a child on a plan');
}

function applyOutcomes(s: CaseState, e: Ev<'conference-held'>, c: Conference): void {
  const seen = new Set<string>();
  for (const o of e.children) {
    const ch = child(s, o.childId);
    if (seen.has(o.childId)) reject(`child '${o.childId}' is listed twice`);
    seen.add(o.childId);
    if (o.outcome === 'plan-started') {
      if (ch.plan) reject(`child '${o.childId}' is already on a plan: record 'plan-continues'`);
      ch.plan = { category: o.category, startedOn: e.occurredAt, conferenceId: c.id };
    } else if (o.outcome === 'plan-continues') {
      if (!ch.plan) reject(`child '${o.childId}' has no plan to continue`);
      if (o.category && ch.plan) ch.plan.category = o.category;
    } else if (o.outcome === 'plan-ended') {
      if (!ch.plan) reject(`child '${o.childId}' has no plan to end`);
      if (ch.plan) ch.pastPlans.push({ ...ch.plan, endedOn: e.occurredAt, reason: o.reason });
      ch.plan = undefined;
    } else if (ch.plan) {
      const was = o.outcome === 'no-plan' ? "'no-plan'" : 'not discussing them';
      reject(`child '${o.childId}' is on a plan: record 'continues' or 'ended:REASON', not ${was}`);
    }
  }
}

/** From rules 4: an outcome for every child of the case, and participation for each aged 10 or over. */
function checkEveryChild(s: CaseState, e: Ev<'conference-held'>): void {
  for (const o of e.children) child(s, o.childId); // an unknown child is named as such first
  const listed = new Set(e.children.map((o) => o.childId));
  const missing = s.children.filter((c) => !listed.has(c.id)).map((c) => c.id);
  if (missing.length) {
    reject(
      `the outcome for every child of the case is needed; missing ${missing.join(', ')} ` +
        `(e.g. --child ${missing[0]}=no-plan, or --child ${missing[0]}=not-discussed:REASON)`,
    );
  }
  const discussed = e.children.filter((o) => o.outcome !== 'not-discussed').map((o) => child(s, o.childId));
  const told = new Set((e.participation ?? []).map((p) => p.childId));
  const older = discussed
    .filter(
      (c) => c.dateOfBirth && ageOn(c.dateOfBirth, e.occurredAt) >= PARTICIPATION_AGE && !told.has(c.id),
    )
    .map((c) => c.id);
  if (older.length) {
    reject(
      `participation is needed for each child aged ${PARTICIPATION_AGE} or over; missing ${older.join(', ')} ` +
        `(e.g. --participation ${older[0]}=attended, or =consulted, =not-consulted, =not-recorded)`,
    );
  }
}

function conferenceHeld(s: CaseState, e: Ev<'conference-held'>, mode: Mode): void {
  const c = conferenceToHold(s, e, mode);
  checkConferenceMayBeHeld(s, c, e.occurredAt);
  if (exact(s) && mode === 'judging') checkEveryChild(s, e);
  applyOutcomes(s, e, c);
  for (const p of e.participation ?? []) child(s, p.childId);
  c.status = 'held';
  c.heldOn = e.occurredAt;
  c.outcomes = e.children;
  c.participation = e.participation;
  c.agencyParticipation = e.agencies;
  recordFamilyDetail(s, e, c);
}

/** Parents' participation, the family's indicators (codes of the case's policy) and who asked for it. */
function recordFamilyDetail(s: CaseState, e: Ev<'conference-held'>, c: Conference): void {
  if (e.indicators) {
    const known = riskIndicatorsOf(s.policy).map((i) => i.id);
    const unknown = e.indicators.filter((i) => !known.includes(i));
    if (unknown.length)
      reject(`indicator ${unknown.join(', ')} is not in the policy's list (${known.join(', ')})`);
    c.indicators = [...new Set(e.indicators)];
  }
  if (e.parents) c.parents = e.parents;
  if (e.requestedBy) c.requestedBy = e.requestedBy;
}

function afterTheConference(s: CaseState, e: CaseEvent, mode: Mode): void {
  switch (e.type) {
    case 'outline-plan-distributed': {
      const c = afterConference(s, e, 'the outline plan', (x) => !x.outlinePlanOn, mode);
      notBefore(e.occurredAt, c.heldOn, 'the outline plan', 'the conference');
      c.outlinePlanOn ??= e.occurredAt;
      return;
    }
    case 'minutes-sent-to-chair': {
      const c = afterConference(s, e, 'minutes sent to chair', (x) => !x.minutesToChairOn, mode);
      notBefore(e.occurredAt, c.heldOn, 'minutes sent to chair', 'the conference');
      c.minutesToChairOn ??= e.occurredAt;
      return;
    }
    case 'minutes-approved': {
      // Candidates are those not yet approved, so minutes never sent are refused as such, not as "no conference".
      const c = afterConference(s, e, 'minutes approved', (x) => !x.minutesApprovedOn, mode);
      if (!c.minutesToChairOn)
        reject(`minutes of conference ${c.id} cannot be approved before they are sent to the chair`);
      notBefore(e.occurredAt, c.minutesToChairOn, 'minutes approved', 'minutes sent to chair');
      c.minutesApprovedOn ??= e.occurredAt;
      return;
    }
    case 'full-record-distributed': {
      const c = afterConference(s, e, 'the full record', (x) => !x.fullRecordOn, mode);
      notBefore(e.occurredAt, c.minutesApprovedOn ?? c.heldOn, 'the full record', 'the approved minutes');
      c.fullRecordOn ??= e.occurredAt;
      return;
    }
  }
}

function aboutAChild(s: CaseState, e: Ev<'plan-ended'> | Ev<'birth-recorded'>): void {
  const ch = child(s, e.childId);
  if (e.type === 'birth-recorded') {
    if (!ch.expectedBirth || ch.dateOfBirth) reject(`child '${e.childId}' is not an unborn child`);
    ch.dateOfBirth = e.dateOfBirth;
    return;
  }
  if (!ch.plan) return reject(`child '${e.childId}' has no plan to end`);
  notBefore(e.occurredAt, ch.plan.startedOn, 'the end of the plan', 'its start');
  ch.pastPlans.push({ ...ch.plan, endedOn: e.occurredAt, reason: e.reason });
  ch.plan = undefined;
}

function override(s: CaseState, e: Ev<'deadline-extended'> | Ev<'deadline-waived'>): void {
  // The deadline's existence is checked by the caller, which can plan; here we only keep the decision.
  s.overrides[e.deadlineId] = {
    kind: e.type === 'deadline-extended' ? 'extended' : 'waived',
    newDueDate: e.type === 'deadline-extended' ? e.newDueDate : undefined,
    reason: e.reason,
    approvedBy: e.approvedBy,
    recordedBy: e.recordedBy,
    on: e.occurredAt,
  };
}

function rescheduleOrCancel(
  s: CaseState,
  e: Ev<'conference-rescheduled' | 'conference-cancelled'>,
  mode: Mode,
): void {
  const c = toReschedule(s, e, e.type, mode);
  if (e.type === 'conference-rescheduled') {
    c.scheduledDate = e.date;
    c.scheduledTime = e.time ?? c.scheduledTime;
    return;
  }
  c.status = 'cancelled';
  c.cancelledReason = e.reason;
  c.cancelledOn = e.occurredAt;
}

function coreGroupHeld(s: CaseState, e: Ev<'core-group-held'>): void {
  if (!s.children.some((ch) => ch.plan)) reject('a core group meets only while a child is on a plan');
  s.coreGroups.push(e.occurredAt);
  s.coreGroups.sort();
}

function cseEvent(
  s: CaseState,
  e: Ev<'cse-meeting-requested' | 'cse-meeting-held' | 'cse-review-held' | 'cse-moved-to-cp'>,
): void {
  child(s, e.childId);
  applyCse(s, e);
  // Child protection procedures take over on this case: the section 47 enquiry starts with this event.
  if (e.type === 'cse-moved-to-cp')
    strategyDiscussion(s, {
      type: 'strategy-discussion',
      occurredAt: e.occurredAt,
      recordedBy: e.recordedBy,
    });
}

/** Applies one event (not a correction: apply.ts replays the history for those) to the case in place. */
export function mutate(s: CaseState, e: CaseEvent, mode: Mode = 'judging'): void {
  switch (e.type) {
    case 'strategy-discussion':
      return strategyDiscussion(s, e);
    case 'transfer-in-notified':
      s.transferInNotifiedOn = e.occurredAt;
      return;
    case 'conference-scheduled':
      return conferenceScheduled(s, e);
    case 'conference-rescheduled':
    case 'conference-cancelled':
      return rescheduleOrCancel(s, e, mode);
    case 'invitations-sent':
      beforeConference(s, e, 'invitations', mode).invitationsSentOn ??= e.occurredAt;
      return;
    case 'chair-pre-meeting':
      beforeConference(s, e, "the chair's pre-meeting", mode).preMeetingOn ??= e.occurredAt;
      return;
    case 'report-received':
      return reportReceived(s, e, mode);
    case 'conference-held':
      return conferenceHeld(s, e, mode);
    case 'outline-plan-distributed':
    case 'minutes-sent-to-chair':
    case 'minutes-approved':
    case 'full-record-distributed':
      return afterTheConference(s, e, mode);
    case 'core-group-held':
      return coreGroupHeld(s, e);
    case 'plan-ended':
    case 'birth-recorded':
      return aboutAChild(s, e);
    case 'staff-reassigned':
      s.staff[e.role] = e.staffId;
      return;
    case 'deadline-extended':
    case 'deadline-waived':
      return override(s, e);
    case 'case-closed':
      s.closed = { on: e.occurredAt, reason: e.reason };
      return;
    case 'cse-meeting-requested':
    case 'cse-meeting-held':
    case 'cse-review-held':
    case 'cse-moved-to-cp':
      return cseEvent(s, e);
    case 'event-amended':
    case 'event-withdrawn':
      return reject(`a correction is applied by replaying the history, not on its own`);
  }
}
