// Asking a case only once it can answer. A new case loads its calendar before it answers queries; it says so
// through its readiness query (a typed answer), so the client waits on a fact rather than on an error's text.
import { QueryNotRegisteredError, type WorkflowHandle } from '@temporalio/client';
import { readinessQuery } from '../workflows/messages';

/** The case did not become ready in the time given: most often, no worker is running. */
export class CaseNotReady extends Error {
  constructor(readonly workflowId: string) {
    super(`case workflow ${workflowId} is still opening`);
  }
}

/** Waits until the case answers `ready` (about 10 s by default); a case on older code without the query is ready. */
export async function whenReady(
  handle: WorkflowHandle,
  { attempts = 50, waitMs = 200 }: { attempts?: number; waitMs?: number } = {},
): Promise<void> {
  for (let i = 0; ; i++) {
    let ready: boolean;
    try {
      ready = (await handle.query(readinessQuery)).ready;
    } catch (e) {
      // Started by a worker from before the readiness query: it answers its other queries as it always has.
      if (e instanceof QueryNotRegisteredError) return;
      throw e;
    }
    if (ready) return;
    if (i >= attempts) throw new CaseNotReady(handle.workflowId);
    await new Promise((r) => setTimeout(r, waitMs));
  }
}

/** Runs `ask` once the case is ready. */
export async function askWhenReady<R>(handle: WorkflowHandle, ask: () => Promise<R>): Promise<R> {
  await whenReady(handle);
  return ask();
}
