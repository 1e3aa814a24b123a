// Waiting for a fact rather than a while: a case is quiet when no activity of it is running (a send, a ledger
// write, a calendar load) and no workflow task of it is waiting. The server schedules each of those in the same
// transaction that completes the one before, so a quiet case is not between two steps: it waits on its timer.
import type { Client } from '@temporalio/client';

/** The ids of those running workflows that still have an activity or a workflow task in hand. */
export async function busyWorkflows(client: Client, ids: readonly string[]): Promise<string[]> {
  const busy: string[] = [];
  for (const id of ids) {
    const d = await client.workflow.getHandle(id).describe();
    if (d.status.name !== 'RUNNING') continue;
    if ((d.raw.pendingActivities?.length ?? 0) > 0 || d.raw.pendingWorkflowTask) busy.push(id);
  }
  return busy;
}

/** Returns once every one of the workflows is quiet; fails, naming them, if some are not within `withinMs`. */
export async function untilQuiet(client: Client, ids: readonly string[], withinMs = 30_000): Promise<void> {
  const until = Date.now() + withinMs;
  for (
    let busy = await busyWorkflows(client, ids);
    busy.length > 0;
    busy = await busyWorkflows(client, ids)
  ) {
    if (Date.now() > until) throw new Error(`still busy after ${withinMs / 1000} s: ${busy.join(', ')}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
