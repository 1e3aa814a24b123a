// Scenario (h): the worker stops mid-case, a reminder falls due while it is down, and a new worker picks the
// case up from its history: the missed step goes out once when it returns, and nothing earlier is repeated.
import { Runtime, DefaultLogger } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { londonInstant } from '../../src/domain/londonTime';
import { CaseHarness, startHarness, stopHarness, wd } from '../support/caseHarness';

Runtime.install({ logger: new DefaultLogger('WARN') });

let h: CaseHarness;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  h = await startHarness({ sticky: false });
  env = h.env;
});
afterAll(() => stopHarness(h));

test('(h) a worker stopped and restarted mid-case loses and repeats nothing', async () => {
  const sd = await h.workingToday();
  const c = await h.open('CP-2026-0008');
  await c.on(sd, { type: 'strategy-discussion' });
  const due = wd(sd, 15);
  await h.skipTo(wd(due, -3));
  expect(h.sentFor('CP-2026-0008').map((n) => n.stepId)).toEqual(['remind-3']);

  await h.stopWorker();
  // The 1-day reminder falls due at 09:00 while no worker runs: the server keeps the task until one returns.
  const dueAt = londonInstant(wd(due, -1), '09:00');
  const down = env.sleep(londonInstant(wd(due, -1), '10:00') - (await env.currentTimeMs()));
  // Wait for the fact, not a while: the server's clock has passed the reminder's 09:00 with no worker to send it.
  for (let i = 0; i < 400 && (await env.currentTimeMs()) <= dueAt; i++)
    await new Promise((r) => setTimeout(r, 25));
  expect(await env.currentTimeMs()).toBeGreaterThan(dueAt);
  expect(h.sentFor('CP-2026-0008')).toHaveLength(1);
  await h.startWorker();
  await down;
  await h.settle();
  expect(h.sentFor('CP-2026-0008').map((n) => n.stepId)).toEqual(['remind-3', 'remind-1']);
  expect((await c.status()).deadlines.find((d) => d.id === 'icpc:E1')?.status).toBe('open');

  await h.skipTo(wd(due, 1));
  expect(h.sentFor('CP-2026-0008').map((n) => `${n.stepId}@${n.sentAt.date}`)).toEqual([
    `remind-3@${wd(due, -3)}`,
    `remind-1@${wd(due, -1)}`,
    `due@${due}`,
    `escalate-1@${wd(due, 1)}`,
  ]);
  await c.close();
});
