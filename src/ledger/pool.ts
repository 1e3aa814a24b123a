// One way to open the shared PostgreSQL database, for the ledger, the sent-message record and imported calendars.
import { Pool } from 'pg';

/**
 * A pool whose idle connections may be dropped (PostgreSQL restarted, a failover, an idle timeout) without
 * taking the process down: pg reports that on the pool's 'error' event, which Node treats as fatal when nobody
 * listens. No query is lost by it; the next query opens a new connection, and a query that fails is retried by
 * whoever made it (an activity, the CLI).
 */
export function sharedPool(url: string, max: number): Pool {
  const pool = new Pool({ connectionString: url, max });
  pool.on('error', () => undefined);
  return pool;
}
