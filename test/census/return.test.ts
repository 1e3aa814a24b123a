// A council's census return, end to end: a generated year (another seed than the annual report's test) ending
// on 31 March, played through the real CLI, exported with the council's file that goes with it; the return has
// no error under the DfE's rules for 2025-26 as an independent validator reads them, and every query that
// validator raises is one the export itself listed, with what a person should check.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { generateYear } from '../../src/dev/generateYear';
import { councilFileOf } from '../../src/dev/councilFile';
import { openLedger } from '../../src/ledger/open';
import { CIN_RULES_2025_26 } from '../../src/domain/census/ruleset';
import type { LocalDate } from '../../src/domain/dates';
import { cpcaseAsync } from '../support/cli';
import { playYear, untilLedgered } from '../support/playYear';
import { calendar } from '../support/caseHarness';
import { testKeys } from '../support/keys';
import { startDevServer } from '../support/temporal';
import { caseWorker } from '../support/caseWorker';
import { dfeValidate, dfeValidatorAvailable } from '../support/dfeValidator';

Runtime.install({ logger: new DefaultLogger('ERROR') });

const CASES = 60;
const YEAR_END = '2026-03-31' as LocalDate;
const keys = testKeys();
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await startDevServer();
});
afterAll(async () => {
  await env?.teardown();
});

test(`a generated year's census return meets the DfE's 2025-26 rules${dfeValidatorAvailable ? ', read by an independent validator' : ' (own checks only: no validator here)'}`, async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-census-'));
  const ledger = await openLedger({ dataDir }, keys.ring);
  const worker = await caseWorker({
    connection: env.nativeConnection,
    taskQueue: 'census',
    dataConverter: keys.dataConverter,
    dataDir,
    ledger,
  });
  const cliEnv = {
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_TASK_QUEUE: 'census',
    CPCASE_DATA_DIR: dataDir,
    CPCASE_KEYS_FILE: keys.file,
  };
  // Any other year can be tried: CPCASE_CENSUS_SEED=N.
  const seed = Number(process.env.CPCASE_CENSUS_SEED ?? 11);
  const g = generateYear(calendar, { cases: CASES, seed, today: YEAR_END });
  const councilFile = path.join(dataDir, 'children.csv');
  fs.writeFileSync(councilFile, councilFileOf(g, 3));
  const out = path.join(dataDir, 'cin.xml');
  const exported = await worker.runUntil(async () => {
    await playYear(g, dataDir, cliEnv);
    const rows = g.csv.trim().split('\n').length - 1;
    await untilLedgered(ledger, rows);
    const args = ['export', 'cin-census', '--from', '2025-04-01', '--to', YEAR_END, '--la', '201'];
    return cpcaseAsync([...args, '--children', councilFile, '--out', out], cliEnv);
  });
  await ledger.close();
  // No error: the file is written, and says what it holds.
  expect(exported.stderr).toBe('');
  expect(exported.code).toBe(0);
  expect(exported.stdout).toMatch(
    /^Wrote .*: \d+ children, \d+ section 47 enquiries, \d+ child protection plans/,
  );
  // Each query once, with what to check, then a line for each child it concerns.
  const listed = new Set<string>();
  let query = '';
  for (const line of exported.stdout.split('\n')) {
    const head = /^DfE query (\w+), (\d+ child|the return)/.exec(line);
    if (head) query = head[1]!;
    if (head?.[2] === 'the return') listed.add(`${query} `);
    const child = /^ {2}child (\w+): /.exec(line);
    if (child) listed.add(`${query} ${child[1]}`);
  }
  expect(exported.stdout).toMatch(
    /^DfE query 2991Q, \d+ children: .*\n {2}What to check: cpcase holds no assessments/m,
  );
  // The kinds worth checking are in it: a transfer-in plan (its conference on the episode), an unborn child.
  const xml = fs.readFileSync(out, 'utf8');
  expect(xml).toMatch(
    /<\/ReferralSource>[\s\S]*?<DateOfInitialCPC>[^<]+<\/DateOfInitialCPC>\n\s+<ReferralNFA>/,
  );
  expect(xml).toContain('<ExpectedPersonBirthDate>');
  if (!dfeValidatorAvailable) return;

  const verdict = await dfeValidate(out);
  expect(verdict.crashed).toEqual([]);
  // The validator's rules are the list cpcase answers for, rule by rule.
  expect(verdict.rules).toEqual(CIN_RULES_2025_26.map((r) => r.code).sort());
  const errors = verdict.issues.filter((i) => !i.rule.endsWith('Q'));
  expect(errors).toEqual([]);
  const unexplained = verdict.issues.filter((i) => !listed.has(`${i.rule} ${i.child}`));
  expect(unexplained).toEqual([]);
}, 300_000);
