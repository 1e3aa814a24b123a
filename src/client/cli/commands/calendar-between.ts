import type { Command } from 'commander';
import { type LocalDate, yearOf } from '../../../domain/dates';
import { workingDaysBetween, type Region } from '../../../domain/workingDays';
import { dateArg, regionArg } from '../args';
import { calendarAround } from '../context';
import { printJson, printLines, plural } from '../io';

export interface CalendarBetweenData {
  from: LocalDate;
  to: LocalDate;
  region: Region;
  workingDays: number;
}

export async function gatherCalendarBetween(
  from: LocalDate,
  to: LocalDate,
  region?: Region,
): Promise<CalendarBetweenData> {
  const cal = await calendarAround(region, [yearOf(from), yearOf(to)]);
  return { from, to, region: cal.region, workingDays: workingDaysBetween(cal, from, to) };
}

export function register(cmd: Command): void {
  cmd
    .argument('<a>', 'first date', dateArg('A'))
    .argument('<b>', 'second date', dateArg('B'))
    .option('--region <region>', 'england-and-wales, scotland or northern-ireland', regionArg)
    .option('--json', 'print the result as JSON')
    .action(async (a: LocalDate, b: LocalDate, opts: { region?: Region; json?: boolean }) => {
      const data = await gatherCalendarBetween(a, b, opts.region);
      if (opts.json) printJson(data);
      else
        printLines([
          `${plural(data.workingDays, 'working day')} from ${data.from} to ${data.to} (${data.region})`,
        ]);
    });
}
