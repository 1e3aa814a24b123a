// Whether events may be recorded on a case: the order and content rules of applyEvent, plus the references
// only the planned deadlines can answer (an extension or waiver must name a deadline the case has).
import type { LocalDate } from '../dates';
import { applyEvent, type ApplyResult } from './apply';
import { planDeadlines } from './plan';
import type { CaseEvent, CaseState } from './types';

export function checkEvent(
  state: CaseState,
  event: CaseEvent,
  today: LocalDate,
  recordedAt: string,
): ApplyResult {
  if (event.type === 'deadline-extended' || event.type === 'deadline-waived') {
    const ids = planDeadlines(state, today).map((d) => d.id);
    if (!ids.includes(event.deadlineId)) {
      return { ok: false, reason: `no deadline '${event.deadlineId}' on case ${state.caseRef}` };
    }
  }
  return applyEvent(state, event, today, recordedAt);
}

export type EventCheck = { ok: true; duplicate: boolean; eventId: string } | { ok: false; reason: string };

/**
 * Checks a batch as if recorded in order, without recording anything: each event is judged against the case as
 * the accepted ones before it leave it. A bulk import uses this to refuse a whole file before recording a row.
 */
export function checkEvents(state: CaseState, events: CaseEvent[], today: LocalDate): EventCheck[] {
  let s = state;
  return events.map((e) => {
    const r = checkEvent(s, e, today, '');
    if (!r.ok) return r;
    s = r.state;
    return { ok: true, duplicate: r.duplicate, eventId: r.eventId };
  });
}
