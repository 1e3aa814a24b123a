// Applying an event to a case: every check that makes an event impossible, then the new state. Pure; the
// state passed in is never changed, so a rejected event leaves the case exactly as it was.
import { type LocalDate, compareDates } from '../dates';
import type { HolidayCalendar } from '../workingDays';
import { mutate, type Mode } from './mutate';
import { Rejection, reject } from './rejection';
import { recorderOf } from './recorder';
import { nearestIds } from '../directory';
import type { CaseEvent, CaseInput, CaseOpening, CaseState, EventBody, RecordedEvent } from './types';

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
    ...(input.openedOnBehalfOf ? { openedOnBehalfOf: input.openedOnBehalfOf } : {}),
    ...(input.openedProof ? { openedProof: input.openedProof } : {}),
    children: input.children.map((c) => ({ ...c, pastPlans: [] })),
    strategyDiscussions: [],
    enquiry: 0,
    conferences: [],
    coreGroups: [],
    overrides: {},
    events: [],
    stepsDone: [],
    opening: openingOf(input),
  };
}

/** What a case was opened with, kept so a corrected history can be replayed from it. */
export function openingOf(input: Pick<CaseInput, 'staff' | 'children' | 'agencies'>): CaseOpening {
  return {
    staff: { ...input.staff },
    children: input.children.map((c) => ({ ...c })),
    agencies: [...input.agencies],
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
  // Who recorded it is not what happened: the same event entered by two people is one event.
  const { recordedBy: _by, eventId: _id, onBehalfOf: _for, proof: _proof, ...content } = event;
  return `${event.type}:${event.occurredAt}:${hash(JSON.stringify(content))}`;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** The events in force: corrections applied (an amendment's content in place of its target, withdrawn ones out). */
export function effectiveEvents(events: readonly RecordedEvent[]): RecordedEvent[] {
  const withdrawn = new Set<string>();
  const amended = new Map<string, RecordedEvent>();
  for (const r of events) {
    if (r.event.type === 'event-withdrawn') withdrawn.add(r.event.target);
    if (r.event.type === 'event-amended') {
      const { replacement } = r.event;
      amended.set(r.event.target, { ...r, event: { ...replacement, ...recorderOf(r.event) } });
    }
  }
  return events
    .filter((r) => !isCorrection(r.event) && !withdrawn.has(r.eventId))
    .map((r) => {
      const a = amended.get(r.eventId);
      return a ? { ...a, eventId: r.eventId } : r;
    });
}

const isCorrection = (e: CaseEvent) => e.type === 'event-amended' || e.type === 'event-withdrawn';

/**
 * The state an event may change, copied as deep as `mutate` writes and no deeper: what an event never changes is
 * shared (the calendar, which keeps its working-day index, the policy, what the case knows about sending), and
 * the recorded events are copied by reference to each (they only ever grow). A JSON round trip of the whole
 * state per event was the largest cost of a year's report.
 */
function copyForEvent(s: CaseState): CaseState {
  return {
    ...s,
    staff: { ...s.staff },
    agencies: [...s.agencies],
    children: s.children.map((c) => ({
      ...c,
      ...(c.plan ? { plan: { ...c.plan } } : {}),
      pastPlans: [...c.pastPlans],
    })),
    strategyDiscussions: [...s.strategyDiscussions],
    conferences: s.conferences.map((c) => ({
      ...c,
      agencies: [...c.agencies],
      agencyReportsOn: { ...c.agencyReportsOn },
    })),
    coreGroups: [...s.coreGroups],
    overrides: { ...s.overrides },
    events: [...s.events],
    ...(s.closed ? { closed: { ...s.closed } } : {}),
    ...(s.cse ? { cse: s.cse.map((e) => ({ ...e, reviews: [...e.reviews] })) } : {}),
  };
}

/** An event's content, as an amendment carries it: undefined for a correction, which cannot be amended. */
export function eventBody(e: CaseEvent): EventBody | undefined {
  if (e.type === 'event-amended' || e.type === 'event-withdrawn') return undefined;
  const { recordedBy: _by, eventId: _id, onBehalfOf: _for, proof: _proof, ...body } = e;
  return body;
}

/** The case replayed from its opening through the events in force, each applied as it was accepted. */
function replay(state: CaseState, events: readonly RecordedEvent[]): CaseState {
  const o = state.opening ?? reject(`case ${state.caseRef} does not know what it was opened with`);
  // Everything events make is made again from the opening: CSE cycles too.
  const {
    calendar,
    policy,
    stepsDone,
    ledgered,
    transferInNotifiedOn: _t,
    closed: _c,
    cse: _cse,
    ...rest
  } = state;
  const base: CaseState = {
    ...clone(rest),
    calendar,
    policy,
    stepsDone,
    ...(ledgered ? { ledgered } : {}),
    staff: { ...o.staff },
    agencies: [...o.agencies],
    children: o.children.map((c) => ({ ...c, pastPlans: [] })),
    strategyDiscussions: [],
    enquiry: 0,
    conferences: [],
    coreGroups: [],
    overrides: {},
    events: [...events],
  };
  for (const r of effectiveEvents(events)) mutate(base, r.event, 'replaying');
  return base;
}

/** Checks a correction against what it corrects; the caller replays the history with it. */
function checkCorrection(state: CaseState, e: CaseEvent, today: LocalDate): void {
  if (e.type !== 'event-amended' && e.type !== 'event-withdrawn') return;
  const target = state.events.find((r) => r.eventId === e.target);
  if (!target) {
    const near = nearestIds(
      e.target,
      state.events.map((r) => r.eventId),
    ).slice(0, 1);
    return reject(
      `no event '${e.target}' on case ${state.caseRef}${near.length ? ` (nearest: ${near[0]})` : ''}: ` +
        '`cpcase status` lists them',
    );
  }
  if (isCorrection(target.event)) {
    return reject(`${e.target} is itself a correction: amend or withdraw the event it corrected`);
  }
  const withdrawal = state.events.find(
    (r) => r.event.type === 'event-withdrawn' && r.event.target === e.target,
  );
  if (withdrawal) return reject(`event ${e.target} was withdrawn on ${withdrawal.event.occurredAt}`);
  if (target.event.type === 'case-closed') return reject('a case closed stays closed: open a new case');
  if (e.type === 'event-amended') {
    if (e.replacement.type !== target.event.type) {
      reject(
        `an amendment keeps the event's type: ${e.target} is ${target.event.type}, not ${e.replacement.type}`,
      );
    }
    if (compareDates(e.replacement.occurredAt, today) > 0) {
      reject(`the date ${e.replacement.occurredAt} is in the future (today is ${today})`);
    }
  }
}

/** Where the applied event goes: checked and applied alone, or (a correction) the whole history replayed. */
function applied(
  state: CaseState,
  event: CaseEvent,
  recorded: RecordedEvent,
  today: LocalDate,
  mode: Mode,
): CaseState {
  if (isCorrection(event)) {
    checkCorrection(state, event, today);
    try {
      return replay(state, [...state.events, recorded]);
    } catch (e) {
      if (!(e instanceof Rejection)) throw e;
      return reject(`with that correction the case's history does not hold together: ${e.message}`);
    }
  }
  const next = copyForEvent(state);
  mutate(next, event, mode);
  next.events.push(recorded);
  return next;
}

/**
 * Applies one event. `today` is the London date now: nothing can have happened after it. An event already
 * applied (same event id) is accepted again as a duplicate and changes nothing. A correction (amend, withdraw)
 * replays the case's whole history with it: every deadline follows the corrected history. `replaying`: a
 * history already accepted once (a report's rebuild), not judged again by checks that only refuse new input.
 */
export function applyEvent(
  state: CaseState,
  event: CaseEvent,
  today: LocalDate,
  recordedAt: string,
  mode: Mode = 'judging',
): ApplyResult {
  const eventId = eventIdOf(event);
  if (state.events.some((r) => r.eventId === eventId)) return { ok: true, state, duplicate: true, eventId };
  if (state.closed) return { ok: false, reason: `case ${state.caseRef} is closed` };
  if (compareDates(event.occurredAt, today) > 0) {
    return { ok: false, reason: `the date ${event.occurredAt} is in the future (today is ${today})` };
  }
  const recorded: RecordedEvent = { eventId, recordedAt, event: clone(event) };
  try {
    return { ok: true, state: applied(state, event, recorded, today, mode), duplicate: false, eventId };
  } catch (e) {
    if (e instanceof Rejection) return { ok: false, reason: e.message };
    throw e;
  }
}
