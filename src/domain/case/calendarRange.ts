// Which years of bank holidays a case needs. A case can be opened today for events years old (an imported
// history), and working days counted across a year the calendar does not hold would miss its bank holidays.
import { yearOf, type LocalDate } from '../dates';

/** Years a case keeps either side of today: enough for any deadline it can have. */
export const CALENDAR_YEARS_BEFORE = 1;
export const CALENDAR_YEARS_AHEAD = 4;

/**
 * Years after today's a running case's calendar must always hold: its furthest deadline (an alert 24 months
 * after a plan starts, then its ladder; a council's policy may go further) falls within them.
 */
export const CALENDAR_YEARS_NEEDED_AHEAD = 3;

/** A calendar that ends with `toYear` is too short to plan from `today`: the case must load the next years. */
export function calendarEndsTooSoon(toYear: number, today: LocalDate): boolean {
  return toYear < yearOf(today) + CALENDAR_YEARS_NEEDED_AHEAD;
}

/** The first year the calendar must hold: the year before today or before the earliest event, if earlier. */
export function firstCalendarYear(occurred: readonly LocalDate[], today: LocalDate): number {
  const earliest = occurred.reduce<LocalDate>((a, d) => (d < a ? d : a), today);
  return yearOf(earliest) - CALENDAR_YEARS_BEFORE;
}
