// Builds the worker: the case workflows and the activities wired to their real dependencies.
import path from 'path';
import nodemailer from 'nodemailer';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { Client, Connection } from '@temporalio/client';
import type { Config } from '../config/env';
import { loadPolicyFile, type CouncilConfig } from '../policy/file';
import { DirectoryFileError, loadDirectoryFile } from '../directory/file';
import { createCaseActivities } from '../activities/case';
import { connectionOptions } from '../client/connection';
import { createEmailDeliverer, type EmailDeps } from '../notify/email';
import { fileSentStore } from '../notify/sentStore';
import { openPostgresSentStore } from '../notify/postgresSentStore';
import { calendarImportsFor, type CalendarImports } from '../calendar/imports';
import { sendDigests, type DigestDeps } from '../notify/digest';
import { loadCalendar } from '../calendar/load';
import { yearOf, type LocalDate } from '../domain/dates';
import { openCaseStatuses } from '../client/cases';
import { ensureDigestSchedule } from './schedule';
import { encryptedDataConverter } from '../crypto/codec';
import { loadKeyring } from '../crypto/keys';
import { openLedger } from '../ledger/open';
import { startConfigChecks } from './configCheck';
import { WORKFLOW_INTERCEPTOR_MODULES } from './workflowModules';
import { confirmIdentityChecks } from './identity';
import { accessRefusal } from '../identity/refusal';
import { currentToken } from '../identity/credential';
import { publishedBy, workerIdentity, type Published } from '../shared/workerIdentity';
import type { LedgerStore } from '../ledger/types';
import type { Directory } from '../domain/directory';
import { installMetricsRuntime } from '../metrics/runtime';
import type { CpcaseMetrics } from '../metrics/metrics';
import { watchForMetrics } from './metrics';

type Logger = ReturnType<typeof Runtime.instance>['logger'];

/**
 * The directory as of now. Validated at once, so a broken directory stops the worker at start-up rather than
 * losing an escalation later; re-read (and re-validated) at every send so edits take effect at once, the last
 * good copy kept on error.
 */
function directoryReader(file: string, logger: Logger): () => Directory {
  let directory = loadDirectoryFile(file);
  return () => {
    try {
      directory = loadDirectoryFile(file);
    } catch (e) {
      logger.error('directory file is invalid; using the last good copy', {
        file,
        problems: e instanceof DirectoryFileError ? e.problems : [String(e)],
      });
    }
    return directory;
  };
}

function mailTransport(smtpUrl: string, logger: Logger) {
  const transport = nodemailer.createTransport(smtpUrl);
  transport.verify().catch((e: unknown) => {
    // Not fatal: sends are retried until the mail server answers. Said once, loudly.
    logger.warn('mail server not answering yet', {
      host: new URL(smtpUrl).host,
      error: e instanceof Error ? e.message : String(e),
    });
  });
  return transport;
}

/** The digest reads every open case's status: a client for visibility and queries, beside the worker's own. */
async function digestClient(config: Config, dataConverter: ReturnType<typeof encryptedDataConverter>) {
  const clientConnection = await Connection.connect(connectionOptions(config));
  const client = new Client({
    connection: clientConnection,
    namespace: config.temporal.namespace,
    dataConverter,
  });
  return { client, clientConnection };
}

async function closeInTurn(things: { close(): Promise<unknown> }[]): Promise<void> {
  for (const t of things) await t.close();
}

/** Cases kept in memory between wake-ups; the SDK runs no more workflow tasks at once than it can cache. */
function cacheOptions(cachedCases: number) {
  return {
    maxCachedWorkflows: cachedCases,
    ...(cachedCases > 0 && cachedCases < 40 ? { maxConcurrentWorkflowTaskExecutions: cachedCases } : {}),
  };
}

/** How a digest goes: the same transport, directory, sent record and metrics as every message. */
type DigestMail = Pick<
  DigestDeps,
  'transport' | 'directory' | 'sent' | 'from' | 'caseUrl' | 'metrics' | 'sendTime' | 'casesNow'
>;

/** The morning digest activity: every open case's status, read through a client of the worker's own. */
function morningDigests(d: {
  client: Client;
  config: Config;
  council: CouncilConfig;
  calendarImports: CalendarImports;
  mail: DigestMail;
}) {
  return (date: LocalDate) =>
    sendDigests(
      {
        ...d.mail,
        // A broken case cannot answer; the digest goes out about the rest (`report live` lists it as broken).
        openCaseStatuses: async () => (await openCaseStatuses(d.client)).statuses,
        calendar: async (today) =>
          loadCalendar({
            region: d.config.region,
            fromYear: yearOf(today),
            toYear: yearOf(today) + 1,
            imported: await d.calendarImports.latest(),
            closures: d.council.closures,
          }),
        roles: d.council.policy.digestRoles,
        horizonWorkingDays: 5,
      },
      date,
    );
}

/**
 * The digest's schedule is an operator's to make where roles are checked (`cpcase schedule ensure`); a worker
 * that may not make it says so and runs on, since the schedule, once made, outlives every worker.
 */
async function digestSchedule(
  client: Client,
  config: Config,
  sendTime: string,
  logger: Logger,
): Promise<void> {
  try {
    await ensureDigestSchedule(client, config.temporal.taskQueue, sendTime);
  } catch (e) {
    const refused = accessRefusal(e);
    if (!refused) throw e;
    logger.warn(
      'the morning digest schedule was not checked: an operator makes it (cpcase schedule ensure)',
      {
        reason: refused.reason,
      },
    );
  }
}

/** A token file is read again every minute and handed to the connections, so a renewed token is used at once. */
function renewTokens(config: Config, connections: { setApiKey(key: string): unknown }[], logger: Logger) {
  const t = config.temporal.token;
  let last = currentToken(config);
  const timer =
    t && 'file' in t
      ? setInterval(() => {
          try {
            const now = currentToken(config);
            if (!now || now === last) return;
            last = now;
            for (const c of connections) void c.setApiKey(now);
          } catch (e) {
            logger.warn('the token file could not be read again; the last token is kept', {
              error: String(e),
            });
          }
        }, 60_000)
      : undefined;
  return { close: () => Promise.resolve(clearInterval(timer)) };
}

/** With several workers the record is shared in the database, so a retry on another worker sends nothing twice. */
async function sentStoreFor(config: Config, logger: Logger) {
  return config.databaseUrl
    ? await openPostgresSentStore(config.databaseUrl, undefined, config.claimLeaseMs)
    : fileSentStore(path.join(config.dataDir, 'sent-messages.jsonl'), (m) => void logger.warn(m));
}

/** The worker itself: the case workflows, and the activities wired to what they need. */
function caseWorker(d: {
  config: Config;
  connection: NativeConnection;
  dataConverter: ReturnType<typeof encryptedDataConverter>;
  published: Published;
  council: CouncilConfig;
  ledger: LedgerStore;
  calendarImports: CalendarImports;
  client: Client;
  serverChecksIdentity: boolean;
  metrics: CpcaseMetrics;
  mail: Omit<EmailDeps, 'metrics' | 'sendTime' | 'casesNow' | 'log'>;
  warn: (message: string, meta?: Record<string, unknown>) => void;
}): Promise<Worker> {
  const { config, council } = d;
  // Every message is counted, with its delay after the policy's send time.
  // Delays after the send time on the cases' clock: the server's (a rehearsal's runs ahead of the machine).
  const casesNow = () => Date.now() + config.metrics.serverClockOffsetMs;
  const mail = { ...d.mail, metrics: d.metrics, sendTime: council.policy.sendTime, casesNow };
  return Worker.create({
    connection: d.connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowsPath: require.resolve('../workflows'),
    interceptors: { workflowModules: WORKFLOW_INTERCEPTOR_MODULES },
    // Its key and policy by fingerprint, for a CLI to check it holds the same before it writes (client/workers.ts).
    identity: workerIdentity(d.published),
    ...cacheOptions(config.workerCachedCases),
    dataConverter: d.dataConverter,
    activities: {
      ...createCaseActivities({
        dataDir: config.dataDir,
        calendarImports: d.calendarImports,
        closures: council.closures,
        ledger: d.ledger,
        deliver: createEmailDeliverer({ ...mail, log: d.warn }),
        serverChecksIdentity: d.serverChecksIdentity,
        metrics: d.metrics,
      }),
      sendMorningDigests: morningDigests({
        mail,
        client: d.client,
        config,
        council,
        calendarImports: d.calendarImports,
      }),
    },
  });
}

export async function createWorker(
  config: Config,
): Promise<{ worker: Worker; connection: NativeConnection; close: () => Promise<void> }> {
  // First: the runtime serves the metrics, and nothing may touch it before it is installed.
  const metrics = installMetricsRuntime(config.metrics.address);
  const council = loadPolicyFile(config.policyFile);
  // Structured, through the SDK's logger; ids and keys only, never payload contents or email text.
  const logger = Runtime.instance().logger;
  const keyring = loadKeyring(config.keys.file, config.keys.json);
  const dataConverter = encryptedDataConverter(keyring);
  const ledger = await openLedger(config, keyring);
  const currentDirectory = directoryReader(config.directoryFile, logger);
  const transport = mailTransport(config.smtpUrl, logger);
  const serverChecksIdentity = await confirmIdentityChecks(config);
  const published = publishedBy(keyring, council.policy);
  logger.info('cpcase worker configuration', { ...published, policyFile: config.policyFile ?? '(defaults)' });
  const connection = await NativeConnection.connect(connectionOptions(config));
  const { client, clientConnection } = await digestClient(config, dataConverter);
  const renewing = renewTokens(config, [connection, clientConnection], logger);
  await digestSchedule(client, config, council.policy.sendTime, logger);
  const sent = await sentStoreFor(config, logger);
  const calendarImports = calendarImportsFor(config);
  const warn = (message: string, meta?: Record<string, unknown>) => void logger.warn(message, meta);
  const configChecks = await startConfigChecks({
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    council,
    directory: currentDirectory,
    ledger,
    warn,
  });
  const caseUrl = (ref: string) => config.caseUrl.replace('{caseRef}', encodeURIComponent(ref));
  // How every message goes: one transport, the directory as of the send, the shared sent record.
  const directory = currentDirectory;
  const mail = { transport, directory, sent, from: config.mailFrom, caseUrl };
  const watching = watchForMetrics({ config, council, client, metrics, directory, published, warn });
  const worker = await caseWorker({
    ...{ config, connection, dataConverter, published, council, ledger, calendarImports },
    ...{ client, serverChecksIdentity, metrics, mail, warn },
  });
  return {
    worker,
    connection,
    // A file-backed sent record has nothing to close.
    close: () =>
      closeInTurn([
        renewing,
        clientConnection,
        ledger,
        ...('close' in sent ? [sent] : []),
        calendarImports,
        configChecks,
        watching,
      ]),
  };
}
