// Builds the worker: the case workflows and the activities wired to their real dependencies.
import path from 'path';
import nodemailer from 'nodemailer';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Config } from '../config/env';
import { loadPolicyFile } from '../policy/file';
import { loadDirectoryFile } from '../directory/file';
import { createCaseActivities } from '../activities/case';
import { connectionOptions } from '../client/connection';
import { createEmailDeliverer } from '../notify/email';
import { fileSentStore } from '../notify/sentStore';

export async function createWorker(
  config: Config,
): Promise<{ worker: Worker; connection: NativeConnection }> {
  const council = loadPolicyFile(config.policyFile);
  // Validated now, so a broken directory stops the worker at start-up rather than losing an escalation later;
  // re-read (and re-validated) at every send so edits take effect at once, the last good copy kept on error.
  let directory = loadDirectoryFile(config.directoryFile);
  const currentDirectory = () => {
    try {
      directory = loadDirectoryFile(config.directoryFile);
    } catch (e) {
      console.error(`cpcase worker: ${e instanceof Error ? e.message : String(e)}; using the last good copy`);
    }
    return directory;
  };
  const transport = nodemailer.createTransport(config.smtpUrl);
  transport.verify().catch((e: unknown) => {
    // Not fatal: sends are retried until the mail server answers. Said once, loudly.
    console.error(
      `cpcase worker: mail server ${new URL(config.smtpUrl).host} not answering yet: ${String(e)}`,
    );
  });
  const connection = await NativeConnection.connect(connectionOptions(config));
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowsPath: require.resolve('../workflows'),
    activities: createCaseActivities({
      dataDir: config.dataDir,
      closures: council.closures,
      deliver: createEmailDeliverer({
        transport,
        directory: currentDirectory,
        sent: fileSentStore(path.join(config.dataDir, 'sent-messages.jsonl')),
        from: config.mailFrom,
        caseUrl: (ref) => config.caseUrl.replace('{caseRef}', encodeURIComponent(ref)),
      }),
    }),
  });
  return { worker, connection };
}
