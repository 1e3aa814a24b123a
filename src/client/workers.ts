// Before a CLI starts or changes a case: do the workers running now hold the same key and policy? Read from their
// poller identities (src/shared/workerIdentity.ts), the freshest first; no worker, or one too old to say, passes.
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { parseIdentity, type Published } from '../shared/workerIdentity';
import { grpcCode } from '../identity/refusal';

const UNIMPLEMENTED = 12;

/** Pollers seen within this long of the freshest: an older one may be a worker since restarted. */
const FRESH_MS = 60_000;

export interface Disagreement {
  /** The variable that sets what differs. */
  variable: 'CPCASE_KEYS_FILE' | 'CPCASE_POLICY_FILE';
  mine: string;
  theirs: string;
}

/** What the workers polling `taskQueue` now publish (none when no worker says). */
export async function workersPublish(client: Client, taskQueue: string): Promise<Published[]> {
  let r;
  try {
    r = await client.workflowService.describeTaskQueue({
      namespace: client.options.namespace,
      taskQueue: { name: taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
  } catch (e) {
    // A server that cannot say who polls (Temporal's time-skipping test server): nothing to check against.
    if (grpcCode(e) === UNIMPLEMENTED) return [];
    throw e;
  }
  const seen = (r.pollers ?? []).map((p) => ({
    at: Number(p.lastAccessTime?.seconds ?? 0) * 1000,
    published: parseIdentity(p.identity ?? ''),
  }));
  const freshest = Math.max(0, ...seen.map((s) => s.at));
  return seen.flatMap((s) => (s.published && freshest - s.at <= FRESH_MS ? [s.published] : []));
}

/** The first way this CLI differs from the workers: its current key, or its policy. */
export function disagreement(mine: Published, theirs: Published[]): Disagreement | undefined {
  const key = theirs.find((t) => t.keyFp !== mine.keyFp);
  if (key) return { variable: 'CPCASE_KEYS_FILE', mine: `key ${mine.keyId}`, theirs: `key ${key.keyId}` };
  const policy = theirs.find((t) => t.policyFp !== mine.policyFp);
  if (policy)
    return {
      variable: 'CPCASE_POLICY_FILE',
      mine: `policy ${mine.policyId} (${mine.policyFp})`,
      theirs: `policy ${policy.policyId} (${policy.policyFp})`,
    };
  return undefined;
}
