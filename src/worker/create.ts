// Builds the worker: the case workflows and the activities wired to their real dependencies.
import path from 'path';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Config } from '../config/env';
import { loadPolicyFile } from '../policy/file';
import { createCaseActivities } from '../activities/case';
import { outboxDeliverer } from '../activities/outbox';
import { connectionOptions } from '../client/connection';

export async function createWorker(
  config: Config,
): Promise<{ worker: Worker; connection: NativeConnection }> {
  const council = loadPolicyFile(config.policyFile);
  const connection = await NativeConnection.connect(connectionOptions(config));
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowsPath: require.resolve('../workflows'),
    activities: createCaseActivities({
      dataDir: config.dataDir,
      closures: council.closures,
      deliver: outboxDeliverer(path.join(config.dataDir, 'outbox.jsonl')),
    }),
  });
  return { worker, connection };
}
