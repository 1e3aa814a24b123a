// A child's subject access request: everything cpcase holds about one child, across every case they appear in,
// for a person to review before release. Pure: given what the ledger and the sent-message record hold of each case,
// what is the child's and what is withheld. Another child's own entries (their outcome at a conference, their
// plan ending, their birth, their CSE cycle) are withheld by default and listed for the reviewer; what concerns the
// whole case (an enquiry, a conference, its documents) is the child's too.
import { effectiveEvents } from './case/apply';
import type { LedgerCaseEntry, LedgerEventEntry, LedgerOutcomeEntry } from './case/ledger';
import type { CaseEvent } from './case/types';
import type { LocalDate } from './dates';

export interface SentNote {
  key: string;
  /** Staff id where the directory knows the address, else the address (staff and agencies only). */
  to: string;
  status: string;
  at: string;
}

export interface CaseHoldings {
  entry: LedgerCaseEntry;
  events: LedgerEventEntry[];
  outcomes: LedgerOutcomeEntry[];
  sent: SentNote[];
}

export interface SubjectEvent {
  eventId: string;
  type: CaseEvent['type'];
  occurredAt: LocalDate;
  recordedAt: string;
  recordedBy: string;
  onBehalfOf?: string;
  verifiedBy?: string;
  /** 'in force', or how a correction changed it. */
  standing: 'in force' | 'amended' | 'withdrawn' | 'correction';
  /** The event as recorded, with only this child's part of a conference's outcomes. */
  event: CaseEvent;
}

export interface SubjectCase {
  caseRef: string;
  openedOn: string;
  /** The child as this case knows them: their own date of birth (or expected date). */
  child: { id: string; dateOfBirth?: LocalDate; expectedBirth?: LocalDate };
  events: SubjectEvent[];
  deadlines: LedgerOutcomeEntry[];
  notifications: SentNote[];
  /** Other children of the case, withheld, and how many entries of theirs were left out. */
  withheld: { childId: string; entries: number }[];
}

export interface SubjectRecord {
  childId: string;
  cases: SubjectCase[];
}

/** The child an entry is about, when it is about one child only. */
function childOf(e: CaseEvent): string | undefined {
  switch (e.type) {
    case 'plan-ended':
    case 'birth-recorded':
    case 'cse-meeting-requested':
    case 'cse-meeting-held':
    case 'cse-review-held':
    case 'cse-moved-to-cp':
      return e.childId;
    case 'event-amended':
      return 'childId' in e.replacement ? e.replacement.childId : undefined;
    default:
      return undefined;
  }
}

/** A conference's outcomes and participation cut to this child's own. */
function ownPart(e: CaseEvent, childId: string): CaseEvent {
  if (e.type === 'conference-held')
    return {
      ...e,
      children: e.children.filter((c) => c.childId === childId),
      ...(e.participation ? { participation: e.participation.filter((p) => p.childId === childId) } : {}),
    };
  if (e.type === 'event-amended') return { ...e, replacement: ownReplacement(e.replacement, childId) };
  return e;
}

function ownReplacement<R extends Extract<CaseEvent, { type: 'event-amended' }>['replacement']>(
  r: R,
  childId: string,
): R {
  if (r.type !== 'conference-held') return r;
  return {
    ...r,
    children: r.children.filter((c) => c.childId === childId),
    ...(r.participation ? { participation: r.participation.filter((p) => p.childId === childId) } : {}),
  };
}

/** A deadline that belongs to another child names them in its id (a CSE cycle's, say). */
const otherChildsDeadline = (o: LedgerOutcomeEntry, others: readonly string[]) =>
  others.some((id) => o.deadlineId.includes(id));

function standingOf(events: readonly LedgerEventEntry[]): Map<string, SubjectEvent['standing']> {
  const inForce = new Set(
    effectiveEvents(
      events.map((e) => ({ eventId: e.eventId, recordedAt: e.recordedAt, event: e.event })),
    ).map((r) => r.eventId),
  );
  const corrected = new Map<string, 'amended' | 'withdrawn'>();
  for (const e of events) {
    if (e.event.type === 'event-amended') corrected.set(e.event.target, 'amended');
    if (e.event.type === 'event-withdrawn') corrected.set(e.event.target, 'withdrawn');
  }
  return new Map(
    events.map((e) => {
      const isCorrection = e.event.type === 'event-amended' || e.event.type === 'event-withdrawn';
      const standing = isCorrection
        ? 'correction'
        : inForce.has(e.eventId)
          ? 'in force'
          : corrected.get(e.eventId);
      return [e.eventId, standing ?? 'withdrawn'] as const;
    }),
  );
}

function subjectCase(h: CaseHoldings, childId: string): SubjectCase {
  const others = h.entry.children.map((c) => c.id).filter((id) => id !== childId);
  const standing = standingOf(h.events);
  const withheld = new Map(others.map((id) => [id, 0]));
  const events: SubjectEvent[] = [];
  for (const e of h.events) {
    const about = childOf(e.event);
    if (about !== undefined && about !== childId) {
      withheld.set(about, (withheld.get(about) ?? 0) + 1);
      continue;
    }
    events.push({
      eventId: e.eventId,
      type: e.type,
      occurredAt: e.event.occurredAt,
      recordedAt: e.recordedAt,
      recordedBy: e.recordedBy,
      ...(e.onBehalfOf ? { onBehalfOf: e.onBehalfOf } : {}),
      ...(e.verifiedBy ? { verifiedBy: e.verifiedBy } : {}),
      standing: standing.get(e.eventId) ?? 'in force',
      event: ownPart(e.event, childId),
    });
  }
  const child = h.entry.children.find((c) => c.id === childId)!;
  return {
    caseRef: h.entry.caseRef,
    openedOn: h.entry.openedAt.slice(0, 10),
    child: {
      id: child.id,
      ...(child.dateOfBirth ? { dateOfBirth: child.dateOfBirth } : {}),
      ...(child.expectedBirth ? { expectedBirth: child.expectedBirth } : {}),
    },
    events,
    deadlines: h.outcomes.filter((o) => !otherChildsDeadline(o, others)),
    notifications: h.sent.filter((n) => !others.some((id) => n.key.includes(id))),
    withheld: [...withheld].map(([id, entries]) => ({ childId: id, entries })),
  };
}

/** The child's record across the cases given (those naming them); undefined when none does. */
export function subjectRecord(childId: string, holdings: readonly CaseHoldings[]): SubjectRecord | undefined {
  const theirs = holdings.filter((h) => h.entry.children.some((c) => c.id === childId));
  if (theirs.length === 0) return undefined;
  return { childId, cases: theirs.map((h) => subjectCase(h, childId)) };
}
