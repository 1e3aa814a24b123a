// The harness itself: the time-skipping server skips a month in seconds, and the dev server's visibility
// finds a workflow by one of the project's custom search attributes.
import { Worker, Runtime, DefaultLogger } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startDevServer, startTimeSkippingServer, workflowBundle } from './support/temporal';
import { SA } from '../src/shared/searchAttributes';
import { finish, sleepForDays, taggedStage } from './fixtures/harness/workflows';

Runtime.install({ logger: new DefaultLogger('WARN') });
const workflowsPath = require.resolve('./fixtures/harness/workflows');

describe('time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await startTimeSkippingServer();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('runs a workflow that sleeps 30 days to completion, and workflow time really advanced 30 days', async () => {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'harness',
      workflowBundle: await workflowBundle(workflowsPath),
    });
    const slept = await worker.runUntil(
      env.client.workflow.execute(sleepForDays, { args: [30], taskQueue: 'harness', workflowId: 'sleep-30' }),
    );
    expect(slept).toBeGreaterThanOrEqual(30 * 86_400_000);
  });
});

describe('dev server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await startDevServer();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('finds a running workflow by a custom search attribute, and not by another value', async () => {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'harness-visibility',
      workflowBundle: await workflowBundle(workflowsPath),
    });
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(taggedStage, {
        args: ['icpc-pending'],
        taskQueue: 'harness-visibility',
        workflowId: 'tagged-1',
      });
      const found = async (query: string) => {
        const ids: string[] = [];
        for await (const wf of env.client.workflow.list({ query })) ids.push(wf.workflowId);
        return ids;
      };
      // Visibility is eventually consistent: poll briefly for the upsert to be indexed.
      let ids: string[] = [];
      for (let i = 0; i < 50 && ids.length === 0; i++) {
        ids = await found(`${SA.stage.name} = 'icpc-pending'`);
        if (ids.length === 0) await new Promise((r) => setTimeout(r, 200));
      }
      expect(ids).toEqual(['tagged-1']);
      expect(await found(`${SA.stage.name} = 'closed'`)).toEqual([]);
      await handle.signal(finish);
      await handle.result();
    });
  });
});
