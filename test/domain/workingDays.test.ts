import fc from 'fast-check';
import { addDays, fromEpochDay, isoDate, toEpochDay, type LocalDate } from '../../src/domain/dates';
import {
  addMonthsRollBack,
  addWorkingDays,
  checkDay,
  dueWithinUntil,
  isWorkingDay,
  workingDayOf,
  workingDaysBetween,
  workingDaysLate,
  type HolidayCalendar,
} from '../../src/domain/workingDays';
import { shippedCalendar } from '../support/calendars';

const ew = shippedCalendar('england-and-wales');
const scot = shippedCalendar('scotland');
const ni = shippedCalendar('northern-ireland');
const d = isoDate;
const add = (cal: HolidayCalendar, from: string, n: number, counting: 'next-day' | 'same-day' = 'next-day') =>
  addWorkingDays(cal, d(from), n, counting).date;

const cals = fc.constantFrom(ew, scot, ni);
const anyDate = fc
  .integer({ min: toEpochDay(d('2011-01-01')), max: toEpochDay(d('2030-12-31')) })
  .map(fromEpochDay);

describe('known dates', () => {
  it('15 working days from 24 April 2023 skips the early May bank holiday and the Coronation', () => {
    const r = addWorkingDays(ew, d('2023-04-24'), 15);
    expect(r.date).toBe('2023-05-17');
    expect(r.skipped.filter((s) => !s.working && s.reason === 'bank-holiday').map((s) => s.date)).toEqual([
      '2023-05-01',
      '2023-05-08',
    ]);
  });

  it('a Friday before a bank holiday Monday moves to Tuesday', () => {
    expect(add(ew, '2023-08-25', 1)).toBe('2023-08-29');
    expect(add(ew, '2024-05-24', 1)).toBe('2024-05-28');
  });

  it('runs through Christmas and New Year', () => {
    // Fri 22 Dec 2023: 25, 26 Dec and 1 Jan are bank holidays.
    expect(add(ew, '2023-12-22', 1)).toBe('2023-12-27');
    expect(add(ew, '2023-12-22', 5)).toBe('2024-01-03');
    // 2020: Boxing Day on a Saturday, substitute Monday 28th.
    expect(add(ew, '2020-12-24', 1)).toBe('2020-12-29');
    // 2021: both Christmas days substituted on 27th and 28th.
    expect(add(ew, '2021-12-24', 1)).toBe('2021-12-29');
  });

  it('knows the one-off and moved days', () => {
    for (const date of [
      '2012-06-04',
      '2012-06-05',
      '2020-05-08',
      '2022-06-02',
      '2022-06-03',
      '2022-09-19',
      '2023-05-08',
    ]) {
      expect(checkDay(ew, d(date))).toMatchObject({ working: false, reason: 'bank-holiday' });
    }
    // The usual days those moved from are working days in those years.
    expect(isWorkingDay(ew, d('2012-05-28'))).toBe(true);
    expect(isWorkingDay(ew, d('2020-05-04'))).toBe(true);
    expect(isWorkingDay(ew, d('2022-05-30'))).toBe(true);
  });

  it('works across the DST change week exactly as any other week', () => {
    expect(add(ew, '2024-03-27', 3)).toBe('2024-04-03'); // Good Friday 29 Mar, Easter Monday 1 Apr
    expect(add(ew, '2024-10-24', 2)).toBe('2024-10-28');
  });

  it('Scotland and Northern Ireland differ from England where they should', () => {
    // Easter Monday is not a Scottish bank holiday.
    expect(isWorkingDay(ew, d('2024-04-01'))).toBe(false);
    expect(isWorkingDay(scot, d('2024-04-01'))).toBe(true);
    // 2 January and St Andrew's Day are Scottish only.
    expect(isWorkingDay(scot, d('2024-01-02'))).toBe(false);
    expect(isWorkingDay(ew, d('2024-01-02'))).toBe(true);
    expect(checkDay(scot, d('2023-11-30'))).toMatchObject({
      working: false,
      title: expect.stringMatching(/Andrew/),
    });
    // Scotland's summer bank holiday is the first Monday of August, not the last.
    expect(isWorkingDay(scot, d('2024-08-05'))).toBe(false);
    expect(isWorkingDay(scot, d('2024-08-26'))).toBe(true);
    // St Patrick's Day and the Battle of the Boyne are Northern Irish only.
    expect(isWorkingDay(ni, d('2025-03-17'))).toBe(false);
    expect(isWorkingDay(ni, d('2025-07-14'))).toBe(false); // 12 July 2025 is a Saturday
    expect(isWorkingDay(ew, d('2025-07-14'))).toBe(true);
    expect(add(ew, '2023-04-24', 15)).not.toBe(add(scot, '2023-11-24', 15));
    expect(add(scot, '2023-11-27', 3)).toBe('2023-12-01');
    expect(add(ew, '2023-11-27', 3)).toBe('2023-11-30');
  });

  it('explains why a day is not a working day', () => {
    expect(checkDay(ew, d('2023-05-08'))).toEqual({
      date: '2023-05-08',
      working: false,
      weekday: 'Monday',
      reason: 'bank-holiday',
      title: 'Bank holiday for the coronation of King Charles III',
    });
    expect(checkDay(ew, d('2023-05-06'))).toMatchObject({ working: false, reason: 'weekend' });
    expect(checkDay(ew, d('2023-05-09'))).toEqual({ date: '2023-05-09', working: true, weekday: 'Tuesday' });
  });

  it('adds council closure days', () => {
    const withClosure: HolidayCalendar = {
      ...ew,
      days: [...ew.days, { date: d('2023-12-27'), title: 'Council closure', kind: 'closure' }],
    };
    expect(checkDay(withClosure, d('2023-12-27'))).toMatchObject({ working: false, reason: 'closure' });
    expect(add(withClosure, '2023-12-22', 1)).toBe('2023-12-28');
  });
});

describe('counting conventions', () => {
  it("'next-day' counts the day after as day 1; 'same-day' counts the start as day 1", () => {
    expect(add(ew, '2024-01-15', 1, 'next-day')).toBe('2024-01-16');
    expect(add(ew, '2024-01-15', 1, 'same-day')).toBe('2024-01-15');
    expect(add(ew, '2024-01-15', 5, 'same-day')).toBe('2024-01-19');
    // Starting on a Saturday, day 1 is the Monday under either convention.
    expect(add(ew, '2024-01-13', 1, 'same-day')).toBe('2024-01-15');
    expect(add(ew, '2024-01-13', 1, 'next-day')).toBe('2024-01-15');
  });

  it('counts backwards for deadlines before a date', () => {
    expect(add(ew, '2024-01-15', -1)).toBe('2024-01-12');
    expect(add(ew, '2024-01-02', -1)).toBe('2023-12-29');
  });
});

describe('months', () => {
  it('3 months on, clamped, then back to a working day', () => {
    expect(addMonthsRollBack(ew, d('2023-01-17'), 3)).toBe('2023-04-17');
    // 31 Aug + 6 months = 29 Feb 2024 (a Thursday).
    expect(addMonthsRollBack(ew, d('2023-08-31'), 6)).toBe('2024-02-29');
    // 7 Jan 2023 + 3 months = Fri 7 Apr 2023, Good Friday: back to Thursday 6th.
    expect(addMonthsRollBack(ew, d('2023-01-07'), 3)).toBe('2023-04-06');
    // Lands on a Sunday: back to the Friday.
    expect(addMonthsRollBack(ew, d('2023-10-14'), 3)).toBe('2024-01-12');
  });
});

describe('properties', () => {
  it('a result never lands on a non-working day', () => {
    fc.assert(
      fc.property(
        cals,
        anyDate,
        fc.integer({ min: -300, max: 300 }).filter((n) => n !== 0),
        (cal, from, n) => isWorkingDay(cal, addWorkingDays(cal, from, n).date),
      ),
    );
  });

  // Counting back from a non-working day, the working day just before it is day 1 (1 working day before a
  // Saturday is the Friday), while the Friday-to-Saturday span holds no working day. Deadlines are counted back
  // from conference dates, which are working days, so the identity is asserted from working days when n < 0.
  it('add then count back is the identity', () => {
    fc.assert(
      fc.property(cals, anyDate, fc.integer({ min: -300, max: 300 }), (cal, from, n) => {
        fc.pre(n >= 0 || isWorkingDay(cal, from));
        const to = addWorkingDays(cal, from, n).date;
        return workingDaysBetween(cal, from, to) === n;
      }),
    );
  });

  it('counting to any working day and adding that many comes back to it', () => {
    fc.assert(
      fc.property(cals, anyDate, anyDate, (cal, a, b) => {
        fc.pre(isWorkingDay(cal, b) && (b >= a || isWorkingDay(cal, a)));
        return addWorkingDays(cal, a, workingDaysBetween(cal, a, b)).date === b;
      }),
    );
  });

  it('between is antisymmetric and adds up over a midpoint', () => {
    fc.assert(
      fc.property(cals, anyDate, anyDate, anyDate, (cal, a, b, c) => {
        const ab = workingDaysBetween(cal, a, b);
        return (
          ab === -workingDaysBetween(cal, b, a) &&
          ab + workingDaysBetween(cal, b, c) === workingDaysBetween(cal, a, c)
        );
      }),
    );
  });

  it('every skipped day is a non-working day strictly between start and result', () => {
    fc.assert(
      fc.property(cals, anyDate, fc.integer({ min: 1, max: 60 }), (cal, from, n) => {
        const r = addWorkingDays(cal, from, n);
        return r.skipped.every(
          (s: { working: boolean; date: LocalDate }) => !s.working && s.date > from && s.date < r.date,
        );
      }),
    );
  });

  it("'same-day' from a working day is one working day shorter than 'next-day'", () => {
    fc.assert(
      fc.property(cals, anyDate, fc.integer({ min: 2, max: 100 }), (cal, from, n) => {
        fc.pre(isWorkingDay(cal, from));
        return (
          addWorkingDays(cal, from, n, 'same-day').date === addWorkingDays(cal, from, n - 1, 'next-day').date
        );
      }),
    );
  });

  it('no gaps: the working days between a date and the next day are 0 or 1', () => {
    fc.assert(
      fc.property(cals, anyDate, (cal, a) => [0, 1].includes(workingDaysBetween(cal, a, addDays(a, 1)))),
    );
  });
});

describe('today on a day that is not a working day', () => {
  // Sat 28 and Sun 29 Nov 2026; Christmas Day (Fri 25 Dec) and Boxing Day's substitute (Mon 28 Dec); the day
  // before Christmas (Thu 24 Dec), a working day.
  it('counts as the last working day before it', () => {
    expect(workingDayOf(ew, d('2026-11-28'))).toBe('2026-11-27');
    expect(workingDayOf(ew, d('2026-11-29'))).toBe('2026-11-27');
    expect(workingDayOf(ew, d('2026-12-25'))).toBe('2026-12-24');
    expect(workingDayOf(ew, d('2026-12-28'))).toBe('2026-12-24');
    expect(workingDayOf(ew, d('2026-12-24'))).toBe('2026-12-24');
  });

  it('lateness does not grow over a weekend or a bank holiday', () => {
    const due = d('2026-11-23'); // Monday
    expect(workingDaysLate(ew, due, d('2026-11-27'))).toBe(4);
    expect(workingDaysLate(ew, due, d('2026-11-28'))).toBe(4);
    expect(workingDaysLate(ew, due, d('2026-11-29'))).toBe(4);
    expect(workingDaysLate(ew, due, d('2026-11-30'))).toBe(5);
    expect(workingDaysLate(ew, d('2026-12-23'), d('2026-12-24'))).toBe(1);
    expect(workingDaysLate(ew, d('2026-12-23'), d('2026-12-25'))).toBe(1);
    expect(workingDaysLate(ew, d('2026-12-23'), d('2026-12-29'))).toBe(2);
    expect(workingDaysLate(ew, due, due)).toBe(0);
    expect(workingDaysLate(ew, due, d('2026-11-20'))).toBe(0);
  });

  it('"due within N working days" reaches as far as it does from the working day before', () => {
    expect(dueWithinUntil(ew, d('2026-11-28'), 1)).toBe('2026-11-30');
    expect(dueWithinUntil(ew, d('2026-11-29'), 2)).toBe('2026-12-01');
    expect(dueWithinUntil(ew, d('2026-11-28'), 0)).toBe('2026-11-27');
    expect(dueWithinUntil(ew, d('2026-12-24'), 1)).toBe('2026-12-29');
    expect(dueWithinUntil(ew, d('2026-12-25'), 1)).toBe('2026-12-29');
    expect(dueWithinUntil(ew, d('2026-12-28'), 5)).toBe('2027-01-05');
  });

  it('every day of 2010-2030 reads the same as the working day it counts as, in every region', () => {
    fc.assert(
      fc.property(cals, anyDate, anyDate, fc.integer({ min: 0, max: 40 }), (cal, today, due, n) => {
        const w = workingDayOf(cal, today);
        return (
          isWorkingDay(cal, w) &&
          w <= today &&
          workingDaysLate(cal, due, today) === workingDaysLate(cal, due, w) &&
          dueWithinUntil(cal, today, n) === addWorkingDays(cal, w, n).date
        );
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the index agrees with a plain day-by-day walk', () => {
  // Every start day of 2010-2028, every region, n from -30 to 300: the reference walks once per start day and
  // checks each count it reaches. Counting between is checked at every tenth n and both ends (the same index,
  // read the other way), so this stays a few seconds a region.
  test.each([
    ['england-and-wales', ew],
    ['scotland', scot],
    ['northern-ireland', ni],
  ])('%s', (_region, cal) => {
    let checked = 0;
    const mismatches: string[] = [];
    // The reference's own reading of the calendar: weekends and the listed days, by epoch day.
    const off = new Set(cal.days.map((x) => toEpochDay(x.date)));
    const works = (e: number) => ![0, 6].includes((((e + 4) % 7) + 7) % 7) && !off.has(e);
    for (let e = toEpochDay(d('2010-01-01')); e <= toEpochDay(d('2028-12-31')); e++) {
      const from = fromEpochDay(e);
      for (const [dir, max] of [
        [1, 300],
        [-1, 30],
      ] as const) {
        let day = e;
        for (let k = 1; k <= max; k++) {
          do day += dir;
          while (!works(day));
          const n = dir * k;
          const want = fromEpochDay(day);
          checked += 1;
          if (addWorkingDays(cal, from, n).date !== want) mismatches.push(`${from} ${n}`);
          if (k % 10 === 0 || k === 1 || k === max) {
            // Counted back, the working days after `day` up to and including `from`: those between, and `from`.
            const counted = dir === 1 ? n : -(k - 1 + (works(e) ? 1 : 0));
            const between = workingDaysBetween(cal, from, want);
            if (between !== counted) mismatches.push(`${from} between ${n}: ${between}`);
          }
          if (dir === 1 && k <= 30 && works(e)) {
            // 'same-day': the start is day 1, so n + 1 lands where n does counting from the next day.
            const same = addWorkingDays(cal, from, k + 1, 'same-day').date;
            if (same !== want) mismatches.push(`${from} same-day ${k + 1}: ${same}`);
          }
        }
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(checked).toBe(6940 * 330);
  });
});
