// Waiting for a fact rather than a while: a case is quiet when no activity of it is running (a send, a ledger
// write, a calendar load) and no workflow task of it is waiting, read from its history (a task scheduled after the
// last one completed), because the time-skipping test server does not report a pending workflow task in
// `describe`. Quiet is taken twice, the history unchanged in between, before the cases are said to be waiting on
// their timers.
import type { Client } from '@temporalio/client';

/** Each running workflow's history length, or 'busy' while it has an activity or a workflow task in hand. */
async function snapshot(client: Client, ids: readonly string[]): Promise<Map<string, number | 'busy'>> {
  const out = new Map<string, number | 'busy'>();
  for (const id of ids) {
    const handle = client.workflow.getHandle(id);
    const d = await handle.describe();
    if (d.status.name !== 'RUNNING') continue;
    if ((d.raw.pendingActivities?.length ?? 0) > 0) {
      out.set(id, 'busy');
      continue;
    }
    const events = (await handle.fetchHistory()).events ?? [];
    const last = (has: (e: (typeof events)[number]) => boolean) =>
      events.reduce((at, e, i) => (has(e) ? i : at), -1);
    const scheduled = last((e) => Boolean(e.workflowTaskScheduledEventAttributes));
    const completed = last((e) => Boolean(e.workflowTaskCompletedEventAttributes));
    out.set(id, scheduled > completed ? 'busy' : events.length);
  }
  return out;
}

const busyIn = (s: Map<string, number | 'busy'>) => [...s].filter(([, v]) => v === 'busy').map(([id]) => id);
const same = (a: Map<string, number | 'busy'>, b: Map<string, number | 'busy'>) =>
  a.size === b.size && [...a].every(([id, v]) => b.get(id) === v);

/** Returns once every one of the workflows is quiet; fails, naming them, if some are not within `withinMs`. */
export async function untilQuiet(client: Client, ids: readonly string[], withinMs = 30_000): Promise<void> {
  const until = Date.now() + withinMs;
  for (;;) {
    const first = await snapshot(client, ids);
    if (busyIn(first).length === 0) {
      await new Promise((r) => setTimeout(r, 50));
      const second = await snapshot(client, ids);
      if (busyIn(second).length === 0 && same(first, second)) return;
    }
    if (Date.now() > until)
      throw new Error(`still busy after ${withinMs / 1000} s: ${busyIn(first).join(', ')}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
