// Opening a case: one call to Temporal starts its workflow and waits for its first answer (update-with-start of
// `opened`), so the opener learns the case is open and how it stands without asking again and again. The start
// carries the search attributes `cpcase list` filters on, so the case is listed from its first moment.
import {
  WithStartWorkflowOperation,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
} from '@temporalio/client';
import type { CaseInput } from '../domain/case/types';
import type { CaseStatus } from '../domain/case/status';
import { SA } from '../shared/searchAttributes';
import { caseWorkflow } from '../workflows/case';
import { asOfNow, caseWorkflowId, openedUpdate, statusQuery } from '../workflows/messages';
import { CaseNotReady, whenReady } from './readiness';

/** How long an opener waits for the case to answer: a second or two with a worker running. */
export const ANSWER_WITHIN_MS = 10_000;

/** The workflow's start: its id, queue and the attributes a listing reads before the case first runs. */
export function caseStart(input: CaseInput, taskQueue: string) {
  return {
    args: [{ input }] as [{ input: CaseInput }],
    taskQueue,
    workflowId: caseWorkflowId(input.caseRef),
    // Never a second workflow under a reference a closed case used: the two would read as one case.
    workflowIdReusePolicy: 'REJECT_DUPLICATE' as const,
    // A running case with this reference: refused, never joined (update-with-start asks for a policy).
    workflowIdConflictPolicy: 'FAIL' as const,
    typedSearchAttributes: [
      { key: SA.stage, value: 'referral' },
      { key: SA.socialWorker, value: input.staff.socialWorker },
      { key: SA.region, value: input.region },
      { key: SA.overdue, value: 0 },
      ...(input.team ? [{ key: SA.team, value: input.team }] : []),
    ],
  };
}

/**
 * Starts the case and returns its status once it has opened. Refusals of the start (the reference in use, no
 * permission) are thrown as the SDK gives them. A case started but silent for `withinMs` (no worker running) is
 * `CaseNotReady`. A worker from before the `opened` update rejects it: the case is started all the same, and is
 * then asked as before.
 */
export async function openCase(
  client: Client,
  taskQueue: string,
  input: CaseInput,
  withinMs = ANSWER_WITHIN_MS,
): Promise<CaseStatus> {
  const startWorkflowOperation = new WithStartWorkflowOperation(caseWorkflow, caseStart(input, taskQueue));
  const workflowId = caseWorkflowId(input.caseRef);
  try {
    return await client.connection.withDeadline(Date.now() + withinMs, () =>
      client.workflow.executeUpdateWithStart(openedUpdate, { args: asOfNow(), startWorkflowOperation }),
    );
  } catch (e) {
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError && (await started(client, workflowId)))
      throw new CaseNotReady(workflowId);
    if (!(e instanceof WorkflowUpdateFailedError)) throw e;
  }
  // The start went through and an older worker refused the update it does not know.
  const handle = client.workflow.getHandle<typeof caseWorkflow>(workflowId);
  await whenReady(handle);
  return handle.query(statusQuery, ...asOfNow());
}

/** Whether the start went through though its answer did not come. */
async function started(client: Client, workflowId: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(workflowId).describe();
    return true;
  } catch {
    return false;
  }
}
