// A worker running the real case workflow and activities, for tests that drive cases through a real server (the
// CLI tests, encryption, mTLS, the generated year). What differs between them is passed in; the rest is here.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { createCaseActivities } from '../../src/activities/case';
import type { Notification } from '../../src/domain/case/actions';
import type { DeliveryResult } from '../../src/notify/email';
import type { LedgerStore } from '../../src/ledger/types';
import type { Region } from '../../src/domain/workingDays';
import { testLedger } from './ledger';
import { workflowBundle } from './temporal';
import { workerIdentity, type Published } from '../../src/shared/workerIdentity';

export async function caseWorker(opts: {
  connection: NativeConnection;
  taskQueue: string;
  dataConverter?: WorkerOptions['dataConverter'];
  dataDir?: string;
  /** A fresh SQLite ledger under the test keyring when absent. */
  ledger?: LedgerStore;
  /** Notifications are dropped when absent. */
  deliver?: (n: Notification) => Promise<DeliveryResult | void>;
  /** Activities besides the case's own (the digest's, say). */
  activities?: object;
  /** The worker vouches for the server's identity stamps (CPCASE_IDENTITY=server). */
  serverChecksIdentity?: boolean;
  /** Its key and policy, in its poller identity, as the real worker publishes them (src/shared/workerIdentity.ts). */
  publish?: Published;
}): Promise<Worker> {
  return Worker.create({
    ...(opts.publish ? { identity: workerIdentity(opts.publish) } : {}),
    connection: opts.connection,
    taskQueue: opts.taskQueue,
    ...(opts.dataConverter ? { dataConverter: opts.dataConverter } : {}),
    workflowBundle: await workflowBundle(require.resolve('../../src/workflows')),
    activities: {
      ...createCaseActivities({
        dataDir: opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-worker-')),
        closures: [],
        ledger: opts.ledger ?? testLedger(),
        deliver: opts.deliver ?? (() => Promise.resolve()),
        serverChecksIdentity: opts.serverChecksIdentity ?? false,
      }),
      ...opts.activities,
    },
  });
}

/**
 * A case worker whose calendar loads only once `release()` is called: its cases are started but still opening
 * until then (the real calendar is loaded after the release).
 */
export async function heldCalendarWorker(opts: {
  connection: NativeConnection;
  taskQueue: string;
  dataConverter?: WorkerOptions['dataConverter'];
}): Promise<{ worker: Worker; release: () => void }> {
  const real = createCaseActivities({
    dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-held-')),
    closures: [],
    ledger: testLedger(),
    deliver: () => Promise.resolve(),
  });
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const worker = await caseWorker({
    ...opts,
    activities: {
      loadCalendar: async (region: Region, fromYear: number, toYear: number) => {
        await held;
        return real.loadCalendar(region, fromYear, toYear);
      },
    },
  });
  return { worker, release };
}
