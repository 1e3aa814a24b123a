import type { Command } from 'commander';
import { calendarImportsFor } from '../../../calendar/imports';
import { recorder } from '../recorder';
import { REGIONS } from '../../../domain/workingDays';
import { getConfig } from '../context';
import { badInput, problemsMessage } from '../errors';
import { printJson, printLines } from '../io';

export interface CalendarImportData {
  installedAt: string;
  regions: { region: string; fromYear: number; toYear: number; days: number }[];
}

/** Installed where every worker reads it: the data folder, or the shared database when DATABASE_URL is set. */
export async function gatherCalendarImport(file: string, as?: string): Promise<CalendarImportData> {
  const store = calendarImportsFor(getConfig());
  const result = await store.install(file, recorder(as).recordedBy).finally(() => store.close());
  if (!result.ok) {
    throw badInput(problemsMessage(`${file} was not imported, nothing changed`, result.errors.slice(0, 20)));
  }
  return {
    installedAt: result.installedAt,
    regions: REGIONS.map((r) => ({
      region: r,
      fromYear: result.lists[r].fromYear,
      toYear: result.lists[r].toYear,
      days: result.lists[r].days.length,
    })),
  };
}

export function register(cmd: Command): void {
  cmd
    .argument('<file>', 'a copy of https://www.gov.uk/bank-holidays.json')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts: { json?: boolean }, cmd: Command) => {
      const data = await gatherCalendarImport(file, cmd.optsWithGlobals<{ as?: string }>().as);
      if (opts.json) return printJson(data);
      printLines([
        `Imported into ${data.installedAt}:`,
        ...data.regions.map((r) => `  ${r.region.padEnd(18)} ${r.days} days, ${r.fromYear}–${r.toYear}`),
      ]);
    });
}
