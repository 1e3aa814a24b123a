// Riding out Temporal's passing states: a server busy past its deadline, a connection reset, a case whose
// workflow task has failed for a moment (a worker restarting). Retried with backoff for a bounded time, then
// reported as usual. An update is safe to send again (events carry ids), and an update that went through on an
// attempt whose answer was lost is counted as recorded by this run, not as "recorded before".
import { ServiceError, type WorkflowHandle } from '@temporalio/client';
import type { CaseEvent } from '../../domain/case/types';
import type { caseWorkflow } from '../../workflows/case';
import { recordEvent, type RecordResult } from '../../workflows/messages';

/** gRPC states that pass: unavailable, deadline exceeded, exhausted, aborted, a failed workflow task. */
export function isTransient(e: unknown): boolean {
  if (!(e instanceof ServiceError)) return false;
  const text = `${e.message} ${e.cause instanceof Error ? e.cause.message : ''}`;
  return /UNAVAILABLE|DEADLINE_EXCEEDED|RESOURCE_EXHAUSTED|ABORTED|Workflow Task in failed state|ECONNRESET/i.test(
    text,
  );
}

export interface RetryOptions {
  /** Give up after this long (ms); the last error is then reported. */
  within?: number;
  sleep?: (ms: number) => Promise<void>;
}

export async function retryTransient<T>(
  fn: (attempt: number) => Promise<T>,
  o: RetryOptions = {},
): Promise<T> {
  const within = o.within ?? 60_000;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const start = Date.now();
  for (let attempt = 0, wait = 500; ; attempt++, wait = Math.min(wait * 2, 5_000)) {
    try {
      return await fn(attempt);
    } catch (e) {
      if (!isTransient(e) || Date.now() - start + wait > within) throw e;
      await sleep(wait);
    }
  }
}

/** Records one event, riding out passing states; `duplicate` only when it was recorded before this call. */
export async function recordWithRetry(
  handle: WorkflowHandle<typeof caseWorkflow>,
  event: CaseEvent,
  o?: RetryOptions,
): Promise<RecordResult> {
  const r = await retryTransient(
    (attempt) => handle.executeUpdate(recordEvent, { args: [event] }).then((res) => ({ res, attempt })),
    o,
  );
  // A duplicate on a second attempt is this call's own first attempt, which went through unanswered.
  return r.attempt > 0 && r.res.duplicate ? { ...r.res, duplicate: false } : r.res;
}
