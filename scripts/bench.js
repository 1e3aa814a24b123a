#!/usr/bin/env node
// `npm run bench [calendar|report]`: operations per second of the working-day arithmetic, or the time to produce
// a year's annual report for 1,000 cases from the ledger, on the built code.
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

function bench(name, fn, ms = 1500) {
  for (let i = 0; i < 2000; i++) fn(i); // warm up
  let n = 0;
  const t0 = process.hrtime.bigint();
  const until = t0 + BigInt(ms) * 1_000_000n;
  while (process.hrtime.bigint() < until) for (let i = 0; i < 500; i++) fn(n++);
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(
    `${name.padEnd(44)} ${Math.round(n / secs)
      .toLocaleString('en-GB')
      .padStart(12)} ops/s`,
  );
}

const mode = process.argv[2] ?? 'calendar';
if (mode === 'report') {
  benchReport(Number(process.argv[3] ?? 1000)).then(
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
  const { parse } = require('csv-parse/sync');
  const { generateYear } = require(path.join(dist, 'dev', 'generateYear.js'));
  const { buildEvent } = require(path.join(dist, 'client', 'events.js'));
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
  const rows = parse(g.csv, { columns: true });
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
  for (const row of rows) {
    const fields = {};
    for (const [k, v] of Object.entries(row))
      if (!['case', 'event', 'date'].includes(k))
        fields[k] = v && ['child', 'participation', 'agency'].includes(k) ? v.split(';') : v;
    const built = buildEvent(row.event, { date: row.date, fields }, 'bench');
    if (!built.ok) throw new Error(built.problems.join('; '));
    const r = applyEvent(states.get(row.case), built.event, g.to, new Date().toISOString());
    if (!r.ok) throw new Error(r.reason);
    states.set(row.case, r.state);
  }
  for (const [ref, s] of states) {
    const batch = ledgerDue(s, planDeadlines(s, g.to), new Date().toISOString());
    await ledger.write(batch);
    states.set(ref, markLedgered(s, batch));
  }
  console.log(
    `ledger of ${n} cases, ${rows.length} events built in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
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
  console.log(
    `annual report for ${n} cases (rebuild from ledger + tables): median ${(times[1] / 1000).toFixed(2)} s of 3 runs`,
  );
  await ledger.close();
}
