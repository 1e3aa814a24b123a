// Builds the worker: the case workflows and the activities wired to their real dependencies.
import path from 'path';
import nodemailer from 'nodemailer';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { Client, Connection } from '@temporalio/client';
import type { Config } from '../config/env';
import { loadPolicyFile } from '../policy/file';
import { DirectoryFileError, loadDirectoryFile } from '../directory/file';
import { createCaseActivities } from '../activities/case';
import { connectionOptions } from '../client/connection';
import { createEmailDeliverer } from '../notify/email';
import { fileSentStore } from '../notify/sentStore';
import { openPostgresSentStore } from '../notify/postgresSentStore';
import { calendarImportsFor } from '../calendar/imports';
import { sendDigests } from '../notify/digest';
import { loadCalendar } from '../calendar/load';
import { yearOf, type LocalDate } from '../domain/dates';
import { openCaseStatuses } from '../client/cases';
import { ensureDigestSchedule } from './schedule';
import { encryptedDataConverter } from '../crypto/codec';
import { loadKeyring } from '../crypto/keys';
import { openLedger } from '../ledger/open';
import { startConfigChecks } from './configCheck';

export async function createWorker(
  config: Config,
): Promise<{ worker: Worker; connection: NativeConnection; close: () => Promise<void> }> {
  const council = loadPolicyFile(config.policyFile);
  // Structured, through the SDK's logger; ids and keys only, never payload contents or email text.
  const logger = Runtime.instance().logger;
  const keyring = loadKeyring(config.keys.file, config.keys.json);
  const dataConverter = encryptedDataConverter(keyring);
  const ledger = await openLedger(config, keyring);
  // Validated now, so a broken directory stops the worker at start-up rather than losing an escalation later;
  // re-read (and re-validated) at every send so edits take effect at once, the last good copy kept on error.
  let directory = loadDirectoryFile(config.directoryFile);
  const currentDirectory = () => {
    try {
      directory = loadDirectoryFile(config.directoryFile);
    } catch (e) {
      logger.error('directory file is invalid; using the last good copy', {
        file: config.directoryFile,
        problems: e instanceof DirectoryFileError ? e.problems : [String(e)],
      });
    }
    return directory;
  };
  const transport = nodemailer.createTransport(config.smtpUrl);
  transport.verify().catch((e: unknown) => {
    // Not fatal: sends are retried until the mail server answers. Said once, loudly.
    logger.warn('mail server not answering yet', {
      host: new URL(config.smtpUrl).host,
      error: e instanceof Error ? e.message : String(e),
    });
  });
  const connection = await NativeConnection.connect(connectionOptions(config));
  // The digest reads every open case's status: a client for visibility and queries, beside the worker's own.
  const clientConnection = await Connection.connect(connectionOptions(config));
  const client = new Client({
    connection: clientConnection,
    namespace: config.temporal.namespace,
    dataConverter,
  });
  await ensureDigestSchedule(client, config.temporal.taskQueue, council.policy.sendTime);
  // With several workers the record is shared in the database, so a retry on another worker sends nothing twice.
  const sent = config.databaseUrl
    ? await openPostgresSentStore(config.databaseUrl)
    : fileSentStore(path.join(config.dataDir, 'sent-messages.jsonl'), (m) => {
        logger.warn(m);
      });
  const calendarImports = calendarImportsFor(config);
  const configChecks = await startConfigChecks({
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    council,
    directory: currentDirectory,
    ledger,
    warn: (message, meta) => void logger.warn(message, meta),
  });
  const caseUrl = (ref: string) => config.caseUrl.replace('{caseRef}', encodeURIComponent(ref));
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowsPath: require.resolve('../workflows'),
    maxCachedWorkflows: config.workerCachedCases,
    // The SDK runs no more workflow tasks at once than it can cache (its default is 40).
    ...(config.workerCachedCases > 0 && config.workerCachedCases < 40
      ? { maxConcurrentWorkflowTaskExecutions: config.workerCachedCases }
      : {}),
    dataConverter,
    activities: {
      ...createCaseActivities({
        dataDir: config.dataDir,
        calendarImports,
        closures: council.closures,
        ledger,
        deliver: createEmailDeliverer({
          transport,
          directory: currentDirectory,
          sent,
          from: config.mailFrom,
          caseUrl,
          log: (message, meta) => void logger.warn(message, meta),
        }),
      }),
      sendMorningDigests: (date: LocalDate) =>
        sendDigests(
          {
            openCaseStatuses: () => openCaseStatuses(client),
            calendar: async (today) =>
              loadCalendar({
                region: config.region,
                fromYear: yearOf(today),
                toYear: yearOf(today) + 1,
                imported: await calendarImports.latest(),
                closures: council.closures,
              }),
            roles: council.policy.digestRoles,
            horizonWorkingDays: 5,
            transport,
            directory: currentDirectory,
            sent,
            from: config.mailFrom,
            caseUrl,
          },
          date,
        ),
    },
  });
  return {
    worker,
    connection,
    close: async () => {
      await clientConnection.close();
      await ledger.close();
      if ('close' in sent) await sent.close();
      await calendarImports.close();
      await configChecks.close();
    },
  };
}
