// Runs the real case workflow on the time-skipping server with the real calendar activity and a recording
// notifier, and gives tests the words an administrator would use: "on this date, record this".
import { testLedger } from './ledger';
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Context } from '@temporalio/activity';
import { Worker } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import { whenReady } from '../../src/client/readiness';
import { untilQuiet } from './quiet';
import { createCaseActivities } from '../../src/activities/case';
import type { CaseActivities } from '../../src/activities/types';
import type { Notification } from '../../src/domain/case/actions';
import type { DeliveryResult } from '../../src/notify/email';
import type { CaseEvent, CaseInput, ChildOutcome } from '../../src/domain/case/types';
import type { CaseStatus } from '../../src/domain/case/status';
import { addDays, type LocalDate } from '../../src/domain/dates';
import { londonDate, londonInstant } from '../../src/domain/londonTime';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import { addWorkingDays, isWorkingDay } from '../../src/domain/workingDays';
import { caseWorkflow } from '../../src/workflows/case';
import { caseWorkflowId, recordEvent, statusQuery, type RecordResult } from '../../src/workflows/messages';
import { shippedCalendar } from './calendars';
import { startTimeSkippingServer, workflowBundle } from './temporal';

export const TASK_QUEUE = 'cases-test';
export const calendar = shippedCalendar('england-and-wales', 2024, 2032);
export const wd = (from: LocalDate, n: number) => addWorkingDays(calendar, from, n).date;

export function caseInput(caseRef: string, overrides: Partial<CaseInput> = {}): CaseInput {
  return {
    caseRef,
    region: 'england-and-wales',
    team: 'T-NORTH',
    children: [
      { id: 'CH-7Q2', dateOfBirth: '2013-03-14' as LocalDate },
      { id: 'CH-8K5', dateOfBirth: '2018-09-02' as LocalDate },
      { id: 'CH-9Z1', dateOfBirth: '2021-01-20' as LocalDate },
    ],
    staff: {
      socialWorker: 'SW-101',
      teamManager: 'TM-201',
      serviceManager: 'SM-301',
      chair: 'CH-401',
      minuteTaker: 'MT-501',
    },
    agencies: ['gp', 'school'],
    policy: DEFAULT_POLICY,
    openedBy: 'admin-1',
    ...overrides,
  };
}

/**
 * A conference's outcome for every child of the test case (`caseInput`) and the participation of the one aged 10
 * or over: the outcomes given, and for the rest of the family `rest` ('no-plan' at an initial conference).
 */
export function everyChild(
  given: ChildOutcome[],
  rest: 'no-plan' | 'not-discussed' = 'no-plan',
): { children: ChildOutcome[]; participation: { childId: string; participation: 'attended' }[] } {
  const others = ['CH-7Q2', 'CH-8K5', 'CH-9Z1'].filter((id) => !given.some((o) => o.childId === id));
  const filled: ChildOutcome[] = others.map((childId) =>
    rest === 'no-plan'
      ? { childId, outcome: 'no-plan' }
      : { childId, outcome: 'not-discussed', reason: 'not on a plan' },
  );
  return {
    children: [...given, ...filled],
    participation: [{ childId: 'CH-7Q2', participation: 'attended' }],
  };
}

/** A notification as the recording notifier saw it, with the server time its activity was scheduled. */
export type SentNotification = Notification & { sentAt: { date: LocalDate; time: string } };

export class CaseHarness {
  readonly sent: SentNotification[] = [];
  readonly dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-wf-'));
  /** The reporting ledger the cases write to: one per harness, kept across worker restarts. */
  readonly ledger = testLedger();
  private worker?: Worker;
  private running?: Promise<void>;

  /** `deliver`, when given, is the real delivery behind the recording (a real email deliverer, say). */
  constructor(
    readonly env: TestWorkflowEnvironment,
    private readonly deliver?: (n: Notification) => Promise<DeliveryResult | void>,
  ) {}

  /**
   * `sticky: false` keeps no workflow in the worker's cache between tasks. Needed for a worker that will be
   * stopped mid-case: the time-skipping server would hold the next task for the dead worker's sticky queue
   * with its clock locked, so the sticky timeout never passes and no other worker gets the task.
   */
  async startWorker({ sticky = true }: { sticky?: boolean } = {}): Promise<void> {
    this.worker = await Worker.create({
      ...(sticky ? {} : { maxCachedWorkflows: 0 }),
      connection: this.env.nativeConnection,
      taskQueue: TASK_QUEUE,
      workflowBundle: await workflowBundle(require.resolve('../../src/workflows')),
      activities: this.withHolds(
        createCaseActivities({
          dataDir: this.dataDir,
          closures: [],
          ledger: this.ledger,
          deliver: async (n) => {
            const result = await this.deliver?.(n);
            const at = new Date(Context.current().info.currentAttemptScheduledTimestampMs);
            const time = at.toLocaleTimeString('en-GB', {
              timeZone: 'Europe/London',
              hour: '2-digit',
              minute: '2-digit',
            });
            this.sent.push({ ...n, sentAt: { date: londonDate(at.getTime()), time } });
            return result;
          },
        }),
      ),
    });
    this.running = this.worker.run();
  }

  private holds: Partial<Record<'loadCalendar' | 'recordInLedger', Promise<void>>> = {};
  private withHolds(a: CaseActivities): CaseActivities {
    return {
      ...a,
      loadCalendar: async (...args) => {
        await this.holds.loadCalendar;
        return a.loadCalendar(...args);
      },
      recordInLedger: async (...args) => {
        await this.holds.recordInLedger;
        return a.recordInLedger(...args);
      },
    };
  }
  /** Holds every call of the activity until the returned function is called: to record events while a case waits. */
  hold(activity: 'loadCalendar' | 'recordInLedger'): () => void {
    let release!: () => void;
    this.holds[activity] = new Promise((r) => (release = r));
    return () => {
      delete this.holds[activity];
      release();
    };
  }

  async stopWorker(): Promise<void> {
    this.worker?.shutdown();
    await this.running;
    this.worker = undefined;
  }

  async today(): Promise<LocalDate> {
    return londonDate(await this.env.currentTimeMs());
  }

  /** Moves to 10:00 on the first working day from today (today itself when it is one), where a scenario starts. */
  async workingToday(): Promise<LocalDate> {
    let d = await this.today();
    while (!isWorkingDay(calendar, d)) d = addDays(d, 1);
    await this.skipTo(d, '10:00');
    return d;
  }

  /** Moves to `time` on the first working day from today (today itself when it is one and not yet that late). */
  async workingDay(time = '10:00'): Promise<LocalDate> {
    const now = await this.env.currentTimeMs();
    let d = londonDate(now);
    while (!isWorkingDay(calendar, d) || londonInstant(d, time) < now) d = addDays(d, 1);
    await this.skipTo(d, time);
    return d;
  }

  /** Moves server time to `time` London on `date`, letting every timer due before then fire. */
  async skipTo(date: LocalDate, time = '12:00'): Promise<void> {
    const target = londonInstant(date, time);
    const now = await this.env.currentTimeMs();
    if (target > now) await this.env.sleep(target - now);
    await this.settle();
  }

  /**
   * Waits until every case of the harness has finished what the last time step made due: no activity running
   * (a send, a ledger write, a calendar load; they run in real time) and no workflow task waiting. Each of those
   * is scheduled in the same server transaction that completes the one before (test/support/quiet.ts). With no
   * worker running nothing can move, so there is nothing to wait for.
   */
  async settle(): Promise<void> {
    if (this.worker) await untilQuiet(this.env.client, this.caseIds);
  }

  /** Workflow ids of the cases this harness opened. */
  private readonly caseIds: string[] = [];

  async open(
    caseRef: string,
    overrides: Partial<CaseInput> = {},
    { maxHistoryEvents }: { maxHistoryEvents?: number } = {},
  ): Promise<CaseHandle> {
    const handle = await this.env.client.workflow.start(caseWorkflow, {
      args: [{ input: caseInput(caseRef, overrides), ...(maxHistoryEvents ? { maxHistoryEvents } : {}) }],
      taskQueue: TASK_QUEUE,
      workflowId: caseWorkflowId(caseRef),
    });
    this.caseIds.push(handle.workflowId);
    // A new case loads its calendar first; wait until it says it is ready, as the CLI does after `open`.
    await whenReady(handle);
    return new CaseHandle(handle, this);
  }

  sentFor(caseRef: string, deadlinePrefix?: string): SentNotification[] {
    return this.sent.filter(
      (n) => n.caseRef === caseRef && (!deadlinePrefix || n.deadlineId.startsWith(deadlinePrefix)),
    );
  }
}

/** An event as a test writes it: the harness adds when it happened and who recorded it. */
export type EventWithoutMeta = CaseEvent extends infer E
  ? E extends CaseEvent
    ? Omit<E, 'occurredAt' | 'recordedBy'>
    : never
  : never;

export class CaseHandle {
  constructor(
    readonly handle: WorkflowHandle<typeof caseWorkflow>,
    private readonly h: CaseHarness,
  ) {}

  record(occurredAt: LocalDate, event: EventWithoutMeta): Promise<RecordResult> {
    return this.handle.executeUpdate(recordEvent, {
      args: [{ ...event, occurredAt, recordedBy: 'admin-1' }],
    });
  }

  /** Skips to the date, then records the event as happening that day. */
  async on(date: LocalDate, event: EventWithoutMeta): Promise<RecordResult> {
    await this.h.skipTo(date);
    const r = await this.record(date, event);
    await this.h.settle();
    return r;
  }

  /** The case as of the server's time now (a query alone would answer as of the case's last task). */
  async status(): Promise<CaseStatus> {
    return this.handle.query(statusQuery, { now: await this.h.env.currentTimeMs() });
  }

  /**
   * Ends a test's case the way a real one ends: closed, its workflow finishing once the pass in hand is done.
   * Never terminate: the time-skipping server keeps the clock locked for a workflow or activity task of a run
   * terminated mid-flight (temporalio/sdk-java#1138), and every later skip in the file then passes in real time.
   * Nor wait with `result()`: that lets the server skip time while it waits.
   */
  async close(reason: 'closed' | 'transferred-out' = 'closed'): Promise<void> {
    await this.record(await this.h.today(), { type: 'case-closed', reason });
    for (let i = 0; ; i++) {
      const { status } = await this.handle.describe();
      if (status.name === 'COMPLETED') return;
      if (i >= 100) throw new Error(`case ${this.handle.workflowId} is ${status.name} 10 s after closing`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async deadline(id: string) {
    const d = (await this.status()).deadlines.find((x) => x.id === id);
    if (!d) throw new Error(`no deadline ${id}`);
    return d;
  }
}

/**
 * A time-skipping server of the test file's own with a harness on it and its worker running: one server per
 * file (2 cores), started in the file's beforeAll; `stopHarness` in its afterAll.
 */
export async function startHarness(
  opts: { sticky?: boolean; deliver?: (n: Notification) => Promise<DeliveryResult | void> } = {},
): Promise<CaseHarness> {
  const h = new CaseHarness(await startTimeSkippingServer(), opts.deliver);
  await h.startWorker({ sticky: opts.sticky ?? true });
  return h;
}

export async function stopHarness(h: CaseHarness | undefined): Promise<void> {
  await h?.stopWorker();
  await h?.env.teardown();
}
