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
import type { ProofMethod } from '../domain/case/recorder';
import type { RecordsStore } from './records';

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
  onBehalfOf?: string;
  /** How the server verified `recordedBy`; absent: unverified (as typed). */
  verifiedBy?: ProofMethod;
}

/** One interface for both stores. Async because PostgreSQL is; the SQLite store answers at once. */
export interface LedgerStore {
  write(batch: LedgerBatch): Promise<LedgerWriteResult>;
  audit(caseRef: string): Promise<AuditRow[]>;
  cases(): Promise<LedgerCaseEntry[]>;
  /** One case as opened, or undefined when the ledger has none by that reference. */
  caseEntry(caseRef: string): Promise<LedgerCaseEntry | undefined>;
  events(caseRef: string): Promise<LedgerEventEntry[]>;
  outcomes(caseRef?: string): Promise<LedgerOutcomeEntry[]>;
  /** The records schedule's holds, tombstones and disclosures (records.ts). */
  records: RecordsStore;
  close(): Promise<void>;
}
