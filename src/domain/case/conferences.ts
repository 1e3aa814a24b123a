// Which conference an event is about. Under planning rules 4 an event that does not name its conference is
// attached only when exactly one conference fits; otherwise it is refused with the candidates, so nothing is
// ever silently attached to the wrong one. Before, the latest conference of the right status was taken.
import { compareDates, type LocalDate } from '../dates';
import { reject } from './rejection';
import type { CaseState, Conference } from './types';

/** Planning rules from which events attach to a conference only when exactly one fits. */
export const EXACT_ATTACHMENT = 4;

type Wanted = 'scheduled' | 'held' | 'any';

const describe = (c: Conference) => `${c.id} (${c.type}, ${c.status} ${c.heldOn ?? c.scheduledDate ?? ''})`;

/** The case's conferences, for a refusal to list: the valid choices. */
const theConferences = (s: CaseState) =>
  s.conferences.length
    ? `its conferences: ${s.conferences.map(describe).join(', ')}`
    : 'it has no conference yet';

/** The conference named by `id`, refused when it does not exist, is cancelled or is not in the state wanted. */
export function namedConference(s: CaseState, id: string, wanted: Wanted): Conference {
  const c = s.conferences.find((x) => x.id === id);
  if (!c) return reject(`no conference '${id}' on case ${s.caseRef}; ${theConferences(s)}`);
  if (c.status === 'cancelled') return reject(`conference ${id} was cancelled`);
  if (wanted !== 'any' && c.status !== wanted)
    return reject(`conference ${id} is ${c.status}, not ${wanted}`);
  return c;
}

/** Before planning rules 4: the latest conference in the state wanted. */
export function latestConference(s: CaseState, wanted: Wanted): Conference {
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

/**
 * The one candidate, or a refusal that lists them and says how to choose. `orElse`, when replaying a history
 * already accepted (a correction, a report's rebuild), stands in for the refusal: such an event is not judged
 * again, and one accepted before planning rules 4 went to the latest conference.
 */
function exactlyOne(
  candidates: Conference[],
  what: string,
  none: string,
  orElse?: () => Conference,
): Conference {
  if (candidates.length === 1) return candidates[0]!;
  if (orElse) return orElse();
  if (candidates.length === 0) return reject(none);
  return reject(`${what} could be for ${candidates.map(describe).join(' or ')}: say which with --conference`);
}

/** Invitations, a pre-meeting or a report: for a conference still to come, or held on or after that day. */
export function conferenceBefore(
  s: CaseState,
  what: string,
  on: LocalDate,
  orElse?: () => Conference,
): Conference {
  const fits = s.conferences.filter(
    (c) => c.status === 'scheduled' || (c.status === 'held' && c.heldOn && compareDates(c.heldOn, on) >= 0),
  );
  return exactlyOne(
    fits,
    what,
    `${what} on ${on} fits no conference (none booked, none held that day or later): book the conference ` +
      'first, or name it with --conference',
    orElse,
  );
}

/** The outline plan, minutes or full record: for a conference held by that day that does not have it yet. */
export function conferenceAfter(
  s: CaseState,
  what: string,
  on: LocalDate,
  lacks: (c: Conference) => boolean,
  orElse?: () => Conference,
): Conference {
  const fits = s.conferences.filter(
    (c) => c.status === 'held' && c.heldOn && compareDates(c.heldOn, on) <= 0 && lacks(c),
  );
  // A conference only booked is the commonest slip: said at once, rather than after naming it.
  const booked = s.conferences.filter((c) => c.status === 'scheduled');
  const none = booked.length
    ? `${what} on ${on} is for a conference held, and ${booked.map(describe).join(' and ')} is booked, not held ` +
      'yet: record conference-held first'
    : `${what} on ${on} fits no conference held by then that still needs it (${theConferences(s)}): ` +
      'name it with --conference';
  return exactlyOne(fits, what, none, orElse);
}

/** A conference still to be held, to move or cancel. */
export function scheduledConference(s: CaseState, what: string, orElse?: () => Conference): Conference {
  return exactlyOne(
    s.conferences.filter((c) => c.status === 'scheduled'),
    what,
    'no conference is scheduled',
    orElse,
  );
}
