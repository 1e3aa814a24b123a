// Riding out Temporal's passing states: retried with backoff for a bounded time, and counts kept exact.
import { ServiceError, type WorkflowHandle } from '@temporalio/client';
import { isTransient, recordWithRetry, retryTransient } from '../../src/client/cli/retry';
import type { CaseEvent } from '../../src/domain/case/types';
import type { LocalDate } from '../../src/domain/dates';
import type { caseWorkflow } from '../../src/workflows/case';
import type { RecordResult } from '../../src/workflows/messages';

const failedTask = new ServiceError('9 FAILED_PRECONDITION: Workflow Task in failed state.');
const noSleep = () => Promise.resolve();
const event: CaseEvent = { type: 'core-group-held', occurredAt: '2026-11-27' as LocalDate, recordedBy: 'a' };
const result = (duplicate: boolean): RecordResult => ({ eventId: 'e1', duplicate, openDeadlines: [] });

/** A case handle whose update answers as scripted, one answer per call. */
function handle(answers: (RecordResult | Error)[]): WorkflowHandle<typeof caseWorkflow> {
  return {
    executeUpdate: () => {
      const a = answers.shift()!;
      return a instanceof Error ? Promise.reject(a) : Promise.resolve(a);
    },
  } as unknown as WorkflowHandle<typeof caseWorkflow>;
}

test('passing states are retried; anything else is reported at once', async () => {
  expect(isTransient(failedTask)).toBe(true);
  expect(isTransient(new ServiceError('14 UNAVAILABLE: connection reset'))).toBe(true);
  expect(isTransient(new ServiceError('3 INVALID_ARGUMENT: bad'))).toBe(false);
  expect(isTransient(new Error('UNAVAILABLE'))).toBe(false);
  let calls = 0;
  await expect(
    retryTransient(
      () => {
        calls += 1;
        return Promise.reject(new ServiceError('3 INVALID_ARGUMENT: bad'));
      },
      { sleep: noSleep },
    ),
  ).rejects.toThrow('INVALID_ARGUMENT');
  expect(calls).toBe(1);
});

test('bounded: a state that does not pass is reported after the time allowed', async () => {
  let calls = 0;
  const t0 = Date.now();
  await expect(
    retryTransient(
      () => {
        calls += 1;
        return Promise.reject(failedTask);
      },
      { within: 1_500 },
    ),
  ).rejects.toBe(failedTask);
  expect(calls).toBeGreaterThan(1);
  expect(Date.now() - t0).toBeLessThan(3_000);
});

test('an update that went through on an attempt whose answer was lost counts as recorded now', async () => {
  expect(await recordWithRetry(handle([failedTask, result(true)]), event, { sleep: noSleep })).toEqual(
    result(false),
  );
  expect(await recordWithRetry(handle([result(true)]), event, { sleep: noSleep })).toEqual(result(true));
});
