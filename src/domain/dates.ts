// Calendar dates as ISO strings ('2023-04-24'), with arithmetic done on whole days since 1970-01-01.
// Everything here is pure: no clock, no host time zone (Date.UTC is a calendar formula, not a zone lookup).

/** A calendar date with no time and no zone, always 'YYYY-MM-DD'. */
export type LocalDate = string & { readonly __brand: 'LocalDate' };

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const UK_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const MS_PER_DAY = 86_400_000;

export const WEEKDAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Years a date may fall in: anything else is a typing slip, not a date a case could hold. */
export const DATE_YEARS = { min: 1900, max: 2999 } as const;

function fromParts(year: number, month: number, day: number): LocalDate | null {
  const outside = year < DATE_YEARS.min || year > DATE_YEARS.max;
  if (outside || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}` as LocalDate;
}

export type DateParse = { ok: true; date: LocalDate } | { ok: false; error: string };

/**
 * Parses what an administrator types: ISO '2023-04-24' or UK '24/04/2023'. US order and two-digit years
 * are refused rather than guessed, because a misread date gives a family a wrong deadline.
 */
export function parseDate(input: string): DateParse {
  const text = input.trim();
  const year = Number(ISO_RE.exec(text)?.[1] ?? UK_RE.exec(text)?.[3]);
  if (year < DATE_YEARS.min || year > DATE_YEARS.max)
    return { ok: false, error: `'${input}' is outside the years ${DATE_YEARS.min} to ${DATE_YEARS.max}` };
  let m = ISO_RE.exec(text);
  if (m) {
    const d = fromParts(Number(m[1]), Number(m[2]), Number(m[3]));
    return d ? { ok: true, date: d } : { ok: false, error: `'${input}' is not a real date` };
  }
  m = UK_RE.exec(text);
  if (m) {
    const d = fromParts(Number(m[3]), Number(m[2]), Number(m[1]));
    return d
      ? { ok: true, date: d }
      : { ok: false, error: `'${input}' is not a real date (expected day/month/year, e.g. 24/04/2023)` };
  }
  return { ok: false, error: `'${input}' is not a date: use 2023-04-24 or 24/04/2023` };
}

/** Parses an ISO date that code (not a person) produced; throws on anything else. */
export function isoDate(text: string): LocalDate {
  const m = ISO_RE.exec(text);
  const d = m ? fromParts(Number(m[1]), Number(m[2]), Number(m[3])) : null;
  if (!d) throw new RangeError(`not an ISO calendar date: '${text}'`);
  return d;
}

export function isIsoDate(text: string): text is LocalDate {
  const m = ISO_RE.exec(text);
  return m !== null && fromParts(Number(m[1]), Number(m[2]), Number(m[3])) !== null;
}

export function toEpochDay(date: LocalDate): number {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  return Math.round(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

export function fromEpochDay(day: number): LocalDate {
  const dt = new Date(day * MS_PER_DAY);
  return `${pad(dt.getUTCFullYear(), 4)}-${pad(dt.getUTCMonth() + 1)}-${pad(dt.getUTCDate())}` as LocalDate;
}

export function addDays(date: LocalDate, n: number): LocalDate {
  return fromEpochDay(toEpochDay(date) + n);
}

export function daysBetween(from: LocalDate, to: LocalDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: LocalDate): number {
  return (((toEpochDay(date) + 4) % 7) + 7) % 7;
}

export function isWeekend(date: LocalDate): boolean {
  const d = dayOfWeek(date);
  return d === 0 || d === 6;
}

/** The same day of the month N months on (or back), clamped to the end of a shorter month. */
export function addMonthsClamped(date: LocalDate, n: number): LocalDate {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + n;
  const year = y + Math.floor(m / 12);
  const month = (((m % 12) + 12) % 12) + 1;
  const day = Math.min(Number(date.slice(8, 10)), daysInMonth(year, month));
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}` as LocalDate;
}

export function compareDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maxDate(a: LocalDate, b: LocalDate): LocalDate {
  return a >= b ? a : b;
}

export function yearOf(date: LocalDate): number {
  return Number(date.slice(0, 4));
}

/** 'Wednesday 17 May 2023': the form every person-facing message uses. */
export function formatUkLong(date: LocalDate): string {
  const day = Number(date.slice(8, 10));
  const month = MONTHS[Number(date.slice(5, 7)) - 1] ?? '';
  return `${WEEKDAYS[dayOfWeek(date)]} ${day} ${month} ${date.slice(0, 4)}`;
}

/** Whole years between a date of birth and a later date (the age a child had on that date). */
export function ageOn(dateOfBirth: LocalDate, on: LocalDate): number {
  const years = yearOf(on) - yearOf(dateOfBirth);
  return on.slice(5) < dateOfBirth.slice(5) ? years - 1 : years;
}
