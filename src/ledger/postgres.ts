// The ledger on PostgreSQL, for deployments with several workers: the same schema and migrations as SQLite,
// applied under an advisory lock so two workers starting together do not race.
import type { Pool, PoolClient } from 'pg';
import { sharedPool } from './pool';
import type { Keyring } from '../crypto/keys';
import { unseal } from '../crypto/seal';
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
import { MIGRATIONS } from './migrations';
import type { LedgerBatch, LedgerCaseEntry, LedgerStore, LedgerWriteResult } from './types';
import { recordsStore } from './records';
import { postgresSql } from './sql';

const MIGRATION_LOCK = 7_270_511; // any constant: one lock id for cpcase migrations
const SQL = insertStatements((i) => `$${i}`);

/** One batch in one transaction: each row inserted unless already there (every entry has a natural key). */
async function writeBatch(pool: Pool, ring: Keyring, batch: LedgerBatch): Promise<LedgerWriteResult> {
  const client = await pool.connect();
  const insert = async (sql: string, params: unknown[]) => (await client.query(sql, params)).rowCount ?? 0;
  try {
    await client.query('BEGIN');
    let casesAdded = 0;
    let eventsAdded = 0;
    let outcomesAdded = 0;
    if (batch.case) {
      casesAdded += await insert(SQL.case, [...caseParams(ring, batch.case)]);
    }
    for (const e of batch.events) {
      eventsAdded += await insert(SQL.event, [...eventParams(ring, e)]);
    }
    for (const o of batch.outcomes) {
      outcomesAdded += await insert(SQL.outcome, [...outcomeParams(o)]);
    }
    await client.query('COMMIT');
    return { casesAdded, eventsAdded, outcomesAdded };
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  } finally {
    client.release();
  }
}

export async function openPostgresLedger(url: string, ring: Keyring): Promise<LedgerStore> {
  const pool = sharedPool(url, 4);
  await migrate(pool).catch(async (e: unknown) => {
    await pool.end().catch(() => undefined);
    throw e;
  });
  return {
    records: recordsStore(postgresSql(pool), ring),
    write: (batch) => writeBatch(pool, ring, batch),
    async audit(caseRef) {
      const r = await pool.query(
        `SELECT * FROM ledger_events WHERE case_ref = $1 ORDER BY seq, recorded_at`,
        [caseRef],
      );
      return eventRows(r.rows).map(toAuditRow);
    },
    async cases() {
      const r = await pool.query(`SELECT sealed_case FROM ledger_cases ORDER BY case_ref`);
      return caseRows(r.rows).map((x) => unseal<LedgerCaseEntry>(ring, x.sealed_case));
    },
    async caseEntry(caseRef) {
      const r = await pool.query(`SELECT sealed_case FROM ledger_cases WHERE case_ref = $1`, [caseRef]);
      return caseRows(r.rows).map((x) => unseal<LedgerCaseEntry>(ring, x.sealed_case))[0];
    },
    async events(caseRef) {
      const r = await pool.query(
        `SELECT * FROM ledger_events WHERE case_ref = $1 ORDER BY seq, recorded_at`,
        [caseRef],
      );
      return eventRows(r.rows).map((x) => toEventEntry(ring, x));
    },
    async outcomes(caseRef) {
      const r = await pool.query(
        caseRef === undefined
          ? `SELECT * FROM ledger_outcomes ORDER BY observed_at, deadline_id`
          : `SELECT * FROM ledger_outcomes WHERE case_ref = $1 ORDER BY observed_at, deadline_id`,
        caseRef === undefined ? [] : [caseRef],
      );
      return outcomeRows(r.rows).map(toOutcomeEntry);
    },
    close: () => pool.end(),
  };
}

/** The migrations the database has, or none when it has no record of any. */
async function migrationsDone(client: PoolClient): Promise<Set<number>> {
  const present = await client.query(`SELECT 1 FROM pg_tables WHERE tablename = 'schema_migrations'`);
  if (!present.rowCount) return new Set();
  return new Set(
    versionRows((await client.query(`SELECT version FROM schema_migrations`)).rows).map((r) => r.version),
  );
}

const upToDate = (done: Set<number>) => MIGRATIONS.every((m) => done.has(m.version));

/**
 * Brings the shared database's schema up to date; any store that opens it first may run it. One already up to
 * date is only read, so a role that may only read (people's, on the stack) opens it too.
 */
export async function migrate(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    if (upToDate(await migrationsDone(client))) return;
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`,
      );
      const done = await migrationsDone(client);
      for (const m of MIGRATIONS) {
        if (done.has(m.version)) continue;
        await client.query('BEGIN');
        for (const sql of m.sql) await client.query(sql);
        await client.query(`INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`, [
          m.version,
          new Date().toISOString(),
        ]);
        await client.query('COMMIT');
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}
