// A case still loading its calendar is recognised as such by what it answers, not by an error's text: with the
// encrypting data converter the product uses, a failed query's message arrives as "Encoded failure", so the old
// test for "still opening" could never match. The client waits for `ready`, and says plainly when it never comes.
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { CaseNotReady, askWhenReady, whenReady } from '../../src/client/readiness';
import { caseWorkflow } from '../../src/workflows/case';
import {
  asOfNow,
  caseWorkflowId,
  readinessQuery,
  recordEvent,
  statusQuery,
} from '../../src/workflows/messages';
import { londonDate } from '../../src/domain/londonTime';
import { caseInput } from '../support/caseHarness';
import { heldCalendarWorker } from '../support/caseWorker';
import { encryptedClient, testKeys } from '../support/keys';
import { startDevServer } from '../support/temporal';

Runtime.install({ logger: new DefaultLogger('ERROR') });

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await startDevServer();
});
afterAll(async () => {
  await env?.teardown();
});

test('a case loading its calendar answers "not ready" under encryption; once loaded, it answers', async () => {
  const keys = testKeys();
  const { worker, release } = await heldCalendarWorker({
    connection: env.nativeConnection,
    taskQueue: 'readiness',
    dataConverter: keys.dataConverter,
  });
  const client = encryptedClient(env, keys.dataConverter);
  await worker.runUntil(async () => {
    const handle = await client.workflow.start(caseWorkflow, {
      args: [{ input: caseInput('CP-READY-1') }],
      taskQueue: 'readiness',
      workflowId: caseWorkflowId('CP-READY-1'),
    });
    expect(await handle.query(readinessQuery)).toEqual({ ready: false, why: 'opening' });
    // What the old check matched on is not there to match: the converter encodes the failure's message.
    const failed = await handle.query(statusQuery, ...asOfNow()).catch((e: unknown) => e);
    expect(String(failed)).not.toContain('still opening');
    expect(String(failed)).toContain('Encoded failure');
    await expect(whenReady(handle, { attempts: 3, waitMs: 50 })).rejects.toBeInstanceOf(CaseNotReady);

    const answer = askWhenReady(handle, () => handle.query(statusQuery, ...asOfNow()));
    release();
    expect((await answer).caseRef).toBe('CP-READY-1');
    expect(await handle.query(readinessQuery)).toEqual({ ready: true });
    // Ended as a case ends: closed.
    await handle.executeUpdate(recordEvent, {
      args: [
        { type: 'case-closed', reason: 'closed', occurredAt: londonDate(Date.now()), recordedBy: 'admin-1' },
      ],
    });
    await handle.result();
  });
});
