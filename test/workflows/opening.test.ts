// Opening a case in one call (update-with-start of `opened`, src/client/opening.ts), as `cpcase open` does: the
// answer is the case's status once it has opened, not before; a case nobody runs is said to be opened but silent;
// a reference in use is refused; and a worker from before the update still gets its case opened.
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { openCase } from '../../src/client/opening';
import { CaseNotReady, whenReady } from '../../src/client/readiness';
import { caseWorkflowId, recordEvent } from '../../src/workflows/messages';
import { londonDate } from '../../src/domain/londonTime';
import { caseInput } from '../support/caseHarness';
import { heldCalendarWorker } from '../support/caseWorker';
import { keepHistory, patchesRecorded } from '../support/histories';
import { PATCH_BASELINE_1 } from '../../src/workflows/patchBaseline';
import { startDevServer, workflowBundle } from '../support/temporal';

Runtime.install({ logger: new DefaultLogger('ERROR') });

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await startDevServer();
});
afterAll(async () => {
  await env?.teardown();
});

const client = () => env.client;

const heldWorker = (taskQueue: string) => heldCalendarWorker({ connection: env.nativeConnection, taskQueue });

const closeCase = (caseRef: string) =>
  client()
    .workflow.getHandle(caseWorkflowId(caseRef))
    .executeUpdate(recordEvent, {
      args: [
        { type: 'case-closed', reason: 'closed', occurredAt: londonDate(Date.now()), recordedBy: 'admin-1' },
      ],
    });

test('one call opens the case and answers with its status once it has opened, not before', async () => {
  const { worker, release } = await heldWorker('opening-1');
  await worker.runUntil(async () => {
    let answered = false;
    const opening = openCase(client(), 'opening-1', caseInput('CP-OPEN-1')).finally(() => (answered = true));
    await new Promise((r) => setTimeout(r, 1_500));
    expect(answered).toBe(false); // still loading its calendar
    release();
    const status = await opening;
    expect(status).toMatchObject({ caseRef: 'CP-OPEN-1', stage: 'referral', team: 'T-NORTH' });
    // Listed from its first moment: the start carried the attributes `cpcase list` filters on.
    const d = await client().workflow.getHandle(caseWorkflowId('CP-OPEN-1')).describe();
    expect(d.typedSearchAttributes.getAll().map((p) => p.key.name)).toEqual(
      expect.arrayContaining(['CpcaseStage', 'CpcaseSocialWorker', 'CpcaseRegion', 'CpcaseTeam']),
    );
    // A reference in use is refused, and the running case is untouched.
    await expect(openCase(client(), 'opening-1', caseInput('CP-OPEN-1'))).rejects.toBeInstanceOf(
      WorkflowExecutionAlreadyStartedError,
    );
    await closeCase('CP-OPEN-1');
    // Kept as a replay fixture: a history whose update waited for the case's opening must go on replaying.
    const handle = client().workflow.getHandle(caseWorkflowId('CP-OPEN-1'));
    await handle.result();
    // Opened under the patch baseline: one patch marker, not one for each patch the workflow has.
    expect(patchesRecorded(await handle.fetchHistory())).toEqual([PATCH_BASELINE_1]);
    await keepHistory('opened-under-baseline', handle);
  });
});

test('no worker running: the case is opened, said to be silent, and answers once a worker runs it', async () => {
  await expect(openCase(client(), 'opening-2', caseInput('CP-OPEN-2'), 5_000)).rejects.toBeInstanceOf(
    CaseNotReady,
  );
  const handle = client().workflow.getHandle(caseWorkflowId('CP-OPEN-2'));
  expect((await handle.describe()).status.name).toBe('RUNNING');
  const { worker, release } = await heldWorker('opening-2');
  release();
  await worker.runUntil(async () => {
    await whenReady(handle);
    await closeCase('CP-OPEN-2');
    await handle.result();
  });
});

test('a worker from before the `opened` update: the case is still opened and answers', async () => {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: 'opening-old',
    workflowBundle: await workflowBundle(require.resolve('../fixtures/opening/workflows')),
  });
  await worker.runUntil(async () => {
    const status = await openCase(client(), 'opening-old', caseInput('CP-OPEN-OLD'));
    expect(status).toEqual({ caseRef: 'CP-OPEN-OLD', stage: 'referral' });
    await client().workflow.getHandle(caseWorkflowId('CP-OPEN-OLD')).cancel();
  });
});
