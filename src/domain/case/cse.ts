// A child's CSE cycle on the case: a conference chair asked to chair a CSE meeting, the meeting, a CSE plan
// reviewed until the risk is reduced, or child protection procedures taking over (which starts a section 47
// enquiry on this case: the child's CP case is opened, or joined, by the same event). Rules only: mutate.ts
// applies them, plan.ts turns episodes into deadlines, the report counts them.
import { compareDates, type LocalDate } from '../dates';
import { reject } from './rejection';
import type { CaseEvent, CaseState, CseEpisode } from './types';

type CseEvent = Extract<
  CaseEvent,
  { type: 'cse-meeting-requested' | 'cse-meeting-held' | 'cse-review-held' | 'cse-moved-to-cp' }
>;

/** An event that holds a strategy discussion: one recorded as such, or a CSE cycle moved to CP procedures. */
export const startsEnquiry = (e: CaseEvent): boolean =>
  e.type === 'strategy-discussion' || e.type === 'cse-moved-to-cp';

export const isOpenCse = (e: CseEpisode) => e.endedOn === undefined;

/** The child's cycle still running, if any. */
export const openCse = (s: CaseState, childId: string): CseEpisode | undefined =>
  s.cse?.find((e) => e.childId === childId && isOpenCse(e));

function lastDateOf(e: CseEpisode): LocalDate {
  return [e.requestedOn, e.meetingOn, ...e.reviews]
    .filter((d): d is LocalDate => d !== undefined)
    .sort()
    .pop()!;
}

function notBeforeLast(e: CseEpisode, on: LocalDate, what: string): void {
  const last = lastDateOf(e);
  if (compareDates(on, last) < 0)
    reject(`${what} (${on}) cannot be before the CSE cycle's last step (${last})`);
}

function running(s: CaseState, childId: string, what: string): CseEpisode {
  return (
    openCse(s, childId) ??
    reject(`${what} needs a CSE meeting requested for child '${childId}' first (cse-meeting-requested)`)
  );
}

/** Applies a CSE event to the case in place; the child is known to the case (checked by the caller). */
export function applyCse(s: CaseState, e: CseEvent): void {
  const on = e.occurredAt;
  if (e.type === 'cse-meeting-requested') {
    if (openCse(s, e.childId)) reject(`child '${e.childId}' already has a CSE cycle running`);
    s.cse = [...(s.cse ?? []), { childId: e.childId, requestedOn: on, reviews: [] }];
    return;
  }
  const ep = running(s, e.childId, e.type);
  notBeforeLast(ep, on, e.type);
  switch (e.type) {
    case 'cse-meeting-held':
      if (ep.meetingOn)
        reject(`the CSE meeting for child '${e.childId}' was held on ${ep.meetingOn}: record a review`);
      ep.meetingOn = on;
      if (e.outcome === 'plan') ep.planStartedOn = on;
      else Object.assign(ep, { endedOn: on, exit: 'no-plan' });
      return;
    case 'cse-review-held':
      if (!ep.planStartedOn) reject(`child '${e.childId}' has no CSE plan to review`);
      ep.reviews.push(on);
      if (e.outcome === 'risk-reduced') Object.assign(ep, { endedOn: on, exit: 'risk-reduced' });
      return;
    case 'cse-moved-to-cp':
      Object.assign(ep, { endedOn: on, exit: 'cp-procedures' });
      return;
  }
}
