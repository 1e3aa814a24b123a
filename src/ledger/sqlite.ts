// The embedded ledger: SQLite under the data folder (better-sqlite3, synchronous and transactional).
import fs from 'fs';
import path from 'path';
import Database from 'better-sqlite3';
import type { Keyring } from '../crypto/keys';
import { seal, unseal } from '../crypto/seal';
import type { CaseEvent } from '../domain/case/types';
import { MIGRATIONS } from './migrations';
import type {
  AuditRow,
  LedgerBatch,
  LedgerCaseEntry,
  LedgerEventEntry,
  LedgerOutcomeEntry,
  LedgerStore,
} from './types';

export function openSqliteLedger(file: string, ring: Keyring): LedgerStore {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  migrate(db);

  const insertEvent = db.prepare(
    `INSERT INTO ledger_events (seq, event_id, case_ref, type, occurred_at, recorded_at, recorded_by, sealed_event)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const insertOutcome = db.prepare(
    `INSERT INTO ledger_outcomes (case_ref, deadline_id, rule_id, due_date, status, met_on, late_by, conference_id, agency_id, observed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const insertCase = db.prepare(
    `INSERT INTO ledger_cases (case_ref, region, team, opened_at, opened_by, policy_id, sealed_case)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const write = db.transaction((batch: LedgerBatch) => {
    const c = batch.case;
    const casesAdded = c
      ? insertCase.run(c.caseRef, c.region, c.team ?? null, c.openedAt, c.openedBy, c.policyId, seal(ring, c))
          .changes
      : 0;
    let eventsAdded = 0;
    let outcomesAdded = 0;
    for (const e of batch.events) {
      eventsAdded += insertEvent.run(
        e.seq,
        e.eventId,
        e.caseRef,
        e.type,
        e.occurredAt,
        e.recordedAt,
        e.recordedBy,
        seal(ring, e.event),
      ).changes;
    }
    for (const o of batch.outcomes) {
      outcomesAdded += insertOutcome.run(
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
      ).changes;
    }
    return { casesAdded, eventsAdded, outcomesAdded };
  });

  type EventRow = {
    seq: number;
    event_id: string;
    case_ref: string;
    type: string;
    occurred_at: string;
    recorded_at: string;
    recorded_by: string;
    sealed_event: string;
  };
  type OutcomeRow = {
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
  };

  const sync = {
    write: (batch: LedgerBatch) => write(batch),
    cases: () =>
      (
        db.prepare(`SELECT sealed_case FROM ledger_cases ORDER BY case_ref`).all() as {
          sealed_case: string;
        }[]
      ).map((r) => unseal<LedgerCaseEntry>(ring, r.sealed_case)),
    audit: (caseRef: string) =>
      (
        db
          .prepare(
            `SELECT event_id, type, occurred_at, recorded_at, recorded_by FROM ledger_events WHERE case_ref = ? ORDER BY seq, recorded_at, rowid`,
          )
          .all(caseRef) as EventRow[]
      ).map((r): AuditRow => ({
        eventId: r.event_id,
        type: r.type,
        occurredAt: r.occurred_at,
        recordedAt: r.recorded_at,
        recordedBy: r.recorded_by,
      })),
    events: (caseRef: string) =>
      (
        db
          .prepare(`SELECT * FROM ledger_events WHERE case_ref = ? ORDER BY seq, recorded_at, rowid`)
          .all(caseRef) as EventRow[]
      ).map((r): LedgerEventEntry => ({
        seq: r.seq,
        eventId: r.event_id,
        caseRef: r.case_ref,
        type: r.type as CaseEvent['type'],
        occurredAt: r.occurred_at,
        recordedAt: r.recorded_at,
        recordedBy: r.recorded_by,
        event: unseal<CaseEvent>(ring, r.sealed_event),
      })),
    outcomes: (caseRef?: string) =>
      (caseRef === undefined
        ? (db.prepare(`SELECT * FROM ledger_outcomes ORDER BY observed_at, rowid`).all() as OutcomeRow[])
        : (db
            .prepare(`SELECT * FROM ledger_outcomes WHERE case_ref = ? ORDER BY observed_at, rowid`)
            .all(caseRef) as OutcomeRow[])
      ).map((r): LedgerOutcomeEntry => ({
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
      })),
    close: () => db.close(),
  };
  return {
    write: (batch) => Promise.resolve(sync.write(batch)),
    audit: (caseRef) => Promise.resolve(sync.audit(caseRef)),
    cases: () => Promise.resolve(sync.cases()),
    events: (caseRef) => Promise.resolve(sync.events(caseRef)),
    outcomes: (caseRef) => Promise.resolve(sync.outcomes(caseRef)),
    close: () => {
      sync.close();
      return Promise.resolve();
    },
  };
}

function migrate(db: Database.Database): void {
  db.exec(
    `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`,
  );
  const done = new Set(
    (db.prepare(`SELECT version FROM schema_migrations`).all() as { version: number }[]).map(
      (r) => r.version,
    ),
  );
  for (const m of MIGRATIONS) {
    if (done.has(m.version)) continue;
    db.transaction(() => {
      for (const sql of m.sql) db.exec(sql);
      db.prepare(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`).run(
        m.version,
        new Date().toISOString(),
      );
    })();
  }
}
