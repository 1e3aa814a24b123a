import type { Command } from 'commander';
import { type LocalDate, formatUkLong, yearOf } from '../../../domain/dates';
import { addWorkingDays, type Counting, type DayCheck, type Region } from '../../../domain/workingDays';
import { dateArg, intArg, regionArg } from '../args';
import { calendarAround, getCouncil } from '../context';
import { badInput } from '../errors';
import { printJson, printLines, plural } from '../io';

export interface CalendarAddData {
  from: LocalDate;
  workingDays: number;
  region: Region;
  counting: Counting;
  date: LocalDate;
  skipped: DayCheck[];
  calendarSource: string;
}

export async function gatherCalendarAdd(
  from: LocalDate,
  n: number,
  region?: Region,
  counting?: Counting,
): Promise<CalendarAddData> {
  const effective = counting ?? getCouncil().policy.counting;
  const cal = await calendarAround(region, [yearOf(from)], Math.ceil(Math.abs(n) / 240) + 1);
  const r = addWorkingDays(cal, from, n, effective);
  return {
    from,
    workingDays: n,
    region: cal.region,
    counting: effective,
    date: r.date,
    skipped: r.skipped,
    calendarSource: cal.source,
  };
}

export function describeSkipped(d: DayCheck): string {
  return d.working ? `${d.date} ${d.weekday}` : `${d.date} ${d.weekday.padEnd(9)} ${d.reason}: ${d.title}`;
}

function print(data: CalendarAddData, explain: boolean): void {
  const lines = [`${data.date} (${formatUkLong(data.date)})`];
  if (explain) {
    const dir = data.workingDays >= 0 ? 'after' : 'before';
    lines.push(
      `${plural(Math.abs(data.workingDays), 'working day')} ${dir} ${data.from} in ${data.region}, counting ` +
        `${data.counting === 'next-day' ? 'the next working day as day 1' : 'the start date as day 1'}.`,
    );
    lines.push(data.skipped.length ? 'Days not counted:' : 'No non-working days in between.');
    for (const s of data.skipped) lines.push(`  ${describeSkipped(s)}`);
    lines.push(`Calendar: ${data.calendarSource}`);
  }
  printLines(lines);
}

export function register(cmd: Command): void {
  cmd
    .argument('<date>', 'start date, 2023-04-24 or 24/04/2023', dateArg('DATE'))
    .argument('<n>', 'number of working days (negative counts back)', intArg('N', -2600, 2600))
    .option('--region <region>', 'england-and-wales, scotland or northern-ireland', regionArg)
    .option(
      '--counting <convention>',
      "'next-day' (the day after DATE is day 1) or 'same-day' (DATE is day 1)",
    )
    .option('--explain', 'list every day skipped and why')
    .option('--json', 'print the result as JSON')
    .action(
      async (
        from: LocalDate,
        n: number,
        opts: { region?: Region; counting?: string; explain?: boolean; json?: boolean },
      ) => {
        if (opts.counting !== undefined && opts.counting !== 'next-day' && opts.counting !== 'same-day') {
          throw badInput(`--counting: '${opts.counting}' must be next-day or same-day`);
        }
        const data = await gatherCalendarAdd(from, n, opts.region, opts.counting);
        if (opts.json) printJson(data);
        else print(data, Boolean(opts.explain));
      },
    );
}
