import fc from 'fast-check';
import {
  addDays,
  addMonthsClamped,
  ageOn,
  dayOfWeek,
  formatUkLong,
  fromEpochDay,
  isoDate,
  parseDate,
  toEpochDay,
} from '../../src/domain/dates';

describe('parseDate', () => {
  it.each([
    ['2023-04-24', '2023-04-24'],
    ['24/04/2023', '2023-04-24'],
    ['1/2/2024', '2024-02-01'],
    [' 2024-02-29 ', '2024-02-29'],
  ])('accepts %s as %s', (input, expected) => {
    expect(parseDate(input)).toEqual({ ok: true, date: expected });
  });

  it.each([
    ['2023-02-29', 'not a real date'],
    ['31/04/2023', 'not a real date'],
    ['04/24/2023', 'not a real date'],
    ['24/04/23', 'is not a date'],
    ['2023-4-24', 'is not a date'],
    ['tomorrow', 'is not a date'],
    ['', 'is not a date'],
  ])('refuses %s (%s)', (input, message) => {
    const r = parseDate(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(message);
  });
});

describe('day arithmetic', () => {
  it('round-trips epoch days for every date from 1990 to 2060', () => {
    for (let e = toEpochDay(isoDate('1990-01-01')); e < toEpochDay(isoDate('2060-12-31')); e++) {
      expect(toEpochDay(fromEpochDay(e))).toBe(e);
    }
  });

  it('knows the weekday', () => {
    expect(dayOfWeek(isoDate('2023-04-24'))).toBe(1);
    expect(dayOfWeek(isoDate('1970-01-01'))).toBe(4);
    expect(dayOfWeek(isoDate('2024-12-25'))).toBe(3);
  });

  it('adds days across month and year ends', () => {
    expect(addDays(isoDate('2023-12-31'), 1)).toBe('2024-01-01');
    expect(addDays(isoDate('2024-03-01'), -1)).toBe('2024-02-29');
  });

  it('adds months clamped to the end of a shorter month', () => {
    expect(addMonthsClamped(isoDate('2023-11-30'), 3)).toBe('2024-02-29');
    expect(addMonthsClamped(isoDate('2023-08-31'), 6)).toBe('2024-02-29');
    expect(addMonthsClamped(isoDate('2023-01-31'), 1)).toBe('2023-02-28');
    expect(addMonthsClamped(isoDate('2023-10-15'), 3)).toBe('2024-01-15');
    expect(addMonthsClamped(isoDate('2024-01-15'), -3)).toBe('2023-10-15');
  });

  it('adding days is consistent with the difference of epoch days', () => {
    fc.assert(
      fc.property(fc.integer({ min: 7000, max: 25000 }), fc.integer({ min: -2000, max: 2000 }), (e, n) => {
        const d = fromEpochDay(e);
        return toEpochDay(addDays(d, n)) === e + n;
      }),
    );
  });

  it('formats dates the UK way with the weekday', () => {
    expect(formatUkLong(isoDate('2023-05-17'))).toBe('Wednesday 17 May 2023');
  });

  it('computes ages on a date, birthdays included', () => {
    expect(ageOn(isoDate('2013-05-17'), isoDate('2023-05-16'))).toBe(9);
    expect(ageOn(isoDate('2013-05-17'), isoDate('2023-05-17'))).toBe(10);
  });
});
