// The ledger's rows as both stores read and write them: one mapping, so SQLite and PostgreSQL cannot drift.
import type { Keyring } from '../crypto/keys';
import { seal, unseal } from '../crypto/seal';
import type { CaseEvent } from '../domain/case/types';
import type { AuditRow, LedgerCaseEntry, LedgerEventEntry, LedgerOutcomeEntry } from './types';

export interface EventRow {
  seq: number;
  event_id: string;
  case_ref: string;
  type: string;
  occurred_at: string;
  recorded_at: string;
  recorded_by: string;
  sealed_event: string;
}

export interface OutcomeRow {
  case_ref: string;
  deadline_id: string;
  rule_id: string;
  due_date: string;
  status: string;
  met_on: string;
  late_by: number | null;
  conference_id: string | null;
  agency_id: string | null;
  observed_at: string;
}

/** Column order of the INSERT statements in both stores. */
export const caseParams = (ring: Keyring, c: LedgerCaseEntry) =>
  [c.caseRef, c.region, c.team ?? null, c.openedAt, c.openedBy, c.policyId, seal(ring, c)] as const;
export const eventParams = (ring: Keyring, e: LedgerEventEntry) =>
  [
    e.seq,
    e.eventId,
    e.caseRef,
    e.type,
    e.occurredAt,
    e.recordedAt,
    e.recordedBy,
    seal(ring, e.event),
  ] as const;
export const outcomeParams = (o: LedgerOutcomeEntry) =>
  [
    o.caseRef,
    o.deadlineId,
    o.ruleId,
    o.dueDate,
    o.status,
    o.metOn ?? '',
    o.lateBy ?? null,
    o.conferenceId ?? null,
    o.agencyId ?? null,
    o.observedAt,
  ] as const;

export const toAuditRow = (r: Omit<EventRow, 'seq' | 'case_ref' | 'sealed_event'>): AuditRow => ({
  eventId: r.event_id,
  type: r.type,
  occurredAt: r.occurred_at,
  recordedAt: r.recorded_at,
  recordedBy: r.recorded_by,
});

export const toEventEntry = (ring: Keyring, r: EventRow): LedgerEventEntry => ({
  seq: r.seq,
  eventId: r.event_id,
  caseRef: r.case_ref,
  type: r.type as CaseEvent['type'],
  occurredAt: r.occurred_at,
  recordedAt: r.recorded_at,
  recordedBy: r.recorded_by,
  event: unseal<CaseEvent>(ring, r.sealed_event),
});

export const toOutcomeEntry = (r: OutcomeRow): LedgerOutcomeEntry => ({
  caseRef: r.case_ref,
  deadlineId: r.deadline_id,
  ruleId: r.rule_id,
  dueDate: r.due_date,
  status: r.status as LedgerOutcomeEntry['status'],
  ...(r.met_on ? { metOn: r.met_on } : {}),
  ...(r.late_by !== null ? { lateBy: r.late_by } : {}),
  ...(r.conference_id ? { conferenceId: r.conference_id } : {}),
  ...(r.agency_id ? { agencyId: r.agency_id } : {}),
  observedAt: r.observed_at,
});
