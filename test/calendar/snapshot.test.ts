import fs from 'fs';
import os from 'os';
import path from 'path';
import snapshot from '../../src/calendar/data/bank-holidays.snapshot.json';
import { importGovukFile, loadCalendar, readImported } from '../../src/calendar/load';
import { parseGovukFile } from '../../src/calendar/govuk';
import { isoDate } from '../../src/domain/dates';
import { checkDay } from '../../src/domain/workingDays';

// England and Wales 2018-2025 as GOV.UK published them (bank-holidays.json, checked against a stored copy).
const GOVUK_EW_2018_2025 = `
2018-01-01 2018-03-30 2018-04-02 2018-05-07 2018-05-28 2018-08-27 2018-12-25 2018-12-26
2019-01-01 2019-04-19 2019-04-22 2019-05-06 2019-05-27 2019-08-26 2019-12-25 2019-12-26
2020-01-01 2020-04-10 2020-04-13 2020-05-08 2020-05-25 2020-08-31 2020-12-25 2020-12-28
2021-01-01 2021-04-02 2021-04-05 2021-05-03 2021-05-31 2021-08-30 2021-12-27 2021-12-28
2022-01-03 2022-04-15 2022-04-18 2022-05-02 2022-06-02 2022-06-03 2022-08-29 2022-09-19 2022-12-26 2022-12-27
2023-01-02 2023-04-07 2023-04-10 2023-05-01 2023-05-08 2023-05-29 2023-08-28 2023-12-25 2023-12-26
2024-01-01 2024-03-29 2024-04-01 2024-05-06 2024-05-27 2024-08-26 2024-12-25 2024-12-26
2025-01-01 2025-04-18 2025-04-21 2025-05-05 2025-05-26 2025-08-25 2025-12-25 2025-12-26`
  .trim()
  .split(/\s+/);

const tmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-cal-'));

describe('the shipped snapshot', () => {
  it('records its source, date and coverage, and is a valid GOV.UK-shaped file', () => {
    expect(snapshot._source).toMatch(/GOV\.UK/);
    expect(snapshot._generated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(snapshot._coverage).toEqual({ from: 2010, to: 2028 });
    expect(parseGovukFile(snapshot).ok).toBe(true);
  });

  it('matches GOV.UK exactly for England and Wales 2018-2025', () => {
    const dates = snapshot['england-and-wales'].events
      .map((e) => e.date)
      .filter((d) => d >= '2018' && d < '2026');
    expect(dates).toEqual(GOVUK_EW_2018_2025);
  });

  it('has the 2012 Diamond Jubilee days in every region and not the usual late-May Monday', () => {
    for (const region of ['england-and-wales', 'scotland', 'northern-ireland'] as const) {
      const dates = snapshot[region].events.map((e) => e.date);
      expect(dates).toEqual(expect.arrayContaining(['2012-06-04', '2012-06-05']));
      expect(dates).not.toContain('2012-05-28');
    }
  });

  it('lists only weekdays, as GOV.UK does (substitute days instead of weekend dates)', () => {
    for (const region of ['england-and-wales', 'scotland', 'northern-ireland'] as const) {
      for (const e of snapshot[region].events) expect([0, 6]).not.toContain(new Date(e.date).getUTCDay());
    }
  });
});

describe('loading and importing calendars', () => {
  it('uses date-holidays outside the snapshot, and says so per year', () => {
    const cal = loadCalendar({
      region: 'england-and-wales',
      fromYear: 2008,
      toYear: 2030,
      dataDir: tmpDir(),
    });
    expect(cal.years.find((y) => y.year === 2009)?.source).toBe('date-holidays');
    expect(cal.years.find((y) => y.year === 2020)?.source).toBe('snapshot');
    expect(cal.years.find((y) => y.year === 2030)?.source).toBe('date-holidays');
    expect(checkDay(cal, isoDate('2030-12-25')).working).toBe(false);
    expect(checkDay(cal, isoDate('2011-04-29'))).toMatchObject({
      working: false,
      title: 'Royal wedding bank holiday',
    });
    expect(checkDay(cal, isoDate('2009-12-28')).working).toBe(false); // Boxing Day substitute, from date-holidays
  });

  it('an imported GOV.UK file wins for the years it covers: a newly announced holiday takes effect', () => {
    const dataDir = tmpDir();
    const file = path.join(dataDir, 'new.json');
    const newer = JSON.parse(JSON.stringify(snapshot)) as typeof snapshot;
    newer['england-and-wales'].events.push({
      title: 'Extra bank holiday',
      date: '2027-06-07',
      notes: '',
      bunting: true,
    });
    fs.writeFileSync(file, JSON.stringify(newer));
    const before = loadCalendar({ region: 'england-and-wales', fromYear: 2027, toYear: 2027, dataDir });
    expect(checkDay(before, isoDate('2027-06-07')).working).toBe(true);
    expect(importGovukFile(dataDir, file).ok).toBe(true);
    const after = loadCalendar({ region: 'england-and-wales', fromYear: 2027, toYear: 2027, dataDir });
    expect(checkDay(after, isoDate('2027-06-07'))).toMatchObject({
      working: false,
      title: 'Extra bank holiday',
    });
    expect(after.years).toEqual([{ year: 2027, source: 'imported' }]);
  });

  it('a bad file is refused with the field named, and the previous import is kept', () => {
    const dataDir = tmpDir();
    const good = path.join(dataDir, 'good.json');
    fs.writeFileSync(good, JSON.stringify(snapshot));
    expect(importGovukFile(dataDir, good).ok).toBe(true);
    const bad = path.join(dataDir, 'bad.json');
    const broken = JSON.parse(JSON.stringify(snapshot)) as { scotland: { events: { date: string }[] } };
    broken.scotland.events[3]!.date = '2023-02-30';
    fs.writeFileSync(bad, JSON.stringify(broken));
    const r = importGovukFile(dataDir, bad);
    expect(r).toEqual({
      ok: false,
      errors: ['scotland.events.3.date: date must be a real date written YYYY-MM-DD'],
    });
    expect(readImported(dataDir)?.lists.scotland.days[3]?.date).toBe(snapshot.scotland.events[3]!.date);
    fs.writeFileSync(bad, '{ not json');
    expect(importGovukFile(dataDir, bad).ok).toBe(false);
    expect(fs.readdirSync(path.join(dataDir, 'calendar'))).toEqual(['bank-holidays.json']);
  });

  it('an old copy, ending before the calendar in use, is refused: it would forget announced days', () => {
    const dataDir = tmpDir();
    const old = path.join(dataDir, 'old.json');
    const copy = JSON.parse(JSON.stringify(snapshot)) as typeof snapshot;
    const lastYear = Math.max(...copy.scotland.events.map((e) => Number(e.date.slice(0, 4))));
    copy.scotland.events = copy.scotland.events.filter((e) => Number(e.date.slice(0, 4)) < lastYear);
    fs.writeFileSync(old, JSON.stringify(copy));
    expect(importGovukFile(dataDir, old)).toEqual({
      ok: false,
      errors: [
        `scotland: the file ends in ${lastYear - 1} but the calendar in use runs to ${lastYear}; download a current copy`,
      ],
    });
    expect(readImported(dataDir)).toBeNull();
  });
});
