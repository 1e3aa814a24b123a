// Local time in Europe/London as a pure rule, not a tz-database lookup: workflow code must give the same
// answer on replay whatever Node or tzdata version the worker runs, and must never see the host's zone.
// UK summer time (BST, UTC+1) runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
// Sunday of October (the Summer Time Order 2002, in force since the 1996 EU harmonisation). Tests compare
// this with Intl's Europe/London for every day from 1996 to 2060.
import { type LocalDate, dayOfWeek, fromEpochDay, toEpochDay } from './dates';

export const LONDON = 'Europe/London';

const MS_PER_MIN = 60_000;
const MS_PER_DAY = 86_400_000;

function lastSundayEpochDay(year: number, month: number): number {
  const lastDay = toEpochDay(fromEpochDay(Math.round(Date.UTC(year, month, 0) / MS_PER_DAY)));
  return lastDay - dayOfWeek(fromEpochDay(lastDay));
}

/** Start and end of summer time in a year, as UTC epoch milliseconds. */
function summerTime(year: number): { start: number; end: number } {
  return {
    start: lastSundayEpochDay(year, 3) * MS_PER_DAY + 60 * MS_PER_MIN,
    end: lastSundayEpochDay(year, 10) * MS_PER_DAY + 60 * MS_PER_MIN,
  };
}

/** Offset of London local time from UTC, in minutes, at a UTC instant. */
export function londonOffsetMinutes(epochMs: number): number {
  const year = new Date(epochMs).getUTCFullYear();
  const { start, end } = summerTime(year);
  return epochMs >= start && epochMs < end ? 60 : 0;
}

export type TimeOfDay = string; // 'HH:MM', 24-hour

const TIME_RE = /^([01]?\d|2[0-3]):([0-5]\d)$/;

export function parseTimeOfDay(text: string): { hours: number; minutes: number } | null {
  const m = TIME_RE.exec(text.trim());
  return m ? { hours: Number(m[1]), minutes: Number(m[2]) } : null;
}

/**
 * The instant at which the clocks in London show `time` on `date`. A time that does not exist (the hour
 * skipped in March) is moved forward by an hour, as a wall clock would; a time that happens twice (the hour
 * repeated in October) resolves to the first, so a reminder goes out at the earlier of the two.
 */
export function londonInstant(date: LocalDate, time: TimeOfDay): number {
  const t = parseTimeOfDay(time);
  if (!t) throw new RangeError(`not a time of day (HH:MM): '${time}'`);
  const wallAsUtc = toEpochDay(date) * MS_PER_DAY + (t.hours * 60 + t.minutes) * MS_PER_MIN;
  // Try summer time first: a wall time read as BST is right whenever BST is in force at that instant.
  const asBst = wallAsUtc - 60 * MS_PER_MIN;
  if (londonOffsetMinutes(asBst) === 60) return asBst;
  if (londonOffsetMinutes(wallAsUtc) === 0) return wallAsUtc;
  // Neither reading is consistent: the wall time falls in the skipped hour. Move forward an hour.
  return wallAsUtc;
}

/** The London calendar date of a UTC instant. */
export function londonDate(epochMs: number): LocalDate {
  return fromEpochDay(Math.floor((epochMs + londonOffsetMinutes(epochMs) * MS_PER_MIN) / MS_PER_DAY));
}

/** 'HH:MM' wall-clock time in London at a UTC instant. */
export function londonTimeOfDay(epochMs: number): TimeOfDay {
  const local = epochMs + londonOffsetMinutes(epochMs) * MS_PER_MIN;
  const minutes = Math.floor((((local % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / MS_PER_MIN);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
