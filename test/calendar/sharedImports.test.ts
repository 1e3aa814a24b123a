// Imported bank holidays kept in the shared database (DATABASE_URL): `cpcase calendar import` on one machine is
// what every worker and every other administrator's CLI reads, with no file on anyone's disk.
import fs from 'fs';
import os from 'os';
import path from 'path';
import snapshot from '../../src/calendar/data/bank-holidays.snapshot.json';
import { postgresCalendarImports } from '../../src/calendar/imports';
import { createCaseActivities } from '../../src/activities/case';
import { isoDate } from '../../src/domain/dates';
import { checkDay } from '../../src/domain/workingDays';
import { testLedger } from '../support/ledger';
import { cpcase } from '../support/cli';
import { postgresAvailable, startPostgres, type TestPostgres } from '../support/postgres';

const runPg = postgresAvailable() || process.env.CI === 'true';
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-shared-cal-'));

/** The snapshot with one more bank holiday, as GOV.UK publishes an announced one. */
function announced(date: string): string {
  const file = path.join(tmp(), 'bank-holidays.json');
  const copy = JSON.parse(JSON.stringify(snapshot)) as typeof snapshot;
  copy['england-and-wales'].events.push({ title: 'Extra bank holiday', date, notes: '', bunting: true });
  fs.writeFileSync(file, JSON.stringify(copy));
  return file;
}

(runPg ? describe : describe.skip)('bank holidays imported into the shared database', () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await startPostgres();
  }, 60_000);
  afterAll(() => pg?.stop());

  test('imported from one CLI, seen by another machine and by a worker; nothing written to either disk', async () => {
    const admin = { DATABASE_URL: pg.url, CPCASE_DATA_DIR: tmp() };
    const elsewhere = { DATABASE_URL: pg.url, CPCASE_DATA_DIR: tmp() };
    const imported = cpcase(['calendar', 'import', announced('2027-06-07')], admin);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toContain('Imported into the shared database (DATABASE_URL), import 1');
    expect(cpcase(['calendar', 'check', '2027-06-07'], elsewhere).stdout).toContain('Extra bank holiday');
    expect(fs.readdirSync(admin.CPCASE_DATA_DIR)).toEqual([]);

    const workerDir = tmp();
    const calendarImports = postgresCalendarImports(pg.url);
    const activities = createCaseActivities({
      dataDir: workerDir,
      calendarImports,
      closures: [],
      ledger: testLedger(),
      deliver: () => Promise.resolve(),
    });
    const calendar = await activities.loadCalendar('england-and-wales', 2027, 2027);
    expect(checkDay(calendar, isoDate('2027-06-07'))).toMatchObject({
      working: false,
      title: 'Extra bank holiday',
    });
    expect(fs.readdirSync(workerDir)).toEqual([]);
    await calendarImports.close();
  });

  test('a bad or stale file changes nothing in the shared database', async () => {
    const env = { DATABASE_URL: pg.url, CPCASE_DATA_DIR: tmp() };
    const store = postgresCalendarImports(pg.url);
    const before = await store.latest();
    const bad = path.join(tmp(), 'bad.json');
    fs.writeFileSync(bad, '{ "england-and-wales": {} }');
    const r = cpcase(['calendar', 'import', bad], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('was not imported, nothing changed');
    const old = JSON.parse(JSON.stringify(snapshot)) as typeof snapshot;
    const last = Math.max(...old.scotland.events.map((e) => Number(e.date.slice(0, 4))));
    old.scotland.events = old.scotland.events.filter((e) => Number(e.date.slice(0, 4)) < last);
    const stale = path.join(tmp(), 'stale.json');
    fs.writeFileSync(stale, JSON.stringify(old));
    expect(await store.install(stale, 'admin-1')).toMatchObject({ ok: false });
    expect(await store.latest()).toEqual(before);
    await store.close();
  });
});
