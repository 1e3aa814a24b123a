// The stack's server clock. A reminder goes only at the policy's send time on a working day, so a real-time
// rehearsal of a Monday-morning burst (the fault test, the load benchmark) needs a server that believes it is
// Monday morning: scripts/temporal-server.js builds `cpcase-server-clock`, the same server whose wall clock reads
// CPCASE_SERVER_CLOCK_OFFSET_SECONDS ahead. The stack runs it only when asked to.
/** How the server is run: on the machine's clock, or (a rehearsal) the clock-settable build as if it were CLOCK_AT. */
export interface ServerClock {
  binary: 'cpcase-server' | 'cpcase-server-clock';
  /** Seconds the server's clock is ahead of this machine's (0 on the machine's clock). */
  offsetSeconds: number;
}

/**
 * CPCASE_STACK_CLOCK_AT (an instant, e.g. 2026-11-30T08:55:00Z): the server starts with its clock at that
 * instant and runs on from there, so a rehearsal can see what 09:00 on a working day does on any day. Workers and
 * the CLI keep this machine's clock: a case's time is its server's.
 */
export function serverClock(at: string | undefined, now = Date.now()): ServerClock {
  if (at === undefined || at === '') return { binary: 'cpcase-server', offsetSeconds: 0 };
  if (
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(at) ||
    !Number.isFinite(Date.parse(at))
  )
    throw new Error(
      `CPCASE_STACK_CLOCK_AT: must be an instant written like 2026-11-30T08:55:00Z (got ${at})`,
    );
  return { binary: 'cpcase-server-clock', offsetSeconds: Math.round((Date.parse(at) - now) / 1000) };
}
