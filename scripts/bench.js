#!/usr/bin/env node
// `npm run bench [calendar]`: operations per second of the working-day arithmetic, on the built code.
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

bench('addWorkingDays(+15)', (i) => addWorkingDays(cal, dates[i & 4095], 15));
bench('addWorkingDays(-5)', (i) => addWorkingDays(cal, dates[i & 4095], -5));
bench('addWorkingDays(+250, a year)', (i) => addWorkingDays(cal, dates[i & 4095], 250));
bench('workingDaysBetween(~3 months apart)', (i) =>
  workingDaysBetween(cal, dates[i & 4095], fromEpochDay(toEpochDay(dates[i & 4095]) + 91)),
);
bench('workingDaysBetween(~2 years apart)', (i) =>
  workingDaysBetween(cal, dates[i & 4095], fromEpochDay(toEpochDay(dates[i & 4095]) + 730)),
);
