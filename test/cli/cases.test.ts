// The administrators' CLI end to end: the built `cpcase` against the dev server and a real worker.
import { openSqliteLedger } from '../../src/ledger/sqlite';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Notification } from '../../src/domain/case/actions';
import { shortDate } from '../../src/client/cli/caseView';
import type { CaseStatus } from '../../src/domain/case/status';
import type { LocalDate } from '../../src/domain/dates';
import { londonDate } from '../../src/domain/londonTime';
import { shippedCalendar } from '../support/calendars';
import { cpcaseAsync, STAFF, type CliRun } from '../support/cli';
import { startDevServer } from '../support/temporal';
import { caseWorker } from '../support/caseWorker';
import { testKeys } from '../support/keys';
import { addWorkingDays, workingDayOf } from '../../src/domain/workingDays';

Runtime.install({ logger: new DefaultLogger('WARN') });

const TASK_QUEUE = 'cli-e2e';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-cli-cases-'));
const calendar = shippedCalendar('england-and-wales', 2024, 2032);
const today = londonDate(Date.now());
/** The working day today counts as (itself, or the last one before a weekend or bank holiday). */
const workingToday = workingDayOf(calendar, today);
const wd = (from: LocalDate, n: number) => addWorkingDays(calendar, from, n).date;

let env: TestWorkflowEnvironment;
const keys = testKeys();
let worker: Worker;
let running: Promise<void>;
const sent: Notification[] = [];
let cliEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  env = await startDevServer();
  worker = await caseWorker({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    dataConverter: keys.dataConverter,
    dataDir,
    ledger: openSqliteLedger(path.join(dataDir, 'ledger.sqlite'), keys.ring),
    deliver: (n) => {
      sent.push(n);
      return Promise.resolve();
    },
  });
  running = worker.run();
  cliEnv = {
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_TASK_QUEUE: TASK_QUEUE,
    CPCASE_KEYS_FILE: keys.file,
    CPCASE_DATA_DIR: dataDir,
    CPCASE_USER: 'admin-7',
  };
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

const cli = (...args: string[]) => cpcaseAsync(args, cliEnv);
const ok = (r: CliRun) => {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}${r.stdout}`);
  return r;
};
const statusOf = async (ref: string) =>
  JSON.parse(ok(await cli('status', ref, '--json')).stdout) as CaseStatus;
const openCase = (ref: string, ...extra: string[]) =>
  cli(
    'open',
    ref,
    '--child',
    'CH-7Q2:14/03/2013',
    '--child',
    'CH-8K5:2018-09-02',
    ...STAFF,
    '--chair',
    'CH-401',
    '--minute-taker',
    'MT-501',
    '--team',
    'T-NORTH',
    '--agency',
    'gp',
    ...extra,
  );

/** Visibility is eventually consistent: poll `list` until the expectation holds. */
async function listUntil(args: string[], check: (refs: string[]) => boolean): Promise<string[]> {
  let refs: string[] = [];
  for (let i = 0; i < 40; i++) {
    refs = (
      JSON.parse(ok(await cli('list', ...args, '--json')).stdout) as { cases: { caseRef: string }[] }
    ).cases.map((c) => c.caseRef);
    if (check(refs)) return refs;
    await new Promise((r) => setTimeout(r, 250));
  }
  return refs;
}

describe('a case through the CLI', () => {
  const REF = 'CP-2026-0101';

  /**
   * The case's story, told once before the tests that read it (so they pass in any order): opened, a strategy
   * discussion, then the initial conference. What a user would see at each step is kept for the first test.
   */
  interface Story {
    opened: CliRun;
    dup: CliRun;
    sd: CliRun;
    due: string;
    statusAfterSd: CaseStatus;
    textAfterSd: string;
    within15: string[];
    within14: string[];
    s47: string[];
    held: CliRun;
    after: CaseStatus;
    onPlan: string[];
  }
  let story: Story;
  beforeAll(async () => {
    const opened = ok(await openCase(REF));
    const dup = await openCase(REF);
    const sd = ok(await cli('record', 'strategy-discussion', REF, '--date', today));
    const due = wd(today, 15);
    const statusAfterSd = await statusOf(REF);
    const textAfterSd = ok(await cli('status', REF)).stdout;
    const within15 = await listUntil(['--due-within', '15'], (r) => r.includes(REF));
    const within14 = await listUntil(['--due-within', '14'], (r) => !r.includes(REF));
    const s47 = await listUntil(['--social-worker', 'SW-101', '--stage', 's47-enquiry'], (r) =>
      r.includes(REF),
    );
    const held = ok(
      await cli(
        ...['record', 'conference-held', REF, '--date', today, '--type', 'initial'],
        ...[
          '--child',
          'CH-7Q2=plan:neglect',
          '--child',
          'CH-8K5=no-plan',
          '--participation',
          'CH-7Q2=attended',
        ],
        '--json',
      ),
    );
    const after = await statusOf(REF);
    const onPlan = await listUntil(['--stage', 'child-protection-plan'], (r) => r.includes(REF));
    story = {
      opened,
      dup,
      sd,
      due,
      statusAfterSd,
      textAfterSd,
      within15,
      within14,
      s47,
      held,
      after,
      onPlan,
    };
  }, 120_000);

  test('open, record a strategy discussion, see the ICPC in status and list, record the conference', () => {
    expect(story.opened.stdout).toContain(`Opened case ${REF}`);
    expect(story.dup.code).toBe(4);
    expect(story.dup.stderr.trim()).toBe(
      `cpcase: case ${REF} already exists: a case reference is opened once`,
    );

    expect(story.sd.stdout).toContain(`Recorded strategy-discussion`);
    expect(story.sd.stdout).toMatch(
      /icpc:E1 .* open\n +Initial child protection conference held; next: remind-3 /,
    );
    expect(story.statusAfterSd.stage).toBe('s47-enquiry');
    expect(story.statusAfterSd.deadlines.map((d) => [d.id, d.dueDate, d.status])).toEqual([
      ['icpc:E1', story.due, 'open'],
    ]);
    expect(story.textAfterSd).toContain('stage s47-enquiry');
    expect(story.textAfterSd).toMatch(/icpc:E1 .* open\n.*; next: remind-3 /);
    expect(story.within15).toContain(REF);
    expect(story.within14).not.toContain(REF);
    expect(story.s47).toContain(REF);

    const reply = JSON.parse(story.held.stdout) as { openDeadlines: { ruleId: string; dueDate: string }[] };
    expect(reply.openDeadlines.map((d) => d.ruleId).sort()).toEqual(
      [
        'first-core-group',
        'first-review',
        'full-record',
        'minutes-to-chair',
        'outline-plan',
        'plan-18-months',
        'plan-24-months',
      ].sort(),
    );
    const after = story.after;
    expect(after.stage).toBe('child-protection-plan');
    expect(after.children.find((c) => c.id === 'CH-7Q2')?.plan?.category).toBe('neglect');
    expect(after.deadlines.find((d) => d.id === 'icpc:E1')).toMatchObject({ status: 'met', lateBy: 0 });
    expect(after.deadlines.find((d) => d.id === 'minutes-to-chair:C1')?.dueDate).toBe(wd(today, 5));
    expect(story.onPlan).toContain(REF);
  });

  test.each([
    [
      ['record', 'strategy-discussion', REF, '--date', today, '--colour', 'red'],
      2,
      /unknown option '--colour'/,
    ],
    [['record', 'strategy-discussion', REF, '--date'], 2, /option '--date <date>' argument missing/],
    [
      ['record', 'core-group-held', REF, '--date', '31/02/2026'],
      2,
      /date: .*31\/02\/2026|date: .*not a date|February/,
    ],
    [['record', 'core-group-held', REF, '--date', '02/31/2026'], 2, /date:/],
    [['record', 'core-group-held', 'CP-2026-9999', '--date', today], 3, /no case CP-2026-9999/],
    [
      ['record', 'plan-ended', REF, '--date', today, '--child', 'CH-NOPE', '--reason', 'x'],
      4,
      /no child 'CH-NOPE'/,
    ],
    [
      ['record', 'minutes-approved', REF, '--date', today],
      4,
      /cannot be approved before they are sent to the chair/,
    ],
    [['record', 'core-group-held', REF, '--date', wd(today, 3)], 4, /is in the future/],
    [['record', 'conference-held', REF, '--date', today], 2, /child: is required/],
    [['record', 'nonsense', REF, '--date', today], 2, /unknown command 'nonsense'/],
    [['status', 'cp 2026 1'], 2, /CASE-REF: 'cp 2026 1' is not a case reference/],
  ])('refuses %j with exit %i and leaves the case unchanged', async (args, code, message) => {
    const before = await statusOf(REF);
    const r = await cli(...args);
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(code);
    expect(r.stderr).not.toMatch(/\n\s+at /); // one message, no stack trace
    const after = await statusOf(REF);
    expect(after.eventsRecorded).toBe(before.eventsRecorded);
    expect(after.deadlines).toEqual(before.deadlines);
  });

  test('a server that is down gives one line and exit 5', async () => {
    const r = await cpcaseAsync(['status', REF], { ...cliEnv, TEMPORAL_ADDRESS: '127.0.0.1:1' });
    expect(r.code).toBe(5);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^cpcase: cannot reach Temporal at 127\.0\.0\.1:1/);
  });

  test('the audit shows who recorded each event (CPCASE_USER here), for whom with --as, and that none is verified', async () => {
    ok(await cli('--as', 'admin-9', 'record', 'core-group-held', REF, '--date', today));
    expect((await statusOf(REF)).eventsRecorded).toBe(3);
    // The case writes its ledger right after accepting: wait until the audit has all three.
    type Audit = {
      entries: { type: string; recordedBy: string; onBehalfOf?: string; verifiedBy?: string }[];
    };
    const readAudit = async () => JSON.parse(ok(await cli('audit', REF, '--json')).stdout) as Audit;
    let audit = await readAudit();
    for (let i = 0; i < 40 && audit.entries.length < 3; i++) {
      await new Promise((r) => setTimeout(r, 250));
      audit = await readAudit();
    }
    expect(audit.entries.map((e) => [e.type, e.recordedBy, e.onBehalfOf, e.verifiedBy])).toEqual([
      ['strategy-discussion', 'admin-7', undefined, undefined],
      ['conference-held', 'admin-7', undefined, undefined],
      ['core-group-held', 'admin-7', 'admin-9', undefined],
    ]);
    // The embedded default checks nobody: the audit says each name is as given, not proven.
    const text = ok(await cli('audit', REF)).stdout;
    expect(text).toMatch(
      new RegExp(`Case ${REF}: opened \\d{4}-\\d{2}-\\d{2} by admin-7 \\(UNVERIFIED\\); 3 recorded events`),
    );
    expect(text).toMatch(/admin-7 for admin-9 +UNVERIFIED +core-group-held/);
    expect(text).toContain('UNVERIFIED: 4 entries made without a checked sign-in');
    const none = await cli('audit', 'CP-2026-7777');
    expect(none.code).toBe(3);
    expect(none.stderr.trim()).toBe('cpcase: the ledger has nothing recorded for case CP-2026-7777');
  });

  test('the annual report counts the case from the ledger, in every format', async () => {
    const from = `${today.slice(0, 4)}-01-01`;
    const json = JSON.parse(
      ok(await cli('report', 'annual', '--from', from, '--to', today, '--format', 'json')).stdout,
    ) as {
      conferences: { initial: number };
      childrenDiscussed: number;
      table3: { attended: number; under10: number };
      table2b: { id: string; count: number; of: number }[];
    };
    expect(json.conferences.initial).toBe(1);
    expect(json.childrenDiscussed).toBe(2);
    expect(json.table3).toMatchObject({ attended: 1, under10: 1 }); // CH-7Q2 is 13, CH-8K5 8
    expect(json.table2b.find((i) => i.id === 'icpc-on-time')).toMatchObject({ count: 1, of: 1 });
    const md = ok(await cli('report', 'annual', '--from', from, '--to', today)).stdout;
    expect(md).toContain('## Table 2b: Timescales – distribution of documents');
    expect(md).toContain('| Child 10 years+ attended | 1 |');
    const html = ok(await cli('report', 'annual', '--from', from, '--to', today, '--format', 'html')).stdout;
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|src=|href=/); // self-contained
    const bad = await cli('report', 'annual', '--from', today, '--to', from);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`--from ${today} is after --to ${from}`);
  });

  test('calendar push tells every open case to reload its bank holidays', async () => {
    const r = JSON.parse(ok(await cli('calendar', 'push', '--json')).stdout) as {
      signalled: string[];
      failed: unknown[];
    };
    expect(r.signalled).toContain(REF);
    expect(r.failed).toEqual([]);
    expect((await statusOf(REF)).deadlines.length).toBeGreaterThan(0); // still answering after the reload
  });

  test('report live: overdue now and due soon, by team and owner', async () => {
    const r = JSON.parse(ok(await cli('report', 'live', '--json')).stdout) as {
      teams: {
        team: string;
        owners: { owner: string; dueSoon: { caseRef: string; deadlineId: string }[] }[];
      }[];
    };
    const north = r.teams.find((t) => t.team === 'T-NORTH');
    const minuteTaker = north?.owners.find((o) => o.owner === 'minute-taker MT-501');
    // The conference was today: its minutes are due to the chair within 5 working days.
    expect(minuteTaker?.dueSoon.map((i) => `${i.caseRef}/${i.deadlineId}`)).toContain(
      `${REF}/minutes-to-chair:C1`,
    );
    const text = ok(await cli('report', 'live')).stdout;
    expect(text).toContain('Team T-NORTH:');
    // Each owner by name from the directory, with the role and id beside it.
    expect(text).toMatch(
      /Mel Turner \(minute-taker MT-501\)\n\s+due .*CP-2026-0101 {2}Minutes sent to chair/,
    );
  });

  test('a case closed with its ICPC overdue: the ICPC stays missed, stops, and the case ends', async () => {
    const ref = 'CP-2026-0102';
    ok(await openCase(ref));
    const late = ok(await cli('record', 'strategy-discussion', ref, '--date', wd(workingToday, -20)));
    // Entered late: one escalation, at the level now due, waits for the next send time (09:00 on a working day
    // at least an hour after the entry), never at the moment of recording.
    expect(late.stdout).toMatch(
      /icpc:E1 .* OVERDUE\n +Initial child protection conference held; OVERDUE 5 working days; next: escalate-2 \w{3} \d+ \w{3} \d{4} 09:00/,
    );
    expect(await statusOf(ref)).toMatchObject({ overdue: 1 });
    expect(await listUntil(['--overdue'], (r) => r.includes(ref))).toContain(ref);

    ok(await cli('record', 'case-closed', ref, '--date', today, '--reason', 'transferred-out'));
    const closed = await statusOf(ref);
    expect(closed).toMatchObject({ stage: 'closed', overdue: 0 });
    expect(closed.deadlines.find((d) => d.id === 'icpc:E1')).toMatchObject({
      status: 'missed',
      lateBy: 5,
      stoppedOn: today,
    });
    const text = ok(await cli('status', ref)).stdout;
    expect(text).toContain('Deadlines: 0 open, 0 overdue');
    // A laptop's terminal: status, the record reply and the audit fit 120 columns.
    const tooWide = (t: string) => t.split('\n').filter((l) => l.length > 120);
    expect(tooWide(text)).toEqual([]);
    expect(tooWide(late.stdout)).toEqual([]);
    expect(tooWide(ok(await cli('audit', ref)).stdout)).toEqual([]);
    expect(text).toMatch(
      new RegExp(
        `Done or stopped:\\n(.*\\n){2}\\s+icpc:E1 .* missed\\n.*; missed by 5 working days, stopped ${shortDate(today)}`,
      ),
    );
    // Nothing left to send: the case's workflow finishes, and it leaves the open cases.
    expect(await listUntil(['--overdue'], (r) => !r.includes(ref))).not.toContain(ref);
  });
});
