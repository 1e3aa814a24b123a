// The database's passing states, told by their codes (never by message text): PostgreSQL starting up or shutting
// down (SQLSTATE class 57P), a connection refused, reset or lost (class 08, ECONNREFUSED, ECONNRESET). A command
// rides them out for a while, as it rides out Temporal's.
const PASSING_SQLSTATES = /^(57P0[1-3]|08\d{3})$/;
const PASSING_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

export function isPassingDbError(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code: unknown = Reflect.get(e, 'code');
  if (typeof code === 'string' && (PASSING_SQLSTATES.test(code) || PASSING_ERRNOS.has(code))) return true;
  // pg reports a connection the server closed as a plain Error whose cause chain carries the errno, or none.
  return e.cause !== undefined && isPassingDbError(e.cause);
}

/** Runs `fn` again while the database is in a passing state, backing off up to 5 s, for at most `within` ms. */
export async function withDbRetry<T>(fn: () => Promise<T>, within = 60_000): Promise<T> {
  const start = Date.now();
  for (let wait = 250; ; wait = Math.min(wait * 2, 5_000)) {
    try {
      return await fn();
    } catch (e) {
      if (!isPassingDbError(e) || Date.now() - start + wait > within) throw e;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
