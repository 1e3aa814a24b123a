// One small way to speak SQL to either store, for what is written once and read by both (the records schedule's
// holds, tombstones and disclosures): statements are written with `?` and each adapter runs them its own way.
import type { DatabaseSync } from 'node:sqlite';
import type { Pool, PoolClient } from 'pg';

export interface Sql {
  all(sql: string, params?: readonly SqlValue[]): Promise<unknown[]>;
  /** Rows changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** All or nothing. */
  transaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T>;
}

export type SqlValue = string | number | null;

export function sqliteSql(db: DatabaseSync): Sql {
  const sql: Sql = {
    all: (q, p = []) => Promise.resolve(db.prepare(q).all(...p)),
    run: (q, p = []) => Promise.resolve(Number(db.prepare(q).run(...p).changes)),
    async transaction(fn) {
      db.exec('BEGIN IMMEDIATE');
      try {
        const r = await fn(sql);
        db.exec('COMMIT');
        return r;
      } catch (e) {
        db.exec('ROLLBACK');
        throw e;
      }
    },
  };
  return sql;
}

/** `?` placeholders as PostgreSQL's `$1, $2 …`. */
const numbered = (q: string) => {
  let i = 0;
  return q.replace(/\?/g, () => `$${++i}`);
};

function clientSql(c: Pool | PoolClient): Omit<Sql, 'transaction'> {
  return {
    all: async (q, p = []): Promise<unknown[]> => (await c.query(numbered(q), [...p])).rows as unknown[],
    run: async (q, p = []) => (await c.query(numbered(q), [...p])).rowCount ?? 0,
  };
}

export function postgresSql(pool: Pool): Sql {
  return {
    ...clientSql(pool),
    async transaction(fn) {
      const client = await pool.connect();
      const inTx: Sql = { ...clientSql(client), transaction: (f) => f(inTx) };
      try {
        await client.query('BEGIN');
        const r = await fn(inTx);
        await client.query('COMMIT');
        return r;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
  };
}
