import type { Command } from 'commander';
import { type LocalDate, yearOf } from '../../../domain/dates';
import { checkDay, type DayCheck, type Region } from '../../../domain/workingDays';
import { dateArg, regionArg } from '../args';
import { calendarAround } from '../context';
import { printJson, printLines } from '../io';

export type CalendarCheckData = DayCheck & { region: Region };

export async function gatherCalendarCheck(date: LocalDate, region?: Region): Promise<CalendarCheckData> {
  const cal = await calendarAround(region, [yearOf(date)], 0);
  return { ...checkDay(cal, date), region: cal.region };
}

export function register(cmd: Command): void {
  cmd
    .argument('<date>', 'the date to check', dateArg('DATE'))
    .option('--region <region>', 'england-and-wales, scotland or northern-ireland', regionArg)
    .option('--json', 'print the result as JSON')
    .action(async (date: LocalDate, opts: { region?: Region; json?: boolean }) => {
      const d = await gatherCalendarCheck(date, opts.region);
      if (opts.json) return printJson(d);
      printLines([
        d.working
          ? `${d.date} (${d.weekday}) is a working day in ${d.region}`
          : `${d.date} (${d.weekday}) is not a working day in ${d.region}: ${d.reason === 'weekend' ? 'weekend' : `${d.reason}, ${d.title}`}`,
      ]);
    });
}
