// Reading open cases through Temporal: visibility finds them, each answers its status query. A case whose
// workflow task keeps failing cannot answer: it is set aside as broken (with how it fails), and the rest answer.
import type { Client } from '@temporalio/client';
import type { CaseStatus } from '../domain/case/status';
import { asOfNow, statusQuery } from '../workflows/messages';
import { grpcCode } from '../identity/refusal';

const NOT_FOUND = 5;

export const OPEN_CASES_QUERY = `WorkflowType = 'caseWorkflow' AND ExecutionStatus = 'Running'`;
/** Temporal sets this on a workflow whose task has failed or timed out five times running. */
export const BROKEN_QUERY = `TemporalReportedProblems IN ('category=WorkflowTaskFailed', 'category=WorkflowTaskTimedOut')`;

/** How a case is broken: its workflow task failing, tried `attempt` times. */
export interface BrokenCase {
  caseRef: string;
  /** Tries of the failing task so far (Temporal's count), when known. */
  attempt?: number;
  since?: string;
}

export interface OpenCases {
  statuses: CaseStatus[];
  broken: BrokenCase[];
}

/** Tries of a case's pending workflow task, when one is pending and has failed at least once. */
export async function failingTask(client: Client, workflowId: string): Promise<BrokenCase | undefined> {
  let d;
  try {
    d = await client.workflowService.describeWorkflowExecution({
      namespace: client.options.namespace,
      execution: { workflowId },
    });
  } catch (e) {
    if (grpcCode(e) === NOT_FOUND) return undefined; // no such case: the caller says so in its own words
    throw e;
  }
  const task = d.pendingWorkflowTask;
  const attempt = Number(task?.attempt ?? 0);
  if (!task || attempt < 2) return undefined;
  const at = task.originalScheduledTime?.seconds ?? task.scheduledTime?.seconds;
  return {
    caseRef: workflowId.replace(/^case-/, ''),
    attempt,
    ...(at !== undefined && at !== null ? { since: new Date(Number(at) * 1000).toISOString() } : {}),
  };
}

/** The references of open cases Temporal reports broken (its search attribute, set after five failures). */
export async function brokenCaseIds(client: Client): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const w of client.workflow.list({ query: `${OPEN_CASES_QUERY} AND ${BROKEN_QUERY}` }))
    ids.add(w.workflowId);
  return ids;
}

export async function openCaseStatuses(client: Client, concurrency = 8): Promise<OpenCases> {
  const ids: string[] = [];
  for await (const w of client.workflow.list({ query: OPEN_CASES_QUERY })) ids.push(w.workflowId);
  const known = await brokenCaseIds(client);
  const statuses: CaseStatus[] = [];
  const broken: BrokenCase[] = [];
  const queue = ids.filter((id) => {
    if (known.has(id)) broken.push({ caseRef: id.replace(/^case-/, '') });
    return !known.has(id);
  });
  await Promise.all(
    Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
      for (let id = queue.shift(); id; id = queue.shift()) {
        try {
          statuses.push(await client.workflow.getHandle(id).query(statusQuery, ...asOfNow()));
        } catch (e) {
          // A case whose task fails cannot answer: set aside, and the others answer.
          const failing = await failingTask(client, id);
          if (!failing) throw e;
          broken.push(failing);
        }
      }
    }),
  );
  return {
    statuses: statuses.sort((a, b) => a.caseRef.localeCompare(b.caseRef)),
    broken: broken.sort((a, b) => a.caseRef.localeCompare(b.caseRef)),
  };
}
