#!/usr/bin/env node
// `npm run bench [calendar|report [N]|cli|load [K]|burst [K]]`: operations per second of the working-day arithmetic, the
// time to produce a year's annual report from the ledger (1,000 cases, then 10,000 to see it grow linearly), the
// wall time of whole `cpcase` processes, the system under load on the dev server and the PostgreSQL stack, or
// how late a burst of K reminders reaches an SMTP sink on the stack (src/dev/benchBurst.ts);
// each figure beside its target. Timings live here, never in pass/fail tests.
'use strict';
const path = require('path');
const os = require('os');
const dist = path.join(__dirname, '..', 'dist', 'src');
const { loadCalendar } = require(path.join(dist, 'calendar', 'load.js'));
const { addWorkingDays, workingDaysBetween } = require(path.join(dist, 'domain', 'workingDays.js'));
const { fromEpochDay, toEpochDay } = require(path.join(dist, 'domain', 'dates.js'));

const cal = loadCalendar({ region: 'england-and-wales', fromYear: 2010, toYear: 2032, dataDir: os.tmpdir() });
const start = toEpochDay('2012-01-01');
const dates = Array.from({ length: 4096 }, (_, i) => fromEpochDay(start + ((i * 7919) % 6000)));

/** Each line: the figure, and the target it is held to. */
function against(figure, target, met) {
  return `${figure}   target ${target}: ${met ? 'met' : 'NOT MET'}`;
}

function bench(name, fn, ms = 1500) {
  for (let i = 0; i < 2000; i++) fn(i); // warm up
  let n = 0;
  const t0 = process.hrtime.bigint();
  const until = t0 + BigInt(ms) * 1_000_000n;
  while (process.hrtime.bigint() < until) for (let i = 0; i < 500; i++) fn(n++);
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const rate = Math.round(n / secs);
  console.log(
    against(
      `${name.padEnd(40)} ${rate.toLocaleString('en-GB').padStart(12)} ops/s`,
      '1,000,000 ops/s',
      rate >= 1e6,
    ),
  );
}

const mode = process.argv[2] ?? 'calendar';
if (mode === 'load' || mode === 'burst') {
  // Servers and workers as processes: programs of their own (dist/src/dev/benchLoad.js, benchBurst.js).
  const program = mode === 'load' ? 'benchLoad.js' : 'benchBurst.js';
  const r = require('child_process').spawnSync(
    process.execPath,
    [path.join(dist, 'dev', program), ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  process.exit(r.status ?? 1);
} else if (mode === 'cli') {
  benchCli().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
} else if (mode === 'report') {
  const sizes = process.argv[3] ? [Number(process.argv[3])] : [1000, 10000];
  (async () => {
    const results = [];
    for (const n of sizes) results.push([n, await benchReport(n)]);
    if (results.length === 2) {
      const [[n1, t1], [n2, t2]] = results;
      const ratio = t2 / t1 / (n2 / n1);
      console.log(
        `growth ${n1} -> ${n2} cases: x${(t2 / t1).toFixed(1)} time for x${n2 / n1} cases (${ratio.toFixed(2)} of linear)`,
      );
    }
  })().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
} else {
  benchCalendar();
}

function benchCalendar() {
  bench('addWorkingDays(+15)', (i) => addWorkingDays(cal, dates[i & 4095], 15));
  bench('addWorkingDays(-5)', (i) => addWorkingDays(cal, dates[i & 4095], -5));
  bench('addWorkingDays(+250, a year)', (i) => addWorkingDays(cal, dates[i & 4095], 250));
  bench('workingDaysBetween(~3 months apart)', (i) =>
    workingDaysBetween(cal, dates[i & 4095], fromEpochDay(toEpochDay(dates[i & 4095]) + 91)),
  );
  bench('workingDaysBetween(~2 years apart)', (i) =>
    workingDaysBetween(cal, dates[i & 4095], fromEpochDay(toEpochDay(dates[i & 4095]) + 730)),
  );
}

/** Builds a ledger of `n` generated cases with the domain rules (no server), then times the report over it. */
async function benchReport(n) {
  const fs = require('fs');
  const { readImportFile } = require(path.join(dist, 'client', 'cli', 'commands', 'import.js'));
  const { generateYear } = require(path.join(dist, 'dev', 'generateYear.js'));
  const { parseChild } = require(path.join(dist, 'client', 'cli', 'commands', 'open.js'));
  const { applyEvent, initialState } = require(path.join(dist, 'domain', 'case', 'apply.js'));
  const { planDeadlines } = require(path.join(dist, 'domain', 'case', 'plan.js'));
  const { ledgerDue, markLedgered } = require(path.join(dist, 'domain', 'case', 'ledger.js'));
  const { DEFAULT_POLICY } = require(path.join(dist, 'domain', 'policy.js'));
  const { generateKey, keyringFrom } = require(path.join(dist, 'crypto', 'keys.js'));
  const { openSqliteLedger } = require(path.join(dist, 'ledger', 'sqlite.js'));
  const { rebuildCases } = require(path.join(dist, 'report', 'fromLedger.js'));
  const { annualReport } = require(path.join(dist, 'domain', 'report', 'annual.js'));

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-bench-report-'));
  const ring = keyringFrom(generateKey(path.join(dir, 'keys.json'), 'bench'));
  const ledger = openSqliteLedger(path.join(dir, 'ledger.sqlite'), ring);
  const g = generateYear(cal, { cases: n, seed: 1 });
  const states = new Map();
  for (const args of g.opens) {
    const ref = args[1];
    // The same reading of --child as `cpcase open` (a date of birth, or unborn:EXPECTED-DATE).
    const children = args.flatMap((a, i) => (a === '--child' ? [parseChild(args[i + 1], g.to)] : []));
    const input = {
      caseRef: ref,
      region: 'england-and-wales',
      children,
      staff: { socialWorker: 'SW-101', teamManager: 'TM-201', chair: 'CH-401', minuteTaker: 'MT-501' },
      agencies: [],
      policy: DEFAULT_POLICY,
      openedBy: 'bench',
    };
    states.set(ref, initialState(input, cal, new Date().toISOString()));
  }
  const t0 = Date.now();
  // Read as `cpcase import` reads a file (corrections included), then applied by the domain rules.
  const file = path.join(dir, 'events.csv');
  fs.writeFileSync(file, g.csv);
  const read = readImportFile(file, 'bench');
  if (read.problems.length || read.pending.length) throw new Error(JSON.stringify(read.problems[0]));
  for (const row of read.rows) {
    const r = applyEvent(states.get(row.caseRef), row.event, g.to, new Date().toISOString());
    if (!r.ok) throw new Error(r.reason);
    states.set(row.caseRef, r.state);
  }
  for (const [ref, s] of states) {
    const batch = ledgerDue(s, planDeadlines(s, g.to), new Date().toISOString());
    await ledger.write(batch);
    states.set(ref, markLedgered(s, batch));
  }
  console.log(
    `ledger of ${n} cases, ${read.rows.length} events built in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  const times = [];
  for (let i = 0; i < 3; i++) {
    const t = process.hrtime.bigint();
    const { cases } = await rebuildCases(ledger, {
      policy: DEFAULT_POLICY,
      dataDir: dir,
      closures: [],
      asOf: g.to,
    });
    const report = annualReport(cases, g.from, g.to);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (i === 0)
      console.log(`report: ${report.conferences.total} conferences, ${report.childrenDiscussed} children`);
  }
  times.sort((a, b) => a - b);
  const median = times[1] / 1000;
  const figure = `annual report for ${n} cases (rebuild from ledger + tables): median ${median.toFixed(2)} s of 3 runs`;
  console.log(n === 1000 ? against(figure, 'under 2 s', median < 2) : figure);
  await ledger.close();
  return median;
}

/** Whole `cpcase` processes against a running dev server and worker, median wall time of 10 runs each. */
async function benchCli() {
  const fs = require('fs');
  const { spawn } = require('child_process');
  const { TestWorkflowEnvironment } = require('@temporalio/testing');
  const { Worker } = require('@temporalio/worker');
  const { executableFor } = require(path.join(dist, 'dev', 'tools.js'));
  const { ALL_SEARCH_ATTRIBUTES } = require(path.join(dist, 'shared', 'searchAttributes.js'));
  const { encryptedDataConverter } = require(path.join(dist, 'crypto', 'codec.js'));
  const { generateKey, keyringFrom } = require(path.join(dist, 'crypto', 'keys.js'));
  const { createCaseActivities } = require(path.join(dist, 'activities', 'case.js'));
  const { openSqliteLedger } = require(path.join(dist, 'ledger', 'sqlite.js'));

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-bench-cli-'));
  const keysFile = path.join(dir, 'keys.json');
  const ring = keyringFrom(generateKey(keysFile, 'bench'));
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: executableFor('temporal'), searchAttributes: ALL_SEARCH_ATTRIBUTES },
  });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: 'bench-cli',
    workflowsPath: path.join(dist, 'workflows', 'index.js'),
    interceptors: { workflowModules: [path.join(dist, 'workflows', 'interceptors.js')] },
    dataConverter: encryptedDataConverter(ring),
    activities: createCaseActivities({
      dataDir: dir,
      closures: [],
      ledger: openSqliteLedger(path.join(dir, 'ledger.sqlite'), ring),
      deliver: async () => ({ unreached: [] }),
    }),
  });
  const cliEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_TASK_QUEUE: 'bench-cli',
    CPCASE_KEYS_FILE: keysFile,
    CPCASE_DATA_DIR: dir,
  };
  const bin = path.join(__dirname, '..', 'bin', 'cpcase.js');
  // Not spawnSync: the worker runs in this process and must keep answering while a command waits.
  const run = (args) =>
    new Promise((resolve, reject) => {
      const t = process.hrtime.bigint();
      const child = spawn(process.execPath, [bin, ...args], { env: cliEnv });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) =>
        code === 0
          ? resolve(Number(process.hrtime.bigint() - t) / 1e9)
          : reject(new Error(`cpcase ${args.join(' ')}: ${stderr}`)),
      );
    });
  await worker.runUntil(async () => {
    run([
      'open',
      'CP-BENCH-1',
      '--child',
      'CH-1:2015-01-01',
      '--social-worker',
      'SW-101',
      '--team-manager',
      'TM-201',
      '--service-manager',
      'SM-301',
    ]);
    for (const [args, target] of [
      [['--version'], 0.3],
      [['calendar', 'add', '2023-04-24', '15'], 0.3],
      [['status', 'CP-BENCH-1'], 0.6],
    ]) {
      const times = [];
      for (let i = 0; i < 10; i++) times.push(await run(args));
      times.sort((a, b) => a - b);
      const median = (times[4] + times[5]) / 2;
      console.log(
        against(
          `cpcase ${args.join(' ').padEnd(30)} median ${median.toFixed(3)} s of 10`,
          `under ${target} s`,
          median < target,
        ),
      );
    }
  });
  await env.teardown();
}
