// Working-day arithmetic over a holiday calendar that is passed in. Pure: the workflow keeps the calendar it
// was given in its state, so replaying a case years later computes the same dates.
import {
  type LocalDate,
  addDays,
  dayOfWeek,
  WEEKDAYS,
  isWeekend,
  addMonthsClamped,
  toEpochDay,
  fromEpochDay,
} from './dates';
import { addInSpan, betweenInSpan, spanFor, type WorkingDaySpan } from './workingDaySpan';

export const REGIONS = ['england-and-wales', 'scotland', 'northern-ireland'] as const;
export type Region = (typeof REGIONS)[number];

export interface NonWorkingDay {
  date: LocalDate;
  /** What the day is, e.g. 'Early May bank holiday' or 'Council closure'. */
  title: string;
  kind: 'bank-holiday' | 'closure';
}

/** The days a council does not work, besides weekends. Serializable, so it can live in workflow state. */
export interface HolidayCalendar {
  region: Region;
  days: NonWorkingDay[];
  /** Where the bank holidays came from, for explanations and audit (e.g. 'gov.uk snapshot 2026-11-27'). */
  source: string;
}

/** Lookup built once per calendar; callers that do many operations should keep it. */
export interface CalendarIndex {
  calendar: HolidayCalendar;
  byDate: ReadonlyMap<string, NonWorkingDay>;
  /** The same days as whole days since the epoch, for the counting loops. */
  epochDays: ReadonlySet<number>;
  /** Cumulative working days over the calendar's years (see workingDaySpan.ts); built on first use. */
  span?: WorkingDaySpan | null;
}

const indexCache = new WeakMap<HolidayCalendar, CalendarIndex>();

export function indexCalendar(calendar: HolidayCalendar): CalendarIndex {
  let idx = indexCache.get(calendar);
  if (!idx) {
    const byDate = new Map<string, NonWorkingDay>();
    // A bank holiday wins over a closure on the same day: it is the better explanation.
    for (const d of calendar.days) {
      const prev = byDate.get(d.date);
      if (!prev || (prev.kind === 'closure' && d.kind === 'bank-holiday')) byDate.set(d.date, d);
    }
    idx = { calendar, byDate, epochDays: new Set([...byDate.keys()].map((d) => toEpochDay(d as LocalDate))) };
    indexCache.set(calendar, idx);
  }
  return idx;
}

function spanOf(cal: HolidayCalendar): WorkingDaySpan | undefined {
  const idx = indexCalendar(cal);
  if (idx.span === undefined) idx.span = spanFor(idx.epochDays) ?? null;
  return idx.span ?? undefined;
}

export type DayCheck =
  | { date: LocalDate; working: true; weekday: string }
  | {
      date: LocalDate;
      working: false;
      weekday: string;
      reason: 'weekend' | 'bank-holiday' | 'closure';
      title: string;
    };

export function checkDay(cal: HolidayCalendar, date: LocalDate): DayCheck {
  const weekday = WEEKDAYS[dayOfWeek(date)] ?? '';
  if (isWeekend(date)) return { date, working: false, weekday, reason: 'weekend', title: weekday };
  const hit = indexCalendar(cal).byDate.get(date);
  if (hit) return { date, working: false, weekday, reason: hit.kind, title: hit.title };
  return { date, working: true, weekday };
}

export function isWorkingDay(cal: HolidayCalendar, date: LocalDate): boolean {
  return !isWeekend(date) && !indexCalendar(cal).byDate.has(date);
}

/**
 * How 'within N working days of X' is counted. 'next-day' (the default in the brief): the first working day
 * after X is day 1. 'same-day': X itself is day 1 when it is a working day.
 */
export type Counting = 'next-day' | 'same-day';

export interface WorkingDayResult {
  date: LocalDate;
  /** Non-working days passed over on the way, in the order met (worked out only when read: `--explain`). */
  readonly skipped: DayCheck[];
}

/** The non-working days strictly between two dates, in the order met going from `from` towards `to`. */
function skippedBetween(cal: HolidayCalendar, from: LocalDate, to: LocalDate): DayCheck[] {
  const out: DayCheck[] = [];
  const step = to > from ? 1 : -1;
  for (let e = toEpochDay(from) + step, end = toEpochDay(to); e !== end; e += step) {
    const d = checkDay(cal, fromEpochDay(e));
    if (!d.working) out.push(d);
  }
  return out;
}

function result(cal: HolidayCalendar, from: LocalDate, date: LocalDate): WorkingDayResult {
  let skipped: DayCheck[] | undefined;
  return {
    date,
    get skipped() {
      skipped ??= from === date ? [] : skippedBetween(cal, from, date);
      return skipped;
    },
  };
}

/**
 * The date N working days after `from` (before it when N is negative). N = 0 gives `from` itself.
 * Counting back from a non-working day, the working day just before it is day 1.
 * The result is always a working day when N is not 0.
 */
export function addWorkingDays(
  cal: HolidayCalendar,
  from: LocalDate,
  n: number,
  counting: Counting = 'next-day',
): WorkingDayResult {
  if (!Number.isInteger(n)) throw new RangeError(`working days must be a whole number, got ${n}`);
  if (n === 0) return result(cal, from, from);
  const span = spanOf(cal);
  const fast = span && addInSpan(span, toEpochDay(from), n, counting === 'same-day');
  return result(cal, from, fast !== undefined ? fromEpochDay(fast) : walk(cal, from, n, counting));
}

/** The day-by-day count, outside the span the index covers (and the reference the index is tested against). */
export function walk(cal: HolidayCalendar, from: LocalDate, n: number, counting: Counting): LocalDate {
  const step = n > 0 ? 1 : -1;
  let remaining = Math.abs(n);
  if (counting === 'same-day' && isWorkingDay(cal, from)) remaining -= 1;
  if (remaining === 0) return from;
  const holidays = indexCalendar(cal).epochDays;
  let e = toEpochDay(from);
  while (remaining > 0) {
    e += step;
    const dow = (((e + 4) % 7) + 7) % 7;
    if (dow !== 0 && dow !== 6 && !holidays.has(e)) remaining -= 1;
  }
  return fromEpochDay(e);
}

/**
 * Working days from `from` to `to`: the working days after `from` up to and including `to` (negative when
 * `to` is earlier). So addWorkingDays(from, workingDaysBetween(from, to)) === to whenever `to` is a working
 * day, and a deadline met on its due date is 0 days late.
 */
export function workingDaysBetween(cal: HolidayCalendar, from: LocalDate, to: LocalDate): number {
  if (from === to) return 0;
  const span = spanOf(cal);
  const fast = span && betweenInSpan(span, toEpochDay(from), toEpochDay(to));
  if (fast !== undefined) return fast;
  const forward = to > from;
  const [lo, hi] = forward ? [from, to] : [to, from];
  const holidays = indexCalendar(cal).epochDays;
  const last = toEpochDay(hi);
  let count = 0;
  for (let e = toEpochDay(lo) + 1; e <= last; e++) {
    const dow = (((e + 4) % 7) + 7) % 7;
    if (dow !== 0 && dow !== 6 && !holidays.has(e)) count += 1;
  }
  return forward ? count : -count;
}

/** The working day on or before a date (a due date that lands on a holiday moves earlier, never later). */
export function workingDayOnOrBefore(cal: HolidayCalendar, date: LocalDate): LocalDate {
  let d = date;
  while (!isWorkingDay(cal, d)) d = addDays(d, -1);
  return d;
}

export function workingDayOnOrAfter(cal: HolidayCalendar, date: LocalDate): LocalDate {
  let d = date;
  while (!isWorkingDay(cal, d)) d = addDays(d, 1);
  return d;
}

/** 'Within N months': the same day N months on, clamped to the month's end, moved back to a working day. */
export function addMonthsRollBack(cal: HolidayCalendar, from: LocalDate, n: number): LocalDate {
  return workingDayOnOrBefore(cal, addMonthsClamped(from, n));
}

// What "today" means in working days. A weekend or bank holiday is not a working day, so no working day passes
// on it: it counts as the close of the last working day before it. Lateness does not grow over a weekend (a
// deadline due Monday 23 Nov is 4 working days late on Friday 27 Nov and still 4 on Saturday 28 and Sunday 29;
// 5 on Monday 30), and "due within N working days" counts from that working day (on a Saturday, within 1
// working day reaches Monday, as it does on Friday). Every place that shows lateness or a horizon uses these.

/** The working day a date counts as: itself when it is one, else the last working day before it. */
export function workingDayOf(cal: HolidayCalendar, date: LocalDate): LocalDate {
  return workingDayOnOrBefore(cal, date);
}

/** Working days a deadline due on `due` is late on `today`: the working days after it up to today, 0 if none. */
export function workingDaysLate(cal: HolidayCalendar, due: LocalDate, today: LocalDate): number {
  return Math.max(0, workingDaysBetween(cal, due, today));
}

/** The last due date that is "due within N working days" of `today` (N = 0: due by today's working day). */
export function dueWithinUntil(cal: HolidayCalendar, today: LocalDate, n: number): LocalDate {
  return addWorkingDays(cal, workingDayOf(cal, today), n).date;
}
