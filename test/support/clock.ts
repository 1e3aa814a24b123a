// The CI guard's clocks: the date-sensitive suites run again with the time-skipping server's clock moved to a
// day that is not an ordinary working day (jest projects in jest.config.js name one each). The server starts at
// the wall clock and time only moves forward, so each clock is the next such day after today.
import { addDays, dayOfWeek, type LocalDate } from '../../src/domain/dates';
import { londonDate, londonInstant } from '../../src/domain/londonTime';
import { checkDay, isWorkingDay } from '../../src/domain/workingDays';
import { shippedCalendar } from './calendars';

export const TEST_CLOCKS = ['saturday', 'sunday', 'bank-holiday', 'eve-of-bank-holiday'] as const;
export type TestClock = (typeof TEST_CLOCKS)[number];

const calendar = shippedCalendar('england-and-wales', 2024, 2040);

function nextDay(after: LocalDate, fits: (d: LocalDate) => boolean): LocalDate {
  for (let d = addDays(after, 1); ; d = addDays(d, 1)) if (fits(d)) return d;
}

const isBankHoliday = (d: LocalDate) => {
  const c = checkDay(calendar, d);
  return !c.working && c.reason === 'bank-holiday';
};

/** The instant a clock stands for, after `now`; times of day vary so the send time is met from both sides. */
export function clockInstant(clock: TestClock, now: number): { date: LocalDate; at: number } {
  const today = londonDate(now);
  const pick = (date: LocalDate, time: string) => ({ date, at: londonInstant(date, time) });
  switch (clock) {
    case 'saturday':
      return pick(
        nextDay(today, (d) => dayOfWeek(d) === 6),
        '10:00',
      );
    case 'sunday':
      return pick(
        nextDay(today, (d) => dayOfWeek(d) === 0),
        '23:30',
      );
    case 'bank-holiday':
      return pick(nextDay(today, isBankHoliday), '08:00');
    case 'eve-of-bank-holiday':
      return pick(
        nextDay(today, (d) => isWorkingDay(calendar, d) && isBankHoliday(addDays(d, 1))),
        '16:00',
      );
  }
}

/** The clock a jest project asked for (its `globals`), or `CPCASE_TEST_CLOCK` when run by hand. */
export function requestedClock(): TestClock | undefined {
  const g = globalThis as { CPCASE_TEST_CLOCK?: string };
  const name = g.CPCASE_TEST_CLOCK ?? process.env.CPCASE_TEST_CLOCK;
  if (!name) return undefined;
  if (!(TEST_CLOCKS as readonly string[]).includes(name)) {
    throw new Error(`CPCASE_TEST_CLOCK: '${name}' is not one of ${TEST_CLOCKS.join(', ')}`);
  }
  return name as TestClock;
}
