// Working days as an index: over a span of years, how many working days there are up to each day, and where
// the k-th working day falls. Adding n working days or counting them between two dates is then two array reads,
// the same cost for 1 day or 500, instead of a walk day by day. A calendar is a fixed set of days, so the index is
// built once per calendar content and shared by every case that holds that calendar (a bounded cache).
import { fromEpochDay, toEpochDay, type LocalDate } from './dates';

export interface WorkingDaySpan {
  /** First and last epoch day the index covers; outside them callers walk. */
  lo: number;
  hi: number;
  /** cum[i]: working days in [lo, lo + i]. */
  cum: Uint16Array;
  /** work[k]: the (k+1)-th working day of the span, as days after `lo`. */
  work: Uint16Array;
}

const isWeekday = (e: number) => {
  const dow = (((e + 4) % 7) + 7) % 7;
  return dow !== 0 && dow !== 6;
};

/** The span from a year before the first listed day to a year after the last (days as epoch days). */
export function buildSpan(holidays: ReadonlySet<number>, fromYear: number, toYear: number): WorkingDaySpan {
  const lo = toEpochDay(`${String(fromYear).padStart(4, '0')}-01-01` as LocalDate);
  const hi = toEpochDay(`${String(toYear).padStart(4, '0')}-12-31` as LocalDate);
  const cum = new Uint16Array(hi - lo + 1);
  const work: number[] = [];
  let count = 0;
  for (let e = lo; e <= hi; e++) {
    if (isWeekday(e) && !holidays.has(e)) {
      count += 1;
      work.push(e - lo);
    }
    cum[e - lo] = count;
  }
  return { lo, hi, cum, work: Uint16Array.from(work) };
}

const cache = new Map<string, WorkingDaySpan>();
const CACHE_SIZE = 32;

/** The span for a set of non-working days, shared by content; undefined when there are no days to span. */
export function spanFor(holidays: ReadonlySet<number>): WorkingDaySpan | undefined {
  if (holidays.size === 0) return undefined;
  const sorted = [...holidays].sort((a, b) => a - b);
  const key = sorted.join(',');
  let span = cache.get(key);
  if (span) {
    cache.delete(key); // most recently used last
  } else {
    const year = (e: number) => Number(fromEpochDay(e).slice(0, 4));
    const from = year(sorted[0]!) - 1;
    const to = year(sorted[sorted.length - 1]!) + 1;
    // Sixteen-bit offsets: a span of more than 170 years (no real calendar) is left to the walk.
    if (to - from > 170) return undefined;
    span = buildSpan(holidays, from, to);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  cache.set(key, span);
  return span;
}

const inSpan = (s: WorkingDaySpan, e: number) => e >= s.lo && e <= s.hi;
const working = (s: WorkingDaySpan, e: number) => {
  const i = e - s.lo;
  return s.cum[i]! - (i > 0 ? s.cum[i - 1]! : 0) === 1;
};

/**
 * The epoch day `n` working days from `from` (n != 0), the first after `from` being day 1 (before it, for n < 0);
 * `sameDay`: `from` itself is day 1 when it is a working day. Undefined when the answer lies outside the span.
 */
export function addInSpan(s: WorkingDaySpan, from: number, n: number, sameDay: boolean): number | undefined {
  if (!inSpan(s, from)) return undefined;
  let remaining = Math.abs(n);
  if (sameDay && working(s, from)) remaining -= 1;
  if (remaining === 0) return from;
  const upTo = s.cum[from - s.lo]!;
  const k = n > 0 ? upTo + remaining - 1 : upTo - (working(s, from) ? 1 : 0) - remaining;
  if (k < 0 || k >= s.work.length) return undefined;
  return s.lo + s.work[k]!;
}

/** Working days after `from` up to and including `to` (negative when `to` is earlier); undefined outside. */
export function betweenInSpan(s: WorkingDaySpan, from: number, to: number): number | undefined {
  if (!inSpan(s, from) || !inSpan(s, to)) return undefined;
  return s.cum[to - s.lo]! - s.cum[from - s.lo]!;
}
