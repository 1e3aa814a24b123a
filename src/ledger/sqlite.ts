// The embedded ledger: SQLite under the data folder (better-sqlite3, synchronous and transactional).
import fs from 'fs';
import path from 'path';
import Database from 'better-sqlite3';
import type { Keyring } from '../crypto/keys';
import { unseal } from '../crypto/seal';
import { MIGRATIONS } from './migrations';
import {
  caseParams,
  eventParams,
  outcomeParams,
  toAuditRow,
  toEventEntry,
  toOutcomeEntry,
  type EventRow,
  type OutcomeRow,
} from './rows';
import type { LedgerBatch, LedgerCaseEntry, LedgerStore } from './types';

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
    const casesAdded = batch.case ? insertCase.run(...caseParams(ring, batch.case)).changes : 0;
    let eventsAdded = 0;
    let outcomesAdded = 0;
    for (const e of batch.events) eventsAdded += insertEvent.run(...eventParams(ring, e)).changes;
    for (const o of batch.outcomes) outcomesAdded += insertOutcome.run(...outcomeParams(o)).changes;
    return { casesAdded, eventsAdded, outcomesAdded };
  });
  const selectCases = db.prepare(`SELECT sealed_case FROM ledger_cases ORDER BY case_ref`);
  const selectEvents = db.prepare(
    `SELECT * FROM ledger_events WHERE case_ref = ? ORDER BY seq, recorded_at, rowid`,
  );
  const selectOutcomes = db.prepare(`SELECT * FROM ledger_outcomes ORDER BY observed_at, rowid`);
  const selectCaseOutcomes = db.prepare(
    `SELECT * FROM ledger_outcomes WHERE case_ref = ? ORDER BY observed_at, rowid`,
  );
  const events = (caseRef: string) => selectEvents.all(caseRef) as EventRow[];

  return {
    write: (batch) => Promise.resolve(write(batch)),
    audit: (caseRef) => Promise.resolve(events(caseRef).map(toAuditRow)),
    cases: () =>
      Promise.resolve(
        (selectCases.all() as { sealed_case: string }[]).map((r) =>
          unseal<LedgerCaseEntry>(ring, r.sealed_case),
        ),
      ),
    events: (caseRef) => Promise.resolve(events(caseRef).map((r) => toEventEntry(ring, r))),
    outcomes: (caseRef) =>
      Promise.resolve(
        (
          (caseRef === undefined ? selectOutcomes.all() : selectCaseOutcomes.all(caseRef)) as OutcomeRow[]
        ).map(toOutcomeEntry),
      ),
    close: () => {
      db.close();
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
