// The ledger on SQLite and on PostgreSQL: idempotent appends, migrations applied once, identifying detail sealed at rest.
import { spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { DatabaseSync } from 'node:sqlite';
import type { LedgerBatch } from '../../src/domain/case/ledger';
import type { LocalDate } from '../../src/domain/dates';
import { openSqliteLedger } from '../../src/ledger/sqlite';
import { MIGRATIONS } from '../../src/ledger/migrations';
import { openPostgresLedger } from '../../src/ledger/postgres';
import type { LedgerStore } from '../../src/ledger/types';
import { Pool } from 'pg';
import { postgresAvailable, startPostgres, type TestPostgres } from '../support/postgres';
import { testKeys } from '../support/keys';

const keys = testKeys();
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-ledger-unit-')), 'ledger.sqlite');

const batch: LedgerBatch = {
  case: {
    caseRef: 'CP-L-1',
    region: 'england-and-wales',
    openedAt: '2026-03-01T09:00:00Z',
    openedBy: 'admin-1',
    policyId: 'p1',
    children: [{ id: 'CH-SECRET9', dateOfBirth: '2011-05-17' as LocalDate, pastPlans: [] }],
    staff: { socialWorker: 'SW-1', teamManager: 'TM-1' },
    agencies: ['gp'],
  },
  events: [
    {
      seq: 1,
      eventId: 'e1',
      caseRef: 'CP-L-1',
      type: 'plan-ended',
      occurredAt: '2026-03-02',
      recordedAt: '2026-03-02T12:00:00Z',
      recordedBy: 'admin-1',
      event: {
        type: 'plan-ended',
        childId: 'CH-SECRET9',
        reason: 'moved abroad',
        occurredAt: '2026-03-02' as LocalDate,
        recordedBy: 'admin-1',
      },
    },
  ],
  outcomes: [
    {
      caseRef: 'CP-L-1',
      deadlineId: 'icpc:E1',
      ruleId: 'icpc',
      dueDate: '2026-02-27',
      status: 'missed',
      lateBy: 1,
      observedAt: 't1',
    },
    {
      caseRef: 'CP-L-1',
      deadlineId: 'icpc:E1',
      ruleId: 'icpc',
      dueDate: '2026-02-27',
      status: 'met',
      metOn: '2026-03-02',
      lateBy: 1,
      observedAt: 't2',
    },
  ],
};

const stores: [
  string,
  () => Promise<{ open: () => Promise<LedgerStore>; migrations: () => Promise<unknown> }>,
][] = [
  [
    'SQLite',
    () =>
      Promise.resolve({
        open: () => Promise.resolve(openSqliteLedger(file, keys.ring)),
        migrations: () => {
          const db = new DatabaseSync(file, { readOnly: true });
          const rows = db
            .prepare('SELECT version FROM schema_migrations ORDER BY version')
            .all()
            .map((r) => ({ ...r }));
          db.close();
          return Promise.resolve(rows);
        },
      }),
  ],
  [
    'PostgreSQL',
    async () => {
      pg = await startPostgres();
      const url = pg.url;
      return {
        open: () => openPostgresLedger(url, keys.ring),
        migrations: async () => {
          const pool = new Pool({ connectionString: url });
          const r = await pool.query('SELECT version FROM schema_migrations ORDER BY version');
          await pool.end();
          return r.rows as unknown[];
        },
      };
    },
  ],
];
let pg: TestPostgres | undefined;
afterAll(() => pg?.stop());
const runPg = postgresAvailable() || process.env.CI === 'true';

describe.each(stores.filter(([name]) => name === 'SQLite' || runPg))('%s ledger', (_name, make) => {
  test('a retried write adds nothing; a reopened ledger keeps everything and migrates once', async () => {
    const store = await make();
    const l = await store.open();
    expect(await l.write(batch)).toEqual({ casesAdded: 1, eventsAdded: 1, outcomesAdded: 2 });
    expect(await l.write(batch)).toEqual({ casesAdded: 0, eventsAdded: 0, outcomesAdded: 0 });
    await l.close();
    const again = await store.open();
    expect(await again.audit('CP-L-1')).toEqual([
      {
        eventId: 'e1',
        type: 'plan-ended',
        occurredAt: '2026-03-02',
        recordedAt: '2026-03-02T12:00:00Z',
        recordedBy: 'admin-1',
      },
    ]);
    expect((await again.events('CP-L-1'))[0]).toEqual(batch.events[0]);
    expect(await again.cases()).toEqual([batch.case]);
    expect((await again.outcomes('CP-L-1')).map((o) => [o.status, o.lateBy])).toEqual([
      ['missed', 1],
      ['met', 1],
    ]);
    await again.close();
    expect(await store.migrations()).toEqual([
      { version: 1 },
      { version: 2 },
      { version: 3 },
      { version: 4 },
      { version: 5 },
      { version: 6 },
      { version: 7 },
      { version: 8 },
      { version: 9 },
    ]);
  });
});

test('child ids and free text are sealed: not readable in the SQLite file', () => {
  const bytes = Buffer.concat(
    fs.readdirSync(path.dirname(file)).map((f) => fs.readFileSync(path.join(path.dirname(file), f))),
  );
  expect(bytes.includes('CH-SECRET9')).toBe(false);
  expect(bytes.includes('moved abroad')).toBe(false);
  expect(bytes.includes('2011-05-17')).toBe(false); // a date of birth, sealed with the case
  expect(bytes.includes('CP-L-1')).toBe(true); // the case reference is an opaque key, kept in the clear
});

/** Opens (and so migrates) `ledgerFile` in a process of its own, saying "loaded" just before; its exit and errors. */
function openInAnotherProcess(ledgerFile: string, onLoaded: () => void) {
  const dist = (...p: string[]) => JSON.stringify(path.resolve(__dirname, '..', '..', 'dist', 'src', ...p));
  const script = [
    `const { openSqliteLedger } = require(${dist('ledger', 'sqlite.js')});`,
    `const ring = require(${dist('crypto', 'keys.js')}).loadKeyring(process.argv[2]);`,
    `process.stdout.write('loaded\\n');`,
    `void openSqliteLedger(process.argv[1], ring).close();`,
  ].join('\n');
  return new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, ledgerFile, keys.file]);
    let stderr = '';
    child.stdout.once('data', onLoaded);
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

test('a process that finds a new ledger being migrated by another (a worker and a CLI starting together) waits and migrates nothing twice', async () => {
  const fresh = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-ledger-race-')), 'ledger.sqlite');
  // This process plays the first opener: every migration applied, not yet committed, when the other looks.
  const first = new DatabaseSync(fresh);
  first.exec('PRAGMA journal_mode = WAL');
  first.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  first.exec('BEGIN IMMEDIATE');
  for (const m of MIGRATIONS) {
    for (const sql of m.sql) first.exec(sql);
    first.prepare('INSERT INTO schema_migrations VALUES (?, ?)').run(m.version, new Date().toISOString());
  }
  const second = openInAnotherProcess(fresh, () => {
    // Long enough for it to read the migrations done so far (none committed) and wait for the write lock.
    setTimeout(() => first.exec('COMMIT'), 700);
  });
  const { code, stderr } = await second;
  const versions = first.prepare('SELECT version FROM schema_migrations').all();
  first.close();
  expect([code, stderr.split('\n').find((l) => /Error/.test(l))]).toEqual([0, undefined]);
  expect(versions).toHaveLength(MIGRATIONS.length);
}, 30_000);
