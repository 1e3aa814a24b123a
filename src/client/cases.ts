// Reading open cases through Temporal: visibility finds them, each answers its status query.
import type { Client } from '@temporalio/client';
import type { CaseStatus } from '../domain/case/status';
import { asOfNow, statusQuery } from '../workflows/messages';

export const OPEN_CASES_QUERY = `WorkflowType = 'caseWorkflow' AND ExecutionStatus = 'Running'`;

export async function openCaseStatuses(client: Client, concurrency = 8): Promise<CaseStatus[]> {
  const ids: string[] = [];
  for await (const w of client.workflow.list({ query: OPEN_CASES_QUERY })) ids.push(w.workflowId);
  const out: CaseStatus[] = [];
  const queue = [...ids];
  await Promise.all(
    Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
      for (let id = queue.shift(); id; id = queue.shift()) {
        out.push(await client.workflow.getHandle(id).query(statusQuery, ...asOfNow()));
      }
    }),
  );
  return out.sort((a, b) => a.caseRef.localeCompare(b.caseRef));
}
