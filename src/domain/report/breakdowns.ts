// The annual report's breakdowns beyond the tables: children on a plan month by month, conferences split by team
// and by chair, and the targets a council set itself. Pure, and counted from the same rebuilt cases.
import { addDays, compareDates, isoDate, type LocalDate } from '../dates';
import type { ChildState } from '../case/types';
import { byCodeUnits } from '../order';

/** Children subject to a plan at the end of a month (or on the day the figures are as of, for the last one). */
export interface MonthCount {
  /** YYYY-MM */
  month: string;
  on: LocalDate;
  children: number;
}

/** Conferences held in the period by one team or one chair, and how many were held within their timescale. */
export interface Split {
  id: string;
  /** From the directory; absent when the id is not in it. */
  name?: string;
  conferences: number;
  onTime: number;
  percent: number | null;
}

/** Every plan a child has had, the current one with no end. */
export function plansOf(ch: ChildState): { startedOn: LocalDate; endedOn?: LocalDate }[] {
  return [...ch.pastPlans, ...(ch.plan ? [{ ...ch.plan, endedOn: undefined }] : [])];
}

/** On a plan on the day: started on or before it, not ended by it (a plan ended that day no longer counts). */
export function onPlanOn(ch: ChildState, d: LocalDate): boolean {
  return plansOf(ch).some(
    (p) => compareDates(p.startedOn, d) <= 0 && (!p.endedOn || compareDates(p.endedOn, d) > 0),
  );
}

/** The last day of each month the period touches, up to `asOf` (the last month counted on `asOf` itself). */
export function monthEnds(from: LocalDate, asOf: LocalDate): { month: string; on: LocalDate }[] {
  const out: { month: string; on: LocalDate }[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  for (;;) {
    const first = isoDate(`${y}-${String(m).padStart(2, '0')}-01`);
    if (compareDates(first, asOf) > 0) return out;
    const next = m === 12 ? { y: y + 1, m: 1 } : { y, m: m + 1 };
    const last = addDays(isoDate(`${next.y}-${String(next.m).padStart(2, '0')}-01`), -1);
    out.push({ month: first.slice(0, 7), on: compareDates(last, asOf) > 0 ? asOf : last });
    ({ y, m } = next);
  }
}

export function childrenOnPlanByMonth(
  children: ChildState[],
  from: LocalDate,
  asOf: LocalDate,
): MonthCount[] {
  return monthEnds(from, asOf).map(({ month, on }) => ({
    month,
    on,
    children: children.filter((ch) => onPlanOn(ch, on)).length,
  }));
}

const percent = (count: number, of: number) => (of === 0 ? null : Math.round((count / of) * 100));

/** Counts conferences under a key (a team, a chair), each on time or not. */
export class SplitTally {
  private readonly counts = new Map<string, { conferences: number; onTime: number }>();

  add(id: string, onTime: boolean): void {
    const t = this.counts.get(id) ?? { conferences: 0, onTime: 0 };
    t.conferences += 1;
    if (onTime) t.onTime += 1;
    this.counts.set(id, t);
  }

  /** By id in code-unit order, so the same ledger gives the same table on any machine. */
  rows(): Split[] {
    return [...this.counts.entries()]
      .sort(([a], [b]) => byCodeUnits(a, b))
      .map(([id, t]) => ({ id, ...t, percent: percent(t.onTime, t.conferences) }));
  }
}

/** A council's targets, per indicator id, in whole per cent. */
export type Targets = Partial<Record<string, number>>;
