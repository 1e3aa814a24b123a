// The reporting ledger: an append-only record of every event a case accepted and every deadline outcome, for
// the quality-assurance reports and as the audit trail. Written by an idempotent activity: each entry has a
// natural key, so a retried write never counts twice. Identifying detail (child ids, reasons, free text) is
// sealed with the payload keyring; the columns reports count on are opaque codes and dates.
import type {
  LedgerBatch,
  LedgerCaseEntry,
  LedgerEventEntry,
  LedgerOutcomeEntry,
} from '../domain/case/ledger';

export type { LedgerBatch, LedgerCaseEntry, LedgerEventEntry, LedgerOutcomeEntry };

export interface LedgerWriteResult {
  casesAdded: number;
  eventsAdded: number;
  outcomesAdded: number;
}

export interface AuditRow {
  eventId: string;
  type: string;
  occurredAt: string;
  recordedAt: string;
  recordedBy: string;
}

/** One interface for both stores. Async because PostgreSQL is; the SQLite store answers at once. */
export interface LedgerStore {
  write(batch: LedgerBatch): Promise<LedgerWriteResult>;
  audit(caseRef: string): Promise<AuditRow[]>;
  cases(): Promise<LedgerCaseEntry[]>;
  events(caseRef: string): Promise<LedgerEventEntry[]>;
  outcomes(caseRef?: string): Promise<LedgerOutcomeEntry[]>;
  close(): Promise<void>;
}
