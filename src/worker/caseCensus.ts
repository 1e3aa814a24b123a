// Every so often (CPCASE_METRICS_CASES_SECONDS) a worker with metrics counts what they show of the cases: the open
// ones and the broken ones (visibility counts them), and the overdue deadlines by level, asked of only the cases
// visibility says have one overdue, two at a time, so a council's few hundred cases cost little. Self-paced: the
// next look starts a whole interval after the last one ended, so a slow look never piles up behind another.
import type { Client } from '@temporalio/client';
import { OPEN_CASES_QUERY, brokenCaseIds, failingTask } from '../client/cases';
import { SA } from '../shared/searchAttributes';
import { asOfNow, statusQuery } from '../workflows/messages';
import { overdueByLevel, type CountedDeadline } from '../domain/operations';
import type { CaseGauges, CpcaseMetrics } from '../metrics/metrics';

const LANES = 2;

/** The deadlines of the cases with one overdue, and how many of those cases could not answer (broken). */
async function overdueDeadlines(client: Client, ids: string[]) {
  const deadlines: CountedDeadline[] = [];
  let unanswered = 0;
  const queue = [...ids];
  await Promise.all(
    Array.from({ length: Math.min(LANES, queue.length) }, async () => {
      for (let id = queue.shift(); id; id = queue.shift()) {
        try {
          deadlines.push(...(await client.workflow.getHandle(id).query(statusQuery, ...asOfNow())).deadlines);
        } catch (e) {
          if (!(await failingTask(client, id))) throw e;
          unanswered += 1;
        }
      }
    }),
  );
  return { deadlines, unanswered };
}

export async function takeCaseCensus(client: Client, levels: readonly number[]): Promise<CaseGauges> {
  const open = Number((await client.workflow.count(OPEN_CASES_QUERY)).count);
  const broken = await brokenCaseIds(client);
  const ids: string[] = [];
  const query = `${OPEN_CASES_QUERY} AND ${SA.overdue.name} > 0`;
  for await (const w of client.workflow.list({ query }))
    if (!broken.has(w.workflowId)) ids.push(w.workflowId);
  const { deadlines, unanswered } = await overdueDeadlines(client, ids);
  return { open, broken: broken.size + unanswered, overdueByLevel: overdueByLevel(deadlines, levels) };
}

export function startCaseCensus(d: {
  client: Client;
  metrics: CpcaseMetrics;
  levels: readonly number[];
  everyMs: number;
  warn: (message: string, meta: Record<string, unknown>) => void;
}): { close(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const look = async () => {
    try {
      d.metrics.cases(await takeCaseCensus(d.client, d.levels));
    } catch (e) {
      d.metrics.caseCensusFailed();
      d.warn('the case census for metrics failed; tried again next interval', { error: String(e) });
    }
    if (!closed) timer = setTimeout(() => void look(), d.everyMs);
  };
  void look();
  return {
    close: () => {
      closed = true;
      clearTimeout(timer);
      return Promise.resolve();
    },
  };
}
