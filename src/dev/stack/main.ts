// `npm run stack`: the production shape on this machine, as processes (no Docker engine here): PostgreSQL from
// Debian, the Temporal server built from its Go module with PostgreSQL persistence and visibility (schema set up
// by Temporal's own SQL tool), two cpcase workers sharing the database, the codec server and a mail catcher.
// docker-compose.yml describes the same stack for a container platform. State lives in CPCASE_STACK_DIR
// (default ./data/stack); `stack.env` there holds what a CLI needs to reach it.
import crypto from 'crypto';
import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { Client } from 'pg';
import { migrate } from '../../ledger/postgres';
import { sharedPool } from '../../ledger/pool';
import { generateKey } from '../../crypto/keys';
import { ALL_SEARCH_ATTRIBUTES } from '../../shared/searchAttributes';
import { CLOSED_WORKFLOW_RETENTION } from '../../shared/retention';
import { localPostgres, type LocalPostgres } from '../postgres';
import { waitForPort } from '../ports';
import { PROJECT_ROOT, toolPath } from '../tools';
import { serverClock, type ServerClock } from './clock';
import { Supervisor } from './supervisor';
import { temporalServerConfig } from './temporalConfig';
import { prepareStackAccess, type StackAccess } from './access';
import { ALERT_RULES, prometheusBinary, prometheusService } from './prometheus';

const dir = path.resolve(process.env.CPCASE_STACK_DIR ?? path.join(PROJECT_ROOT, 'data', 'stack'));
const FRONTEND = Number(process.env.CPCASE_STACK_PORT ?? 17233);
// Temporal keeps membership ports (frontend + 100 and up) in a smallint column.
const MAX_FRONTEND = 32_600;
const PG_PORT = Number(process.env.CPCASE_STACK_PG_PORT ?? 5433);
const WORKERS = Number(process.env.CPCASE_STACK_WORKERS ?? 2);
const SMTP = Number(process.env.CPCASE_STACK_SMTP_PORT ?? 1125);
const MAIL_WEB = SMTP + 55;
const CODEC = Number(process.env.CPCASE_STACK_CODEC_PORT ?? 8988);
const CLOCK_AT = process.env.CPCASE_STACK_CLOCK_AT;
/** Metrics: the server's on this port, worker N's on this port + N; Prometheus's page on its own. */
const METRICS = Number(process.env.CPCASE_STACK_METRICS_PORT ?? 9470);
const PROMETHEUS = Number(process.env.CPCASE_STACK_PROMETHEUS_PORT ?? 9490);
const PAGES = Number(process.env.CPCASE_STACK_PAGES_PORT ?? 8990);
/** Said plainly, or the stack checks every caller: the server refuses to run open otherwise. */
const INSECURE = process.env.CPCASE_INSECURE === '1';
// For measuring only (`npm run bench burst` with it set: is the database's commit rate the bound?): PostgreSQL
// without fsync loses what it acknowledged if the machine stops. Never for data anyone keeps.
const PG_NOT_DURABLE = process.env.CPCASE_STACK_PG_NOT_DURABLE === '1';
const say = (line: string) => process.stdout.write(`${line}\n`);

/** The server binaries, built from the Go module the first time (scripts/temporal-server.js). */
function serverBinaries(): string {
  return execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'temporal-server.js')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

/** Roles and databases, made once: Temporal's two and cpcase's shared one. */
async function databases(pg: LocalPostgres): Promise<void> {
  const admin = new Client({ connectionString: pg.url() });
  await admin.connect();
  try {
    for (const [role, createdb] of [
      ['temporal', true],
      ['cpcase', false],
      ['cpcase_people', false],
    ] as const) {
      const has = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      if (!has.rowCount)
        await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${role}'${createdb ? ' CREATEDB' : ''}`);
    }
    for (const [db, owner] of [
      ['temporal', 'temporal'],
      ['temporal_visibility', 'temporal'],
      ['cpcase', 'cpcase'],
    ]) {
      const has = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db]);
      if (!has.rowCount) await admin.query(`CREATE DATABASE ${db} OWNER ${owner}`);
    }
  } finally {
    await admin.end();
  }
}

/**
 * People's CLIs reach the ledger as `cpcase_people`, which reads and may add a calendar import, and nothing more:
 * only the workers (`cpcase`, the owner) write the record. The schema is brought up to date first, as its owner.
 */
async function peoplesAccess(): Promise<void> {
  const owner = sharedPool(`postgres://cpcase:cpcase@127.0.0.1:${PG_PORT}/cpcase`, 1);
  try {
    await migrate(owner);
  } finally {
    await owner.end();
  }
  const db = new Client({ connectionString: `postgres://cpcase:cpcase@127.0.0.1:${PG_PORT}/cpcase` });
  await db.connect();
  try {
    await db.query('GRANT USAGE ON SCHEMA public TO cpcase_people');
    await db.query('GRANT SELECT ON ALL TABLES IN SCHEMA public TO cpcase_people');
    await db.query(
      'ALTER DEFAULT PRIVILEGES FOR ROLE cpcase IN SCHEMA public GRANT SELECT ON TABLES TO cpcase_people',
    );
    // A calendar import; a legal hold placed (lifting one is a records officer's, with the owner's credential); the
    // audit trail's entries for a subject access export and for a repair.
    await db.query(
      'GRANT INSERT ON calendar_imports, ledger_holds, ledger_disclosures, ledger_repairs, ledger_views TO cpcase_people',
    );
  } finally {
    await db.end();
  }
}

/** Temporal's schema, by its own tool: set up the first time, brought up to this version every time. */
function temporalSchema(bin: string): void {
  const sql = (db: string, ...args: string[]) =>
    execFileSync(
      path.join(bin, 'sql'),
      [
        '--plugin',
        'postgres12',
        '--ep',
        '127.0.0.1',
        '-p',
        String(PG_PORT),
        '-u',
        'temporal',
        '--pw',
        'temporal',
        '--db',
        db,
        ...args,
      ],
      { stdio: 'pipe' },
    );
  for (const [db, schema] of [
    ['temporal', 'temporal'],
    ['temporal_visibility', 'visibility'],
  ] as const) {
    const marker = path.join(dir, `${db}.schema-set-up`);
    if (!fs.existsSync(marker)) {
      sql(db, 'setup-schema', '-v', '0.0');
      fs.writeFileSync(marker, new Date().toISOString() + '\n');
    }
    sql(db, 'update-schema', '-d', path.join(bin, 'schema', 'postgresql', 'v12', schema, 'versioned'));
  }
}

/** How the stack's own `temporal` CLI calls reach the server: TLS to it, and the set-up token. */
function cliConnection(address: string, access: StackAccess | undefined): string[] {
  if (!access) return ['--address', address];
  return [
    '--address',
    address,
    '--tls-ca-path',
    access.ca,
    '--tls-server-name',
    'localhost',
    '--api-key',
    access.setupToken('default'),
  ];
}

/** A `temporal` CLI call; a second registration is refused ("already"), which is fine. */
function temporalCli(connection: string[], args: string[]): void {
  const cli = toolPath('temporal');
  if (!cli) throw new Error("no temporal CLI: run 'npm run tools'");
  try {
    execFileSync(cli, [...args, ...connection], { stdio: 'pipe' });
  } catch (e) {
    const text = String((e as { stderr?: Buffer }).stderr ?? e);
    if (!/already/i.test(text)) throw new Error(`temporal ${args.slice(0, 3).join(' ')}: ${text.trim()}`);
  }
}

/** The namespace and cpcase's search attributes, registered once the server answers (it listens before). */
async function registerNamespace(connection: string[]): Promise<void> {
  const until = Date.now() + 120_000;
  for (;;) {
    try {
      const retention = ['--namespace', 'default', '--retention', CLOSED_WORKFLOW_RETENTION];
      temporalCli(connection, ['operator', 'namespace', 'create', ...retention]);
      temporalCli(connection, ['operator', 'namespace', 'update', ...retention]); // a namespace made before
      break;
    } catch (e) {
      if (Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
  const types: Record<string, string> = { KEYWORD: 'Keyword', DATETIME: 'Datetime', INT: 'Int' };
  for (const sa of ALL_SEARCH_ATTRIBUTES) {
    const args = ['operator', 'search-attribute', 'create', '--namespace', 'default', '--name', sa.name];
    temporalCli(connection, [...args, '--type', types[sa.type] ?? sa.type]);
  }
  // The frontend learns new search attributes when its namespace cache refreshes (seconds later): until a query
  // naming them is accepted, `cpcase open` would be refused, so the stack is not called running before that.
  const probe = ALL_SEARCH_ATTRIBUTES.map((sa) => `${sa.name} IS NULL`).join(' AND ');
  for (;;) {
    try {
      execFileSync(toolPath('temporal')!, ['workflow', 'count', '--query', probe, ...connection], {
        stdio: 'pipe',
      });
      return;
    } catch (e) {
      if (Date.now() > until) throw new Error(`search attributes not usable: ${String(e)}`);
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}

/** What every process of cpcase (workers, CLI, codec server) needs to reach the stack: people's credentials apart. */
function cpcaseEnv(access: StackAccess | undefined): Record<string, string> {
  const keys = path.join(dir, 'keys.json');
  if (!fs.existsSync(keys)) generateKey(keys);
  return {
    TEMPORAL_ADDRESS: `127.0.0.1:${FRONTEND}`,
    // People read the ledger; the workers (workerEnv) write it.
    DATABASE_URL: `postgres://${access ? 'cpcase_people:cpcase_people' : 'cpcase:cpcase'}@127.0.0.1:${PG_PORT}/cpcase`,
    CPCASE_KEYS_FILE: keys,
    // The pages emails link to (the workers write the links; `cpcase serve` listens there).
    CPCASE_WEB_URL: `http://localhost:${PAGES}`,
    SMTP_URL: process.env.SMTP_URL ?? `smtp://127.0.0.1:${SMTP}`,
    ...(access?.clientEnv ?? {}),
  };
}

/** The codec server admits council tokens with a role that reads case data; open, a shared secret. */
function codecEnv(access: StackAccess | undefined): Record<string, string> {
  if (access) return access.tokenEnv;
  const tokenFile = path.join(dir, 'codec-token');
  if (!fs.existsSync(tokenFile))
    fs.writeFileSync(tokenFile, crypto.randomBytes(24).toString('hex'), { mode: 0o600 });
  return { CPCASE_CODEC_TOKEN: fs.readFileSync(tokenFile, 'utf8').trim() };
}

/** Each worker its own client certificate (CN worker-N, a worker's role): it vouches for the server's stamps. */
function workerEnv(access: StackAccess | undefined, n: number): Record<string, string> {
  if (!access) return {};
  const c = access.workerCertificate(n);
  return {
    TEMPORAL_TLS_CERT: c.cert,
    TEMPORAL_TLS_KEY: c.key,
    CPCASE_IDENTITY: 'server',
    DATABASE_URL: `postgres://cpcase:cpcase@127.0.0.1:${PG_PORT}/cpcase`,
  };
}

function startCpcase(
  sup: Supervisor,
  env: Record<string, string>,
  access: StackAccess | undefined,
  clock: ServerClock,
): void {
  const node = process.execPath;
  if (!process.env.SMTP_URL)
    sup.start({
      name: 'mail',
      cmd: node,
      args: [
        require.resolve('maildev/bin/maildev'),
        '--smtp',
        String(SMTP),
        '--web',
        String(MAIL_WEB),
        '--ip',
        '127.0.0.1',
      ],
    });
  for (let i = 1; i <= WORKERS; i++) {
    const data = path.join(dir, `worker-${i}`);
    fs.mkdirSync(data, { recursive: true });
    sup.start({
      name: `worker-${i}`,
      cmd: node,
      args: [path.join(PROJECT_ROOT, 'dist', 'src', 'worker', 'main.js')],
      env: {
        ...env,
        ...workerEnv(access, i),
        CPCASE_DATA_DIR: data,
        CPCASE_METRICS_ADDRESS: `127.0.0.1:${METRICS + i}`,
        // A rehearsal: delays after the send time are measured on the cases' clock, the server's.
        CPCASE_SERVER_CLOCK_OFFSET_SECONDS: String(clock.offsetSeconds),
      },
    });
  }
  const prometheus = prometheusService(dir, PROMETHEUS, {
    workers: Array.from({ length: WORKERS }, (_, i) => `127.0.0.1:${METRICS + i + 1}`),
    temporal: `127.0.0.1:${METRICS}`,
    rules: ALERT_RULES,
    everySeconds: 5,
  });
  if (prometheus) sup.start(prometheus);
  const codec = [path.join(PROJECT_ROOT, 'bin', 'cpcase.js'), 'codec-server', '--port', String(CODEC)];
  sup.start({ name: 'codec-server', cmd: node, args: codec, env: { ...env, ...codecEnv(access) } });
  const pages = [path.join(PROJECT_ROOT, 'bin', 'cpcase.js'), 'serve'];
  sup.start({ name: 'pages', cmd: node, args: pages, env: { ...env, ...pagesEnv(access) } });
}

/**
 * The staff pages read as a reader (their own certificate), write only each look at a case (people's database
 * role may add a page view), and sign staff in with the stack's local issuer, the council's stand-in.
 */
function pagesEnv(access: StackAccess | undefined): Record<string, string> {
  return {
    ...(access
      ? {
          CPCASE_ISSUER_DIR: access.issuerDir,
          TEMPORAL_TLS_CERT: access.pagesCertificate().cert,
          TEMPORAL_TLS_KEY: access.pagesCertificate().key,
        }
      : { CPCASE_ISSUER_DIR: path.join(dir, 'issuer') }),
  };
}

/** The morning digest's schedule, made by an operator (`cpcase schedule ensure`), as a council's would. */
function ensureSchedule(env: Record<string, string>, access: StackAccess | undefined): void {
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'cpcase.js'), 'schedule', 'ensure'], {
    env: { ...process.env, ...env, ...(access ? { CPCASE_TOKEN: access.setupToken('default') } : {}) },
    stdio: 'pipe',
  });
}

/** PostgreSQL is run by pg_ctl, not as our child: watched, and started again if it stops. */
function watchPostgres(pg: LocalPostgres): NodeJS.Timeout {
  return setInterval(() => {
    if (pg.running()) return;
    process.stderr.write('postgres stopped; starting it again\n');
    try {
      pg.start();
    } catch (e) {
      process.stderr.write(`postgres did not start: ${String(e)}\n`);
    }
  }, 2_000);
}

/** Database, schema and server config: everything the server needs before it starts. */
async function prepare(
  pg: LocalPostgres,
): Promise<{ bin: string; config: string; clock: ServerClock; access: StackAccess | undefined }> {
  const clock = serverClock(CLOCK_AT);
  if (!Number.isInteger(FRONTEND) || FRONTEND < 1024 || FRONTEND > MAX_FRONTEND)
    throw new Error(
      `CPCASE_STACK_PORT: must be 1024 to ${MAX_FRONTEND} (got ${process.env.CPCASE_STACK_PORT})`,
    );
  const bin = serverBinaries();
  if (!pg.running()) pg.start();
  await databases(pg);
  await peoplesAccess();
  temporalSchema(bin);
  const access = INSECURE ? undefined : prepareStackAccess(dir, clock.offsetSeconds);
  const config = path.join(dir, 'temporal.yaml');
  fs.writeFileSync(
    config,
    temporalServerConfig({ frontend: FRONTEND, postgres: PG_PORT, access, metrics: METRICS }),
  );
  // Rehearsals read the offset from here (how far the server's clock is ahead of the machine's).
  fs.writeFileSync(path.join(dir, 'server-clock.json'), JSON.stringify(clock) + '\n');
  return { bin, config, clock, access };
}

function printRunning(
  env: Record<string, string>,
  clock: ServerClock,
  access: StackAccess | undefined,
): void {
  say(`cpcase stack is running (state in ${dir}; logs and pid files there):`);
  say(`  Temporal server  127.0.0.1:${FRONTEND} (PostgreSQL persistence and visibility)`);
  say(
    access
      ? `  Sign-in          every caller proves who they are (TLS; tokens from the local issuer, certificates from its CA)`
      : '  Sign-in          NONE (CPCASE_INSECURE=1): anyone who reaches the server may do anything, as anyone',
  );
  if (clock.binary === 'cpcase-server-clock')
    say(
      `  Server clock     set to ${CLOCK_AT} at start (${clock.offsetSeconds >= 0 ? '+' : ''}${clock.offsetSeconds} s from this machine's): a rehearsal`,
    );
  say(
    `  PostgreSQL       127.0.0.1:${PG_PORT} (databases temporal, temporal_visibility, cpcase)` +
      (PG_NOT_DURABLE ? ' WITHOUT fsync (CPCASE_STACK_PG_NOT_DURABLE=1): for measuring only' : ''),
  );
  say(`  Workers          ${WORKERS}, sharing the ledger, sent-message record and calendars in PostgreSQL`);
  say(
    access
      ? `  Codec server     http://127.0.0.1:${CODEC} (a token with reader, administrator or operator)`
      : `  Codec server     http://127.0.0.1:${CODEC}/<token in ${path.join(dir, 'codec-token')}>`,
  );
  say(
    `  Staff pages      http://localhost:${PAGES} (what emails link to; the local sign-in: a staff id, no password)`,
  );
  say(
    process.env.SMTP_URL
      ? `  Mail             ${env.SMTP_URL}`
      : `  Mail page        http://127.0.0.1:${MAIL_WEB}`,
  );
  say(
    `  Metrics          http://127.0.0.1:${METRICS}/metrics (the server); ports ` +
      `${Array.from({ length: WORKERS }, (_, n) => METRICS + n + 1).join(', ')} (the workers)`,
  );
  say(
    prometheusBinary()
      ? `  Prometheus       http://127.0.0.1:${PROMETHEUS} (cpcase's alert rules loaded: deploy/prometheus/alerts.yml)`
      : '  Prometheus       not installed (apt install prometheus): the workers serve their metrics all the same',
  );
  say(`  The CLI          source ${path.join(dir, 'stack.env')} && bin/cpcase.js list`);
  if (access)
    say(
      `  Your credential  CPCASE_ISSUER_DIR=${access.issuerDir} bin/cpcase.js credential issue --subject ADM-001 ` +
        '--role administrator > adm.token; export CPCASE_TOKEN_FILE=adm.token',
    );
  say('Press Ctrl-C to stop.');
}

async function main(): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  // A private folder (mktemp -d makes one 0700): opened for passing through, never for listing; its files keep
  // their own modes (keys, tokens and certificates' keys are 0600).
  if ((fs.statSync(dir).mode & 0o001) === 0) fs.chmodSync(dir, fs.statSync(dir).mode | 0o001);
  const pg = localPostgres(path.join(dir, 'postgres'), PG_PORT, !PG_NOT_DURABLE);
  const sup = new Supervisor(dir);
  let watcher: NodeJS.Timeout | undefined;
  const stop = async (code: number) => {
    clearInterval(watcher);
    await sup.stop([
      'prometheus',
      'pages',
      'codec-server',
      ...Array.from({ length: WORKERS }, (_, i) => `worker-${i + 1}`),
    ]);
    if (pg.running()) pg.stop();
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      process.stderr.write(`cpcase stack: ${signal}: stopping everything\n`);
      void stop(0);
    });
  try {
    const { bin, config, clock, access } = await prepare(pg);
    sup.start({
      name: 'temporal',
      cmd: path.join(bin, clock.binary),
      args: ['--config-file', config, 'start'],
      env: {
        CPCASE_SERVER_CLOCK_OFFSET_SECONDS: String(clock.offsetSeconds),
        ...(access ? access.serverEnv : { CPCASE_INSECURE: '1' }),
      },
    });
    await waitForPort(FRONTEND, 'Temporal server');
    await registerNamespace(cliConnection(`127.0.0.1:${FRONTEND}`, access));
    const env = cpcaseEnv(access);
    const lines = Object.entries(env).map(([k, v]) => `export ${k}='${v}'`);
    fs.writeFileSync(path.join(dir, 'stack.env'), lines.join('\n') + '\n', { mode: 0o600 });
    ensureSchedule(env, access);
    startCpcase(sup, env, access, clock);
    watcher = watchPostgres(pg);
    printRunning(env, clock, access);
  } catch (e) {
    // Nothing is left running after a failed start.
    process.stderr.write(`cpcase stack: ${e instanceof Error ? e.message : String(e)}\n`);
    await stop(1);
  }
}

main().catch((e: unknown) => {
  // Before anything runs (a folder PostgreSQL cannot reach, say): one line, nothing left behind.
  process.stderr.write(`cpcase stack: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
  process.exit(1);
});
