// The ledger's rows as both stores read and write them: one mapping, so SQLite and PostgreSQL cannot drift.
import { z } from 'zod';
import type { Keyring } from '../crypto/keys';
import { seal, unseal } from '../crypto/seal';
import { EVENT_TYPES, type CaseEvent } from '../domain/case/types';
import { PROOF_METHODS } from '../domain/case/recorder';
import type { AuditRow, LedgerCaseEntry, LedgerEventEntry, LedgerOutcomeEntry } from './types';

// What the database hands back is checked, not assumed: a damaged ledger is reported as such, not misread.
const eventRowSchema = z.object({
  seq: z.coerce.number(),
  event_id: z.string(),
  case_ref: z.string(),
  type: z.enum(EVENT_TYPES),
  occurred_at: z.string(),
  recorded_at: z.string(),
  recorded_by: z.string(),
  sealed_event: z.string(),
  on_behalf_of: z.string().nullish(),
  verified_by: z.enum(PROOF_METHODS).nullish(),
});
export type EventRow = z.infer<typeof eventRowSchema>;

const outcomeRowSchema = z.object({
  case_ref: z.string(),
  deadline_id: z.string(),
  rule_id: z.string(),
  due_date: z.string(),
  status: z.enum(['missed', 'met', 'waived', 'cancelled', 'alerted']),
  met_on: z.string(),
  late_by: z.coerce.number().nullable(),
  conference_id: z.string().nullable(),
  agency_id: z.string().nullable(),
  observed_at: z.string(),
});
export type OutcomeRow = z.infer<typeof outcomeRowSchema>;

const caseRowSchema = z.object({ sealed_case: z.string() });
const versionRowSchema = z.object({ version: z.coerce.number() });

import { LedgerDamaged } from './damaged';

function rowsOf<S extends z.ZodType>(what: string, schema: S, rows: readonly unknown[]): z.infer<S>[] {
  return rows.map((r, i) => {
    const p = schema.safeParse(r);
    if (!p.success)
      throw new LedgerDamaged(
        `the ledger's ${what} row ${i + 1} is not readable: ${p.error.issues[0]?.message ?? ''}`,
      );
    return p.data;
  });
}
export const eventRows = (rows: readonly unknown[]) => rowsOf('event', eventRowSchema, rows);
export const outcomeRows = (rows: readonly unknown[]) => rowsOf('outcome', outcomeRowSchema, rows);
export const caseRows = (rows: readonly unknown[]) => rowsOf('case', caseRowSchema, rows);
export const versionRows = (rows: readonly unknown[]) => rowsOf('migration', versionRowSchema, rows);

const CASE_COLUMNS = [
  'case_ref',
  'region',
  'team',
  'opened_at',
  'opened_by',
  'policy_id',
  'sealed_case',
  'opened_on_behalf_of',
  'opened_verified_by',
];
const EVENT_COLUMNS = [
  'seq',
  'event_id',
  'case_ref',
  'type',
  'occurred_at',
  'recorded_at',
  'recorded_by',
  'sealed_event',
  'on_behalf_of',
  'verified_by',
];
const OUTCOME_COLUMNS = [
  'case_ref',
  'deadline_id',
  'rule_id',
  'due_date',
  'status',
  'met_on',
  'late_by',
  'conference_id',
  'agency_id',
  'observed_at',
];

/** The INSERT statements of both stores, each row inserted once (a natural key): `mark(i)` is ? or $i. */
export function insertStatements(mark: (i: number) => string) {
  const insert = (table: string, columns: string[]) =>
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => mark(i + 1)).join(', ')}) ` +
    'ON CONFLICT DO NOTHING';
  return {
    case: insert('ledger_cases', CASE_COLUMNS),
    event: insert('ledger_events', EVENT_COLUMNS),
    outcome: insert('ledger_outcomes', OUTCOME_COLUMNS),
  };
}

/** Parameters in the column order above. */
export const caseParams = (ring: Keyring, c: LedgerCaseEntry) =>
  [
    c.caseRef,
    c.region,
    c.team ?? null,
    c.openedAt,
    c.openedBy,
    c.policyId,
    seal(ring, c),
    c.openedOnBehalfOf ?? null,
    c.openedVerifiedBy ?? null,
  ] as const;
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
    e.onBehalfOf ?? null,
    e.verifiedBy ?? null,
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
  ...(r.on_behalf_of ? { onBehalfOf: r.on_behalf_of } : {}),
  ...(r.verified_by ? { verifiedBy: r.verified_by } : {}),
});

export const toEventEntry = (ring: Keyring, r: EventRow): LedgerEventEntry => ({
  seq: r.seq,
  eventId: r.event_id,
  caseRef: r.case_ref,
  type: r.type,
  occurredAt: r.occurred_at,
  recordedAt: r.recorded_at,
  recordedBy: r.recorded_by,
  ...(r.on_behalf_of ? { onBehalfOf: r.on_behalf_of } : {}),
  ...(r.verified_by ? { verifiedBy: r.verified_by } : {}),
  event: unseal<CaseEvent>(ring, r.sealed_event),
});

export const toOutcomeEntry = (r: OutcomeRow): LedgerOutcomeEntry => ({
  caseRef: r.case_ref,
  deadlineId: r.deadline_id,
  ruleId: r.rule_id,
  dueDate: r.due_date,
  status: r.status,
  ...(r.met_on ? { metOn: r.met_on } : {}),
  ...(r.late_by !== null ? { lateBy: r.late_by } : {}),
  ...(r.conference_id ? { conferenceId: r.conference_id } : {}),
  ...(r.agency_id ? { agencyId: r.agency_id } : {}),
  observedAt: r.observed_at,
});
