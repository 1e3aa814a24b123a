// Applying an event to a case: every check that makes an event impossible, then the new state. Pure; the
// state passed in is never changed, so a rejected event leaves the case exactly as it was.
import { type LocalDate, compareDates } from '../dates';
import type { CaseEvent, CaseInput, CaseState, Conference, RecordedEvent } from './types';
import type { HolidayCalendar } from '../workingDays';

export type ApplyResult =
  { ok: true; state: CaseState; duplicate: boolean; eventId: string } | { ok: false; reason: string };

export function initialState(input: CaseInput, calendar: HolidayCalendar, openedAt: string): CaseState {
  return {
    caseRef: input.caseRef,
    region: input.region,
    team: input.team,
    staff: { ...input.staff },
    agencies: [...input.agencies],
    policy: input.policy,
    calendar,
    openedAt,
    openedBy: input.openedBy,
    children: input.children.map((c) => ({ ...c, pastPlans: [] })),
    strategyDiscussions: [],
    enquiry: 0,
    conferences: [],
    coreGroups: [],
    overrides: {},
    events: [],
    stepsDone: [],
  };
}

/** FNV-1a: a short, stable id for an event that came without one. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

export function eventIdOf(event: CaseEvent): string {
  if (event.eventId) return event.eventId;
  const { recordedBy: _by, eventId: _id, ...content } = event;
  return `${event.type}:${event.occurredAt}:${hash(JSON.stringify(content))}`;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

class Rejection extends Error {}
const reject = (reason: string): never => {
  throw new Rejection(reason);
};

const INITIAL_TYPES = new Set(['initial', 'pre-birth']);

function findConference(
  s: CaseState,
  id: string | undefined,
  wanted: 'scheduled' | 'held' | 'any',
): Conference {
  if (id !== undefined) {
    const c = s.conferences.find((x) => x.id === id);
    if (!c) return reject(`no conference '${id}' on case ${s.caseRef}`);
    if (c.status === 'cancelled') return reject(`conference ${id} was cancelled`);
    if (wanted !== 'any' && c.status !== wanted)
      return reject(`conference ${id} is ${c.status}, not ${wanted}`);
    return c;
  }
  const candidates = s.conferences.filter((c) =>
    wanted === 'any' ? c.status !== 'cancelled' : c.status === wanted,
  );
  const latest = candidates[candidates.length - 1];
  if (!latest) {
    return reject(
      wanted === 'held' ? 'no conference has been held on this case yet' : 'no conference is scheduled',
    );
  }
  return latest;
}

function notBefore(date: LocalDate, earliest: LocalDate | undefined, what: string, than: string): void {
  if (earliest && compareDates(date, earliest) < 0)
    reject(`${what} (${date}) cannot be before ${than} (${earliest})`);
}

function child(s: CaseState, id: string) {
  return s.children.find((c) => c.id === id) ?? reject(`no child '${id}' on case ${s.caseRef}`);
}

function mutate(s: CaseState, e: CaseEvent): void {
  switch (e.type) {
    case 'strategy-discussion': {
      const lastInitial = s.conferences.filter((c) => c.status === 'held' && INITIAL_TYPES.has(c.type)).pop();
      if (lastInitial?.heldOn && compareDates(e.occurredAt, lastInitial.heldOn) > 0) {
        s.enquiry += 1;
        s.strategyDiscussions = [];
      }
      if (s.enquiry === 0) s.enquiry = 1;
      s.strategyDiscussions.push(e.occurredAt);
      s.strategyDiscussions.sort();
      return;
    }
    case 'transfer-in-notified':
      s.transferInNotifiedOn = e.occurredAt;
      return;
    case 'conference-scheduled': {
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
      });
      return;
    }
    case 'conference-rescheduled': {
      const c = findConference(s, e.conferenceId, 'scheduled');
      c.scheduledDate = e.date;
      c.scheduledTime = e.time ?? c.scheduledTime;
      return;
    }
    case 'conference-cancelled': {
      const c = findConference(s, e.conferenceId, 'scheduled');
      c.status = 'cancelled';
      c.cancelledReason = e.reason;
      c.cancelledOn = e.occurredAt;
      return;
    }
    case 'invitations-sent':
      findConference(s, e.conferenceId, 'any').invitationsSentOn ??= e.occurredAt;
      return;
    case 'chair-pre-meeting':
      findConference(s, e.conferenceId, 'any').preMeetingOn ??= e.occurredAt;
      return;
    case 'report-received': {
      const c = findConference(s, e.conferenceId, 'any');
      if (e.from === 'social-worker') c.socialWorkerReportOn ??= e.occurredAt;
      else {
        if (!c.agencies.includes(e.from.agencyId)) {
          reject(`agency '${e.from.agencyId}' was not invited to conference ${c.id}`);
        }
        c.agencyReportsOn[e.from.agencyId] ??= e.occurredAt;
      }
      return;
    }
    case 'conference-held': {
      let c: Conference;
      if (e.conferenceId !== undefined) c = findConference(s, e.conferenceId, 'scheduled');
      else {
        const type = e.conferenceType;
        const scheduled = s.conferences.find((x) => x.status === 'scheduled' && (!type || x.type === type));
        if (scheduled) c = scheduled;
        else if (!type) return reject('no conference is scheduled: give the conference type');
        else {
          c = {
            id: `C${s.conferences.length + 1}`,
            type,
            status: 'scheduled',
            agencies: [...s.agencies],
            agencyReportsOn: {},
          };
          s.conferences.push(c);
        }
      }
      if (INITIAL_TYPES.has(c.type)) {
        const first = s.strategyDiscussions[0];
        if (!first) reject('an initial conference cannot be held before any strategy discussion');
        notBefore(e.occurredAt, first, 'the initial conference', 'the strategy discussion');
      }
      if (c.type === 'transfer-in' && !s.transferInNotifiedOn) {
        reject('a transfer-in conference needs the transfer-in notification recorded first');
      }
      if (c.type === 'review' && !s.children.some((ch) => ch.plan)) {
        reject('a review conference needs a child on a plan');
      }
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
          reject(`child '${o.childId}' is on a plan: record 'plan-continues' or 'plan-ended', not 'no-plan'`);
        }
      }
      for (const p of e.participation ?? []) child(s, p.childId);
      c.status = 'held';
      c.heldOn = e.occurredAt;
      c.outcomes = e.children;
      c.participation = e.participation;
      c.agencyParticipation = e.agencies;
      return;
    }
    case 'outline-plan-distributed': {
      const c = findConference(s, e.conferenceId, 'held');
      notBefore(e.occurredAt, c.heldOn, 'the outline plan', 'the conference');
      c.outlinePlanOn ??= e.occurredAt;
      return;
    }
    case 'minutes-sent-to-chair': {
      const c = findConference(s, e.conferenceId, 'held');
      notBefore(e.occurredAt, c.heldOn, 'minutes sent to chair', 'the conference');
      c.minutesToChairOn ??= e.occurredAt;
      return;
    }
    case 'minutes-approved': {
      const c = findConference(s, e.conferenceId, 'held');
      if (!c.minutesToChairOn)
        reject(`minutes of conference ${c.id} cannot be approved before they are sent to the chair`);
      notBefore(e.occurredAt, c.minutesToChairOn, 'minutes approved', 'minutes sent to chair');
      c.minutesApprovedOn ??= e.occurredAt;
      return;
    }
    case 'full-record-distributed': {
      const c = findConference(s, e.conferenceId, 'held');
      notBefore(e.occurredAt, c.minutesApprovedOn ?? c.heldOn, 'the full record', 'the approved minutes');
      c.fullRecordOn ??= e.occurredAt;
      return;
    }
    case 'core-group-held':
      if (!s.children.some((ch) => ch.plan)) reject('a core group meets only while a child is on a plan');
      s.coreGroups.push(e.occurredAt);
      s.coreGroups.sort();
      return;
    case 'plan-ended': {
      const ch = child(s, e.childId);
      if (!ch.plan) return reject(`child '${e.childId}' has no plan to end`);
      notBefore(e.occurredAt, ch.plan.startedOn, 'the end of the plan', 'its start');
      ch.pastPlans.push({ ...ch.plan, endedOn: e.occurredAt, reason: e.reason });
      ch.plan = undefined;
      return;
    }
    case 'birth-recorded': {
      const ch = child(s, e.childId);
      if (!ch.expectedBirth || ch.dateOfBirth) reject(`child '${e.childId}' is not an unborn child`);
      ch.dateOfBirth = e.dateOfBirth;
      return;
    }
    case 'staff-reassigned':
      s.staff[e.role] = e.staffId;
      return;
    case 'deadline-extended':
    case 'deadline-waived':
      // The deadline's existence is checked by the caller, which can plan; here we only keep the decision.
      s.overrides[e.deadlineId] = {
        kind: e.type === 'deadline-extended' ? 'extended' : 'waived',
        newDueDate: e.type === 'deadline-extended' ? e.newDueDate : undefined,
        reason: e.reason,
        approvedBy: e.approvedBy,
        recordedBy: e.recordedBy,
        on: e.occurredAt,
      };
      return;
    case 'case-closed':
      s.closed = { on: e.occurredAt, reason: e.reason };
      return;
  }
}

/**
 * Applies one event. `today` is the London date now: nothing can have happened after it. An event already
 * applied (same event id) is accepted again as a duplicate and changes nothing.
 */
export function applyEvent(
  state: CaseState,
  event: CaseEvent,
  today: LocalDate,
  recordedAt: string,
): ApplyResult {
  const eventId = eventIdOf(event);
  if (state.events.some((r) => r.eventId === eventId)) return { ok: true, state, duplicate: true, eventId };
  if (state.closed) return { ok: false, reason: `case ${state.caseRef} is closed` };
  if (compareDates(event.occurredAt, today) > 0) {
    return { ok: false, reason: `occurredAt ${event.occurredAt} is in the future (today is ${today})` };
  }
  // What an event never changes is shared, not copied: the calendar and policy, and the recorded events and
  // steps done, which only ever grow (copying them made a case's n-th event cost n; a shared calendar also keeps
  // its working-day index).
  const { calendar, policy, events, stepsDone, ledgered, ...rest } = state;
  const next: CaseState = {
    ...clone(rest),
    calendar,
    policy,
    events: [...events],
    stepsDone,
    ...(ledgered ? { ledgered } : {}),
  };
  try {
    mutate(next, event);
  } catch (e) {
    if (e instanceof Rejection) return { ok: false, reason: e.message };
    throw e;
  }
  const recorded: RecordedEvent = { eventId, recordedAt, event: clone(event) };
  next.events.push(recorded);
  return { ok: true, state: next, duplicate: false, eventId };
}
