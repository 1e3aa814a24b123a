// Who recorded an entry is the server's stamp, never the caller's word. cpcase-server writes the stamp into the
// header of every start and update (server/access/stamp.go; its own Go tests check that it overwrites whatever the
// caller sent); here a client interceptor writes it as that server would, and the case, the ledger and the worker's
// vouching are checked end to end on a real dev server. The stack test (test/stack/access.test.ts) runs the same
// through cpcase-server itself.
import { Client, type WorkflowClientInterceptor } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { IDENTITY_HEADER, type IdentityStamp } from '../../src/domain/case/recorder';
import type { LocalDate } from '../../src/domain/dates';
import type { CaseEvent } from '../../src/domain/case/types';
import type { LedgerStore } from '../../src/ledger/types';
import { caseWorkflow } from '../../src/workflows/case';
import { asOfNow, caseWorkflowId, recordEvent, statusQuery } from '../../src/workflows/messages';
import { whenReady } from '../../src/client/readiness';
import { caseInput } from '../support/caseHarness';
import { caseWorker } from '../support/caseWorker';
import { keepHistory } from '../support/histories';
import { testLedger } from '../support/ledger';
import { startDevServer } from '../support/temporal';

Runtime.install({ logger: new DefaultLogger('ERROR') });

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await startDevServer();
});
afterAll(async () => {
  await env?.teardown();
});

const ISSUER = 'https://sign-in.council.example';

/** A client whose every start and update carries `stamp` as cpcase-server would write it. */
function stampedClient(stamp: IdentityStamp | undefined): Client {
  const header = (h: Record<string, Payload>) =>
    stamp ? { ...h, [IDENTITY_HEADER]: defaultPayloadConverter.toPayload(stamp) } : h;
  const stamping: WorkflowClientInterceptor = {
    start: (input, next) => next({ ...input, headers: header(input.headers) }),
    startWithDetails: (input, next) => next({ ...input, headers: header(input.headers) }),
    startUpdate: (input, next) => next({ ...input, headers: header(input.headers) }),
  };
  return new Client({ connection: env.connection, interceptors: { workflow: [stamping] } });
}

async function withWorker<T>(
  taskQueue: string,
  serverChecksIdentity: boolean,
  fn: (ledger: LedgerStore) => Promise<T>,
): Promise<T> {
  const ledger = testLedger();
  const worker: Worker = await caseWorker({
    connection: env.nativeConnection,
    taskQueue,
    ledger,
    serverChecksIdentity,
  });
  return worker.runUntil(() => fn(ledger));
}

/** Waits for the ledger to hold `n` events of the case (the case writes them in its next pass). */
async function ledgered(ledger: LedgerStore, caseRef: string, n: number) {
  for (let i = 0; i < 200; i++) {
    const events = await ledger.events(caseRef);
    if (events.length >= n && (await ledger.caseEntry(caseRef))) return events;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the ledger never held ${n} events of ${caseRef}`);
}

const discussion = (recordedBy: string, extra: Partial<CaseEvent> = {}): CaseEvent =>
  ({
    type: 'strategy-discussion',
    occurredAt: '2026-11-02' as LocalDate,
    recordedBy,
    ...extra,
  }) as CaseEvent;

async function openAndRecord(client: Client, caseRef: string, taskQueue: string, event: CaseEvent) {
  const handle = await client.workflow.start(caseWorkflow, {
    args: [{ input: caseInput(caseRef, { openedBy: 'typed-name' }) }],
    taskQueue,
    workflowId: caseWorkflowId(caseRef),
  });
  await whenReady(handle);
  await handle.executeUpdate(recordEvent, { args: [event] });
  return handle;
}

test('with a stamp, the stamp says who recorded it and for whom, and a checking worker writes it as verified', async () => {
  const stamp: IdentityStamp = { subject: 'ADM-001', method: 'token', issuer: ISSUER, onBehalfOf: 'SW-101' };
  await withWorker('identity-stamped', true, async (ledger) => {
    const client = stampedClient(stamp);
    // The caller claims someone else in the event, and a proof of its own: neither survives the stamp.
    const forged = discussion('TM-201', { proof: { method: 'certificate' }, onBehalfOf: 'CH-401' });
    const handle = await openAndRecord(client, 'CP-ID-0001', 'identity-stamped', forged);
    const status = await handle.query(statusQuery, ...asOfNow());
    expect(status.events[0]).toMatchObject({ recordedBy: 'ADM-001', onBehalfOf: 'SW-101' });
    const [entry] = await ledgered(ledger, 'CP-ID-0001', 1);
    expect(entry).toMatchObject({ recordedBy: 'ADM-001', onBehalfOf: 'SW-101', verifiedBy: 'token' });
    expect(entry!.event.proof).toEqual({ method: 'token', issuer: ISSUER });
    expect(await ledger.caseEntry('CP-ID-0001')).toMatchObject({
      openedBy: 'ADM-001',
      openedOnBehalfOf: 'SW-101',
      openedVerifiedBy: 'token',
    });
    await handle.executeUpdate(recordEvent, {
      args: [
        { type: 'case-closed', reason: 'closed', occurredAt: '2026-11-03' as LocalDate, recordedBy: 'x' },
      ],
    });
    await keepHistory('identity-stamped', handle);
  });
});

test('without a stamp, the name is as typed and nothing is verified, whatever proof the event claims', async () => {
  await withWorker('identity-none', true, async (ledger) => {
    const client = stampedClient(undefined);
    const forged = discussion('admin-1', { proof: { method: 'token', issuer: ISSUER } });
    const handle = await openAndRecord(client, 'CP-ID-0002', 'identity-none', forged);
    const [entry] = await ledgered(ledger, 'CP-ID-0002', 1);
    expect(entry).toMatchObject({ recordedBy: 'admin-1' });
    expect(entry!.verifiedBy).toBeUndefined();
    expect(entry!.event.proof).toBeUndefined();
    expect((await ledger.caseEntry('CP-ID-0002'))?.openedVerifiedBy).toBeUndefined();
    await handle.executeUpdate(recordEvent, {
      args: [
        { type: 'case-closed', reason: 'closed', occurredAt: '2026-11-03' as LocalDate, recordedBy: 'x' },
      ],
    });
  });
});

test('a stamp passed as an argument instead of by the server is ignored', async () => {
  await withWorker('identity-argument', true, async (ledger) => {
    const client = stampedClient(undefined);
    const handle = await client.workflow.start('caseWorkflow', {
      args: [{ input: caseInput('CP-ID-0003') }, { subject: 'ADM-001', method: 'token' }],
      taskQueue: 'identity-argument',
      workflowId: caseWorkflowId('CP-ID-0003'),
    });
    await whenReady(handle);
    await handle.executeUpdate('recordEvent', {
      args: [discussion('admin-1'), { subject: 'ADM-001', method: 'token' }],
    });
    const [entry] = await ledgered(ledger, 'CP-ID-0003', 1);
    expect(entry).toMatchObject({ recordedBy: 'admin-1' });
    expect(entry!.verifiedBy).toBeUndefined();
    expect(await ledger.caseEntry('CP-ID-0003')).toMatchObject({ openedBy: 'admin-1' });
    await handle.executeUpdate('recordEvent', {
      args: [{ type: 'case-closed', reason: 'closed', occurredAt: '2026-11-03', recordedBy: 'x' }],
    });
  });
});

test('a worker that does not know its server checks identities writes even a stamped entry as unverified', async () => {
  const stamp: IdentityStamp = { subject: 'ADM-001', method: 'token', issuer: ISSUER };
  await withWorker('identity-unchecked', false, async (ledger) => {
    const handle = await openAndRecord(
      stampedClient(stamp),
      'CP-ID-0004',
      'identity-unchecked',
      discussion('x'),
    );
    const [entry] = await ledgered(ledger, 'CP-ID-0004', 1);
    expect(entry).toMatchObject({ recordedBy: 'ADM-001' });
    expect(entry!.verifiedBy).toBeUndefined();
    await handle.executeUpdate(recordEvent, {
      args: [
        { type: 'case-closed', reason: 'closed', occurredAt: '2026-11-03' as LocalDate, recordedBy: 'x' },
      ],
    });
  });
});
