// A generated year played through the real CLI against a running system (dev server, worker, ledger): every
// cell of the annual report matches the count the generator kept while making the cases. Run on the embedded
// SQLite ledger and on PostgreSQL (DATABASE_URL), which `.ci/run` installs from Debian packages.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { generateYear, type GeneratedYear } from '../../src/dev/generateYear';
import { openLedger } from '../../src/ledger/open';
import type { LedgerStore } from '../../src/ledger/types';
import type { AnnualReport } from '../../src/domain/report/annual';
import { cpcaseAsync } from '../support/cli';
import { ok, playYear, untilLedgered } from '../support/playYear';
import { calendar } from '../support/caseHarness';
import { testKeys } from '../support/keys';
import { postgresAvailable, startPostgres, type TestPostgres } from '../support/postgres';
import { startDevServer } from '../support/temporal';
import { caseWorker } from '../support/caseWorker';
import { dfeRuleBreaches, readCinXml } from '../support/cinXml';
import { ABUSE_CODES } from '../../src/domain/census/cin';
import { addWorkingDays } from '../../src/domain/workingDays';
import { addDays } from '../../src/domain/dates';

Runtime.install({ logger: new DefaultLogger('ERROR') });

const CASES = 40;
const keys = testKeys();
let env: TestWorkflowEnvironment;
let pg: TestPostgres | undefined;

beforeAll(async () => {
  env = await startDevServer();
});
afterAll(async () => {
  pg?.stop();
  await env?.teardown();
});

const stores: [string, () => Promise<string | undefined>][] = [
  ['SQLite', () => Promise.resolve(undefined)],
  [
    'PostgreSQL',
    async () => {
      pg = await startPostgres();
      return pg.url;
    },
  ],
];
const runPg = postgresAvailable() || process.env.CI === 'true';

test.each(stores.filter(([name]) => name === 'SQLite' || runPg))(
  'every cell of the annual report matches the independent count of a generated year (%s ledger)',
  async (name, databaseUrl) => {
    const url = await databaseUrl();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-year-'));
    const taskQueue = `year-${name}`;
    const ledger: LedgerStore = await openLedger({ dataDir, databaseUrl: url }, keys.ring);
    const worker = await caseWorker({
      connection: env.nativeConnection,
      taskQueue,
      dataConverter: keys.dataConverter,
      dataDir,
      ledger,
    });
    const cliEnv = {
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      CPCASE_DATA_DIR: dataDir,
      CPCASE_KEYS_FILE: keys.file,
      ...(url ? { DATABASE_URL: url } : {}),
    };
    // Each store gets its own cases (the same year under other references would clash on one server).
    const g = generateYear(calendar, { cases: CASES, seed: 7 });
    const prefix = `CP-GEN-${name === 'SQLite' ? 'S' : 'P'}`;
    const opens = g.opens.map((a) => a.map((x) => x.replace(/^CP-GEN-/, `${prefix}-`)));
    const csv = g.csv.replace(/^CP-GEN-/gm, `${prefix}-`);
    const rows = csv.trim().split('\n').length - 1;

    await worker.runUntil(async () => {
      await playYear({ opens, csv }, dataDir, cliEnv);
      expect(await untilLedgered(ledger, rows)).toBe(rows);
    });
    await ledger.close();

    const report = JSON.parse(
      ok(await cpcaseAsync(['report', 'annual', '--from', g.from, '--to', g.to, '--format', 'json'], cliEnv))
        .stdout,
    ) as AnnualReport;
    const x = g.expected;
    expect(report.conferences).toEqual(x.conferences);
    expect(report.childrenDiscussed).toBe(x.childrenDiscussed);
    expect(report.table2a).toEqual(x.table2a);
    expect(report.table2b.map((i) => [i.id, i.count, i.of])).toEqual(
      Object.entries(x.table2b).map(([id, t]) => [id, t.count, t.of]),
    );
    expect(report.table3).toEqual(x.table3);
    expect(Object.fromEntries(report.table4.map(({ agencyId, name: _name, ...t }) => [agencyId, t]))).toEqual(
      Object.fromEntries(Object.entries(x.table4).filter(([, t]) => t.invited > 0)),
    );
    expect(report.outcomes).toEqual(x.outcomes);
    expect(report.plans).toEqual(x.plans);
    expect(report.table4Total).toEqual({
      invited: Object.values(x.table4).reduce((n, t) => n + t.invited, 0),
      attended: Object.values(x.table4).reduce((n, t) => n + t.attended, 0),
      sentReportOnly: Object.values(x.table4).reduce((n, t) => n + t.sentReportOnly, 0),
    });
    expect(report.monthly.map(({ month, children }) => ({ month, children }))).toEqual(x.monthly);
    const splits = (rows: AnnualReport['byTeam']) =>
      Object.fromEntries(rows.map((s) => [s.id, { conferences: s.conferences, onTime: s.onTime }]));
    expect(splits(report.byTeam)).toEqual(x.byTeam);
    expect(splits(report.byChair)).toEqual(x.byChair);
    expect(report.cse).toEqual(x.cse);
    expect(report.parents).toEqual(x.parents);
    expect(report.icpcRequestedBy).toEqual(x.icpcRequestedBy);
    const families = (f: AnnualReport['appendix2']['families']) =>
      f.map(({ family, indicators }) => ({ family, indicators: [...indicators].sort() }));
    expect(families(report.appendix2.families)).toEqual(families(x.appendix2.families));
    expect(report.appendix2.byIndicator).toEqual(x.appendix2.byIndicator);
    // Names from the directory, ids kept beside them.
    expect(report.table4.find((a) => a.agencyId === 'gp')?.name).toBe('GP practice safeguarding lead');
    expect(report.byChair.map((c) => c.name)).toEqual(['Chris Hale', 'Dana Okafor']);
    await censusReturnMatches(g, dataDir, cliEnv);
    // A year worth checking: corrections (an amended date, a withdrawn event), conferences never booked, and
    // families of several children; every kind of conference, and every row of the plans table above zero.
    expect(csv).toMatch(/^[^,]+,amend,/m);
    expect(csv).toMatch(/^[^,]+,withdraw,/m);
    expect(csv).toMatch(/^[^,]+,conference-held,[^,]+,initial,/m);
    expect(opens.some((a) => a.filter((x) => x === '--child').length >= 3)).toBe(true);
    expect(x.conferences.initial).toBeGreaterThan(20);
    expect(x.conferences.review).toBeGreaterThan(5);
    expect(x.conferences.preBirth).toBeGreaterThan(0);
    expect(x.conferences.transferIn).toBeGreaterThan(0);
    expect(x.outcomes.plansEnded).toBeGreaterThan(0);
    expect(x.outcomes.plansEndedBetween).toBeGreaterThan(0);
    expect(Object.values(x.plans).every((n) => n > 0)).toBe(true);
    // Every indicator in some family, parents' participation of every kind, both requesters, and children from
    // unborn to 10-15 with an indicator on their family.
    expect(x.appendix2.byIndicator.every((i) => i.families > 0)).toBe(true);
    expect(Object.values(x.parents).every((n) => n > 0)).toBe(true);
    expect(x.icpcRequestedBy.duty * x.icpcRequestedBy['long-term']).toBeGreaterThan(0);
    const ages = x.appendix2.byIndicator.reduce(
      (n, i) => ({ ...n, ...Object.fromEntries(Object.entries(i.children).filter(([, k]) => k > 0)) }),
      {},
    );
    expect(Object.keys(ages)).toEqual(expect.arrayContaining(['unborn', '1-4', '5-9', '10-15']));
    // CSE cycles: plans started, reviewed, some ended as the risk was reduced, one moved to CP procedures.
    expect(x.cse.requests).toBeGreaterThanOrEqual(4);
    expect(x.cse.movedToCp).toBeGreaterThan(0);
    expect(x.cse.reviewsHeld).toBeGreaterThan(0);
    // The monthly trend moves, and both teams and both chairs held conferences.
    expect(new Set(x.monthly.map((m) => m.children)).size).toBeGreaterThan(3);
    expect(Object.keys(x.byTeam)).toHaveLength(2);
    expect(Object.keys(x.byChair)).toHaveLength(2);
  },
  // Two CLI processes per case and a database on 2 cores: ~55 s a store; room for a slow day, not a timing check.
  300_000,
);

/**
 * The DfE census return of the same year: every rule of the child protection blocks met, and every child's
 * enquiries and plans as the generator made them (dates, categories, previous plans). The first case's children
 * are left out of the council's file, and the command names what the DfE still needs for them.
 */
async function censusReturnMatches(g: GeneratedYear, dataDir: string, cliEnv: NodeJS.ProcessEnv) {
  const ids = Object.keys(g.census.caseOf);
  const firstCase = g.census.caseOf[ids[0]!];
  const referral = addDays(g.from, -800);
  const councilFile = path.join(dataDir, 'children.csv');
  fs.writeFileSync(
    councilFile,
    'child,upn-unknown,sex,ethnicity,disabilities,referral-date,referral-source,primary-need\n' +
      ids
        .map((id) =>
          g.census.caseOf[id] === firstCase ? `${id},,,,,,,` : `${id},UN1,F,WBRI,NONE,${referral},1A,N1`,
        )
        .join('\n'),
  );
  const out = path.join(dataDir, 'cin.xml');
  const run = ok(
    await cpcaseAsync(
      [
        'export',
        'cin-census',
        '--from',
        g.from,
        '--to',
        g.to,
        '--la',
        '201',
        '--children',
        councilFile,
        '--out',
        out,
        // A rolling year, not a census year; cpcase's own ids and a council file with gaps: written all the same.
        '--any-period',
        '--with-errors',
      ],
      cliEnv,
    ),
  );
  const written = fs.readFileSync(out, 'utf8');
  expect(written).toContain(`<!-- not a census return: the period ${g.from} to ${g.to} is not a census year`);
  expect(run.stderr).toContain('not a census return');
  const xml = readCinXml(written);
  expect(xml.header).toMatchObject({ Collection: 'CIN', ReferenceDate: g.to, LEA: '201', SourceLevel: 'L' });
  expect(dfeRuleBreaches(xml, g.from, g.to)).toEqual([]);

  const inYear = (d: string | undefined) => d !== undefined && d >= g.from && d <= g.to;
  const expected = ids
    .map((id) => ({
      laChildId: id,
      s47: (g.census.enquiries[g.census.caseOf[id]!] ?? [])
        .filter((e) => inYear(e.start) || inYear(e.icpc))
        .map((e) => ({
          start: e.start,
          target: addWorkingDays(calendar, e.start, 15).date,
          icpc: e.icpc,
          notRequired: 'false',
        })),
      plans: g.census.plans[id]!.flatMap((p, previous) =>
        p.start <= g.to && (!p.end || p.end >= g.from)
          ? [
              {
                start: p.start,
                end: inYear(p.end) ? p.end : undefined,
                category: ABUSE_CODES[p.category],
                previous,
              },
            ]
          : [],
      ),
    }))
    .filter((c) => c.s47.length > 0 || c.plans.length > 0);
  const firstChildren = expected.map((c) => c.laChildId).filter((id) => g.census.caseOf[id] === firstCase);
  expect(firstChildren.length).toBeGreaterThan(0);
  expect(run.stdout).toContain(`Sex: ${firstChildren.length} children (${firstChildren.join(', ')})`);
  expect(
    xml.children.map((c) => ({
      laChildId: c.laChildId,
      s47: c.s47,
      plans: c.plans.map((p) => ({ start: p.start, end: p.end, category: p.initial, previous: p.previous })),
    })),
  ).toEqual(expected);
  // A year worth checking: second plans, plans ended, reviews, enquiries, an unborn baby.
  const plans = xml.children.flatMap((c) => c.plans);
  expect(plans.some((p) => p.previous > 0)).toBe(true);
  expect(plans.some((p) => p.end)).toBe(true);
  expect(plans.some((p) => p.reviews.length > 0)).toBe(true);
  expect(xml.children.filter((c) => c.s47.length > 0).length).toBeGreaterThan(10);
  expect(xml.children.some((c) => c.fields.ExpectedPersonBirthDate)).toBe(true);
}
