// The embedded ledger: SQLite under the data folder, through Node's built-in `node:sqlite` (no native addon to
// compile or to crash the process at garbage collection). Synchronous and transactional; WAL with full sync.
import fs from 'fs';
import path from 'path';
import { DatabaseSync } from 'node:sqlite';
import type { Keyring } from '../crypto/keys';
import { unseal } from '../crypto/seal';
import { MIGRATIONS } from './migrations';
import {
  caseParams,
  eventParams,
  insertStatements,
  outcomeParams,
  toAuditRow,
  toEventEntry,
  toOutcomeEntry,
  caseRows,
  eventRows,
  outcomeRows,
  versionRows,
} from './rows';
import type { LedgerBatch, LedgerCaseEntry, LedgerStore } from './types';
import { recordsStore } from './records';
import { sqliteSql } from './sql';

export function openSqliteLedger(file: string, ring: Keyring): LedgerStore {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new DatabaseSync(file);
  // A reader (the CLI) and the worker share the file: wait for a lock rather than fail at once. First, since
  // even setting the journal mode takes a lock: set after it, a CLI opening the ledger while the worker wrote
  // failed with "database is locked" (seen in the fault suite's concurrent opens).
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  migrate(db);

  const sql = insertStatements(() => '?');
  const insertEvent = db.prepare(sql.event);
  const insertOutcome = db.prepare(sql.outcome);
  const insertCase = db.prepare(sql.case);
  const write = (batch: LedgerBatch) =>
    inTransaction(db, () => {
      const casesAdded = batch.case ? Number(insertCase.run(...caseParams(ring, batch.case)).changes) : 0;
      let eventsAdded = 0;
      let outcomesAdded = 0;
      for (const e of batch.events) eventsAdded += Number(insertEvent.run(...eventParams(ring, e)).changes);
      for (const o of batch.outcomes) outcomesAdded += Number(insertOutcome.run(...outcomeParams(o)).changes);
      return { casesAdded, eventsAdded, outcomesAdded };
    });
  const selectCases = db.prepare(`SELECT sealed_case FROM ledger_cases ORDER BY case_ref`);
  const selectCase = db.prepare(`SELECT sealed_case FROM ledger_cases WHERE case_ref = ?`);
  const selectEvents = db.prepare(
    `SELECT * FROM ledger_events WHERE case_ref = ? ORDER BY seq, recorded_at, rowid`,
  );
  const selectOutcomes = db.prepare(`SELECT * FROM ledger_outcomes ORDER BY observed_at, rowid`);
  const selectCaseOutcomes = db.prepare(
    `SELECT * FROM ledger_outcomes WHERE case_ref = ? ORDER BY observed_at, rowid`,
  );
  const events = (caseRef: string) => eventRows(selectEvents.all(caseRef));

  return {
    records: recordsStore(sqliteSql(db), ring),
    write: (batch) => Promise.resolve(write(batch)),
    audit: (caseRef) => Promise.resolve(events(caseRef).map(toAuditRow)),
    cases: () =>
      Promise.resolve(caseRows(selectCases.all()).map((r) => unseal<LedgerCaseEntry>(ring, r.sealed_case))),
    caseEntry: (caseRef) =>
      Promise.resolve(
        caseRows(selectCase.all(caseRef)).map((r) => unseal<LedgerCaseEntry>(ring, r.sealed_case))[0],
      ),
    events: (caseRef) => Promise.resolve(events(caseRef).map((r) => toEventEntry(ring, r))),
    outcomes: (caseRef) =>
      Promise.resolve(
        outcomeRows(caseRef === undefined ? selectOutcomes.all() : selectCaseOutcomes.all(caseRef)).map(
          toOutcomeEntry,
        ),
      ),
    close: () => {
      db.close();
      return Promise.resolve();
    },
  };
}

/** All or nothing: a batch half-written by a crash would count an event without its outcomes. */
function inTransaction<T>(db: DatabaseSync, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (e) {
    db.exec('ROLLBACK');
    throw e;
  }
}

/**
 * Each migration is applied in a write transaction that first asks again whether it is done: several processes
 * open a new ledger at once (the worker and CLIs opening cases side by side), and a check made before the lock
 * let two of them apply the same one ("table ledger_holds already exists", seen in the fault suite).
 */
function migrate(db: DatabaseSync): void {
  db.exec(
    `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`,
  );
  const done = () =>
    new Set(versionRows(db.prepare(`SELECT version FROM schema_migrations`).all()).map((r) => r.version));
  const present = done();
  if (MIGRATIONS.every((m) => present.has(m.version))) return;
  for (const m of MIGRATIONS) {
    inTransaction(db, () => {
      if (done().has(m.version)) return;
      for (const sql of m.sql) db.exec(sql);
      db.prepare(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`).run(
        m.version,
        new Date().toISOString(),
      );
    });
  }
}
