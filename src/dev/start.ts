// `npm start`: the whole system on its embedded defaults. The Temporal dev server persisting to
// ./data/temporal.db (custom search attributes registered, Web UI on), a local mail catcher with a web page,
// and the worker. Ctrl-C stops all three; a second `npm start` resumes the same data.
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import path from 'path';
import { ConfigError, loadConfig, type Config } from '../config/env';
import { createWorker } from '../worker/create';
import { startHeartbeat } from '../worker/heartbeat';
import { CLOSED_WORKFLOW_RETENTION } from '../shared/retention';
import crypto from 'crypto';
import { AesGcmCodec } from '../crypto/codec';
import { sharedSecretGate } from '../crypto/codecGates';
import { createCodecServer } from '../crypto/codecServer';
import { generateKey, KeyError, loadKeyring } from '../crypto/keys';
import { devServerSearchAttributeArgs } from '../shared/searchAttributes';
import { waitForPort } from './ports';
import { PROJECT_ROOT, toolPath } from './tools';

const UI_PORT = Number(process.env.CPCASE_UI_PORT ?? 8233);
const MAIL_WEB_PORT = Number(process.env.CPCASE_MAIL_WEB_PORT ?? 1080);
const CODEC_PORT = Number(process.env.CPCASE_CODEC_PORT ?? 8888);

/** The codec server's token for this machine: CPCASE_CODEC_TOKEN, else one made once under the data folder. */
function localCodecToken(dataDir: string): string {
  if (process.env.CPCASE_CODEC_TOKEN) return process.env.CPCASE_CODEC_TOKEN;
  const file = path.join(dataDir, 'codec-token');
  if (!fs.existsSync(file))
    fs.writeFileSync(file, crypto.randomBytes(24).toString('hex') + '\n', { mode: 0o600 });
  return fs.readFileSync(file, 'utf8').trim();
}

function start(name: string, cmd: string, args: string[], logFile: string): ChildProcess {
  const log = fs.openSync(logFile, 'a');
  const child = spawn(cmd, args, { stdio: ['ignore', log, log], cwd: PROJECT_ROOT });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`${name} stopped unexpectedly (${signal ?? `exit ${code}`}); see ${logFile}\n`);
      void shutdown(1);
    }
  });
  return child;
}

let stopping = false;
const children: ChildProcess[] = [];
let stopWorker: (() => Promise<void>) | undefined;

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  process.stdout.write('\nstopping worker, staff pages, mail catcher and Temporal server…\n');
  await stopWorker?.();
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGTERM');
          setTimeout(() => c.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
  process.exit(code);
}

/** The data folder, its logs folder, and the key case data is encrypted with (made once, kept with the data). */
function prepareDataDir(config: Config): string {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const logs = path.join(config.dataDir, 'logs');
  fs.mkdirSync(logs, { recursive: true });
  if (!config.keys.json && !fs.existsSync(config.keys.file)) {
    const k = generateKey(config.keys.file);
    process.stdout.write(
      `Made encryption key ${k.current} in ${config.keys.file} (keep it with the data).\n`,
    );
  }
  return logs;
}

function startTemporal(config: Config, codecEndpoint: string, logs: string): ChildProcess {
  const [host, port] = config.temporal.address.split(':');
  const temporal = toolPath('temporal');
  if (!temporal) throw new Error("no temporal binary: run 'npm run tools'");
  return start(
    'Temporal dev server',
    temporal,
    [
      ...['server', 'start-dev', '--db-filename', path.join(config.dataDir, 'temporal.db')],
      ...['--ip', host === 'localhost' ? '127.0.0.1' : (host ?? '127.0.0.1'), '--port', String(Number(port))],
      ...['--ui-port', String(UI_PORT), '--ui-codec-endpoint', codecEndpoint],
      ...['--namespace', config.temporal.namespace, '--log-level', 'warn'],
      ...devServerSearchAttributeArgs(),
    ],
    path.join(logs, 'temporal.log'),
  );
}

/** The dev server's namespace keeps closed workflows as long as every deployment's (its own default is a day). */
function keepClosedCasesFor(config: Config): void {
  const args = ['operator', 'namespace', 'update', '--namespace', config.temporal.namespace];
  execFileSync(
    toolPath('temporal')!,
    [...args, '--retention', CLOSED_WORKFLOW_RETENTION, '--address', config.temporal.address],
    {
      stdio: 'pipe',
    },
  );
}

function startMailCatcher(smtpPort: number, logs: string): ChildProcess {
  return start(
    'Mail catcher',
    process.execPath,
    [
      require.resolve('maildev/bin/maildev'),
      ...['--smtp', String(smtpPort), '--web', String(MAIL_WEB_PORT), '--ip', '127.0.0.1'],
    ],
    path.join(logs, 'maildev.log'),
  );
}

async function startCodecServer(
  config: Config,
  token: string,
): Promise<ReturnType<typeof createCodecServer>> {
  const codecServer = createCodecServer({
    codec: new AesGcmCodec(loadKeyring(config.keys.file, config.keys.json)),
    gate: sharedSecretGate(token),
    origin: `http://localhost:${UI_PORT}`,
  });
  await new Promise<void>((resolve, reject) => {
    codecServer.once('error', reject);
    codecServer.listen(CODEC_PORT, '127.0.0.1', () => resolve());
  });
  return codecServer;
}

/** What is running where, said once everything is up. */
function runningLines(
  config: Config,
  o: { codecLine: string; ownMailServer: boolean; smtpPort: number; logs: string },
) {
  return [
    'cpcase is running:',
    `  Temporal server   ${config.temporal.address} (namespace ${config.temporal.namespace}, data ${path.join(config.dataDir, 'temporal.db')})`,
    `  Temporal Web UI   http://localhost:${UI_PORT} (payloads decoded by the codec server below)`,
    `  Codec server      ${o.codecLine}`,
    `  Staff pages       ${config.web.url} (what emails link to; sign-in: the local one, a staff id and no password)`,
    o.ownMailServer
      ? `  Mail              ${new URL(config.smtpUrl).host} (SMTP_URL)`
      : `  Mail page         http://localhost:${MAIL_WEB_PORT} (every email the cases send; SMTP on ${o.smtpPort})`,
    `  Directory         ${config.directoryFile}`,
    `  Worker            task queue ${config.temporal.taskQueue}`,
    config.metrics.address
      ? `  Metrics           http://${config.metrics.address}/metrics (Prometheus: the worker's and its cases')`
      : '  Metrics           none (CPCASE_METRICS_ADDRESS unset)',
    config.databaseUrl
      ? `  Sent-mail record  shared, in the database (DATABASE_URL)`
      : `  Sent-mail record  ${path.join(config.dataDir, 'sent-messages.jsonl')}`,
    `  Reporting ledger  ${config.databaseUrl ? `PostgreSQL at ${new URL(config.databaseUrl).host} (DATABASE_URL)` : path.join(config.dataDir, 'ledger.sqlite')}`,
    `  Logs              ${o.logs}`,
    '  Sign-in           NONE: this is the embedded default. Anyone who reaches it may record as anyone, so every',
    '                    entry is kept as UNVERIFIED (cpcase audit says so); `npm run stack` checks who people are.',
    'Press Ctrl-C to stop.',
    '',
  ].join('\n');
}

/** Where `npm start` serves the worker's metrics unless told otherwise: this machine only. */
const DEV_METRICS_ADDRESS = '127.0.0.1:9464';

async function main(): Promise<void> {
  const config = loadConfig({ CPCASE_METRICS_ADDRESS: DEV_METRICS_ADDRESS, ...process.env });
  const port = Number(config.temporal.address.split(':')[1]);
  const logs = prepareDataDir(config);
  const codecToken = localCodecToken(config.dataDir);
  const codecEndpoint = `http://localhost:${CODEC_PORT}/${codecToken}`;
  children.push(startTemporal(config, codecEndpoint, logs));
  // With SMTP_URL set, mail goes to that server; otherwise to the local mail catcher on the default port.
  const ownMailServer = Boolean(process.env.SMTP_URL);
  const smtpPort = Number(new URL(config.smtpUrl).port || 1025);
  if (!ownMailServer) children.push(startMailCatcher(smtpPort, logs));
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  await waitForPort(port, 'Temporal server', 30_000);
  keepClosedCasesFor(config);
  if (!ownMailServer) await waitForPort(MAIL_WEB_PORT, 'Mail catcher', 30_000);
  const { worker, connection, close } = await createWorker(config);
  const codecServer = await startCodecServer(config, codecToken);
  const running = worker.run();
  // The embedded worker's sign of life: `cpcase retention apply` will not rewrite its sent record while it runs.
  const stopBeating = startHeartbeat(config.dataDir, () => worker.getState() === 'RUNNING');
  stopWorker = async () => {
    stopBeating();
    worker.shutdown();
    await running.catch(() => undefined);
    await connection.close();
    await close();
    await new Promise((r) => codecServer.close(r));
  };
  // The staff pages, as a process of their own like any deployment runs them; emails link to them.
  children.push(
    start(
      'Staff pages',
      process.execPath,
      [path.join(PROJECT_ROOT, 'bin', 'cpcase.js'), 'serve'],
      path.join(logs, 'pages.log'),
    ),
  );
  await waitForPort(Number(new URL(config.web.url).port || 80), 'Staff pages', 30_000);
  const tokenFile = path.join(config.dataDir, 'codec-token');
  const codecLine = codecEndpoint.replace(codecToken, `<token in ${tokenFile}>`);
  process.stdout.write(runningLines(config, { codecLine, ownMailServer, smtpPort, logs }));
  await running;
}

main().catch((e: unknown) => {
  process.stderr.write(
    e instanceof ConfigError
      ? `cpcase: configuration: ${e.message}\n`
      : e instanceof KeyError
        ? `cpcase: encryption keys: ${e.message}\n`
        : `cpcase: ${e instanceof Error ? e.message : String(e)}\n`,
  );
  void shutdown(1);
});
