// Which years of bank holidays a case needs. A case can be opened today for events years old (an imported
// history), and working days counted across a year the calendar does not hold would miss its bank holidays.
import { yearOf, type LocalDate } from '../dates';

/** Years a case keeps either side of today: enough for any deadline it can have. */
export const CALENDAR_YEARS_BEFORE = 1;
export const CALENDAR_YEARS_AHEAD = 4;

/** The first year the calendar must hold: the year before today or before the earliest event, if earlier. */
export function firstCalendarYear(occurred: readonly LocalDate[], today: LocalDate): number {
  const earliest = occurred.reduce<LocalDate>((a, d) => (d < a ? d : a), today);
  return yearOf(earliest) - CALENDAR_YEARS_BEFORE;
}
