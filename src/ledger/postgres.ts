// The ledger on PostgreSQL, for deployments with several workers: the same schema and migrations as SQLite,
// applied under an advisory lock so two workers starting together do not race.
import { Pool } from 'pg';
import type { Keyring } from '../crypto/keys';
import { seal, unseal } from '../crypto/seal';
import type { CaseEvent } from '../domain/case/types';
import { MIGRATIONS } from './migrations';
import type { AuditRow, LedgerCaseEntry, LedgerEventEntry, LedgerOutcomeEntry, LedgerStore } from './types';

const MIGRATION_LOCK = 7_270_511; // any constant: one lock id for cpcase migrations

export async function openPostgresLedger(url: string, ring: Keyring): Promise<LedgerStore> {
  const pool = new Pool({ connectionString: url, max: 4 });
  await migrate(pool);
  return {
    async write(batch) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        let casesAdded = 0;
        let eventsAdded = 0;
        let outcomesAdded = 0;
        const c = batch.case;
        if (c) {
          const r = await client.query(
            `INSERT INTO ledger_cases (case_ref, region, team, opened_at, opened_by, policy_id, sealed_case)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
            [c.caseRef, c.region, c.team ?? null, c.openedAt, c.openedBy, c.policyId, seal(ring, c)],
          );
          casesAdded += r.rowCount ?? 0;
        }
        for (const e of batch.events) {
          const r = await client.query(
            `INSERT INTO ledger_events (seq, event_id, case_ref, type, occurred_at, recorded_at, recorded_by, sealed_event)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
            [
              e.seq,
              e.eventId,
              e.caseRef,
              e.type,
              e.occurredAt,
              e.recordedAt,
              e.recordedBy,
              seal(ring, e.event),
            ],
          );
          eventsAdded += r.rowCount ?? 0;
        }
        for (const o of batch.outcomes) {
          const r = await client.query(
            `INSERT INTO ledger_outcomes (case_ref, deadline_id, rule_id, due_date, status, met_on, late_by, conference_id, agency_id, observed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
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
            ],
          );
          outcomesAdded += r.rowCount ?? 0;
        }
        await client.query('COMMIT');
        return { casesAdded, eventsAdded, outcomesAdded };
      } catch (e) {
        await client.query('ROLLBACK');
        throw e;
      } finally {
        client.release();
      }
    },
    async audit(caseRef) {
      const r = await pool.query<{
        event_id: string;
        type: string;
        occurred_at: string;
        recorded_at: string;
        recorded_by: string;
      }>(
        `SELECT event_id, type, occurred_at, recorded_at, recorded_by FROM ledger_events WHERE case_ref = $1 ORDER BY seq, recorded_at`,
        [caseRef],
      );
      return r.rows.map((x): AuditRow => ({
        eventId: x.event_id,
        type: x.type,
        occurredAt: x.occurred_at,
        recordedAt: x.recorded_at,
        recordedBy: x.recorded_by,
      }));
    },
    async cases() {
      const r = await pool.query<{ sealed_case: string }>(
        `SELECT sealed_case FROM ledger_cases ORDER BY case_ref`,
      );
      return r.rows.map((x) => unseal<LedgerCaseEntry>(ring, x.sealed_case));
    },
    async events(caseRef) {
      const r = await pool.query<{
        seq: number;
        event_id: string;
        case_ref: string;
        type: string;
        occurred_at: string;
        recorded_at: string;
        recorded_by: string;
        sealed_event: string;
      }>(`SELECT * FROM ledger_events WHERE case_ref = $1 ORDER BY seq, recorded_at`, [caseRef]);
      return r.rows.map((x): LedgerEventEntry => ({
        seq: x.seq,
        eventId: x.event_id,
        caseRef: x.case_ref,
        type: x.type as CaseEvent['type'],
        occurredAt: x.occurred_at,
        recordedAt: x.recorded_at,
        recordedBy: x.recorded_by,
        event: unseal<CaseEvent>(ring, x.sealed_event),
      }));
    },
    async outcomes(caseRef) {
      const r = await pool.query<{
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
      }>(
        caseRef === undefined
          ? `SELECT * FROM ledger_outcomes ORDER BY observed_at, deadline_id`
          : `SELECT * FROM ledger_outcomes WHERE case_ref = $1 ORDER BY observed_at, deadline_id`,
        caseRef === undefined ? [] : [caseRef],
      );
      return r.rows.map((x): LedgerOutcomeEntry => ({
        caseRef: x.case_ref,
        deadlineId: x.deadline_id,
        ruleId: x.rule_id,
        dueDate: x.due_date,
        status: x.status as LedgerOutcomeEntry['status'],
        ...(x.met_on ? { metOn: x.met_on } : {}),
        ...(x.late_by !== null ? { lateBy: x.late_by } : {}),
        ...(x.conference_id ? { conferenceId: x.conference_id } : {}),
        ...(x.agency_id ? { agencyId: x.agency_id } : {}),
        observedAt: x.observed_at,
      }));
    },
    close: () => pool.end(),
  };
}

async function migrate(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`,
    );
    const done = new Set(
      (await client.query<{ version: number }>(`SELECT version FROM schema_migrations`)).rows.map(
        (r) => r.version,
      ),
    );
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
    client.release();
  }
}
