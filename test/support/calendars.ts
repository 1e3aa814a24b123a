import { loadCalendar } from '../../src/calendar/load';
import type { HolidayCalendar, Region } from '../../src/domain/workingDays';
import os from 'os';
import path from 'path';

/** A calendar from the shipped snapshot and date-holidays only (an empty data folder: no import). */
export function shippedCalendar(
  region: Region = 'england-and-wales',
  fromYear = 2010,
  toYear = 2032,
): HolidayCalendar {
  return loadCalendar({ region, fromYear, toYear, dataDir: path.join(os.tmpdir(), 'cpcase-no-import') });
}
