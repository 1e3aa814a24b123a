// How long a closed case's record is kept: the council's records schedule, as policy data. Each rule names the
// kind of record it covers (what the case holds), how many years it is kept and from which anchor (the case's
// closure, or the youngest child's birth). Pure: given what the ledger says of a case and today, whether its
// period has passed and why. Nothing here destroys anything, and with no rule nothing is ever due.
import { addMonthsClamped, compareDates, type LocalDate } from './dates';
import { effectiveEvents } from './case/apply';
import type { LedgerCaseEntry, LedgerEventEntry } from './case/ledger';
import type { EventType } from './case/types';

/** What a closed case's record holds, which decides the rule that keeps it. */
export const RECORD_KINDS = ['child-protection', 'cse-only', 'transfer-out'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** What the period is counted from. */
export const RETENTION_ANCHORS = ['closure', 'youngest-child-birth'] as const;
export type RetentionAnchor = (typeof RETENTION_ANCHORS)[number];

export interface RetentionRule {
  /** Named in the tombstone, so a destruction says which rule of the schedule it carried out. */
  id: string;
  kind: RecordKind;
  years: number;
  from: RetentionAnchor;
}

/** A closed case as the ledger holds it: enough to classify it and to find its anchor. */
export interface ClosedRecord {
  caseRef: string;
  closedOn: LocalDate;
  closedReason: 'transferred-out' | 'closed';
  /** Whether it ever held child protection work: an enquiry, a conference, a plan, a transfer in. */
  childProtection: boolean;
  /** Whether it held a CSE cycle. */
  cse: boolean;
  /** Each child's date of birth, or expected date for one never recorded as born. */
  births: (LocalDate | undefined)[];
}

/**
 * What a record holds. A transfer-out first (the record went to another council with the child), then a case
 * with any child protection work, then a CSE cycle and nothing more. A case closed with nothing in it is a child
 * protection case's record: that is what it was opened as.
 */
export function recordKind(r: ClosedRecord): RecordKind {
  if (r.closedReason === 'transferred-out') return 'transfer-out';
  if (!r.childProtection && r.cse) return 'cse-only';
  return 'child-protection';
}

/** `years` years after `d`, the same day of the month (29 February becomes 28 February in a common year). */
export const addYears = (d: LocalDate, years: number): LocalDate => addMonthsClamped(d, years * 12);

export type RetentionStatus =
  | { state: 'no-rule'; kind: RecordKind }
  | { state: 'no-anchor'; kind: RecordKind; rule: RetentionRule; why: string }
  | { state: 'kept'; kind: RecordKind; rule: RetentionRule; anchorDate: LocalDate; dueOn: LocalDate }
  | { state: 'due'; kind: RecordKind; rule: RetentionRule; anchorDate: LocalDate; dueOn: LocalDate };

/** The anchor's date for a record, or why there is none (a child whose birth nobody recorded). */
function anchorDate(r: ClosedRecord, anchor: RetentionAnchor): { date: LocalDate } | { why: string } {
  if (anchor === 'closure') return { date: r.closedOn };
  const births = r.births.filter((b): b is LocalDate => b !== undefined);
  if (births.length === 0 || births.length < r.births.length)
    return {
      why: "a child has no date of birth or expected date, so the youngest child's birth is not known",
    };
  return { date: births.sort(compareDates).at(-1)! };
}

/** Where a closed record stands against the rules: kept until `dueOn`, due from it (on that day and after). */
export function retentionStatus(
  r: ClosedRecord,
  rules: readonly RetentionRule[],
  today: LocalDate,
): RetentionStatus {
  const kind = recordKind(r);
  const rule = rules.find((x) => x.kind === kind);
  if (!rule) return { state: 'no-rule', kind };
  const anchor = anchorDate(r, rule.from);
  if ('why' in anchor) return { state: 'no-anchor', kind, rule, why: anchor.why };
  const dueOn = addYears(anchor.date, rule.years);
  const state = compareDates(today, dueOn) >= 0 ? 'due' : 'kept';
  return { state, kind, rule, anchorDate: anchor.date, dueOn };
}

/** Events that make a case's record a child protection record: an enquiry, a transfer in, conferences, plans. */
const CHILD_PROTECTION: ReadonlySet<EventType> = new Set<EventType>([
  'strategy-discussion',
  'transfer-in-notified',
  'conference-scheduled',
  'conference-held',
  'core-group-held',
  'plan-ended',
  'cse-moved-to-cp',
]);
const CSE: ReadonlySet<EventType> = new Set<EventType>([
  'cse-meeting-requested',
  'cse-meeting-held',
  'cse-review-held',
  'cse-moved-to-cp',
]);

/** A case from the ledger as a closed record, its corrections applied; undefined while it is open. */
export function closedRecordOf(
  c: LedgerCaseEntry,
  entries: readonly LedgerEventEntry[],
): ClosedRecord | undefined {
  const events = effectiveEvents(
    entries.map((e) => ({ eventId: e.eventId, recordedAt: e.recordedAt, event: e.event })),
  ).map((r) => r.event);
  const closed = events.find((e) => e.type === 'case-closed');
  if (!closed || closed.type !== 'case-closed') return undefined;
  const born = new Map(
    events.flatMap((e) => (e.type === 'birth-recorded' ? [[e.childId, e.dateOfBirth] as const] : [])),
  );
  return {
    caseRef: c.caseRef,
    closedOn: closed.occurredAt,
    closedReason: closed.reason,
    childProtection: events.some((e) => CHILD_PROTECTION.has(e.type)),
    cse: events.some((e) => CSE.has(e.type)),
    births: c.children.map((ch) => ch.dateOfBirth ?? born.get(ch.id) ?? ch.expectedBirth),
  };
}
