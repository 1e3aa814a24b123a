// What commands need from the environment, loaded lazily so a command that needs no server or policy never
// fails on their configuration.
import { loadConfig, type Config } from '../../config/env';
import { loadPolicyFile, type CouncilConfig } from '../../policy/file';
import { loadCalendar, type ImportedCalendar } from '../../calendar/load';
import { calendarImportsFor } from '../../calendar/imports';
import type { HolidayCalendar, Region } from '../../domain/workingDays';
import type { Directory } from '../../domain/directory';
import { DirectoryFileError, loadDirectoryFile } from '../../directory/file';

let config: Config | undefined;
let council: CouncilConfig | undefined;

export function getConfig(): Config {
  config ??= loadConfig();
  return config;
}

export function getCouncil(policyFile?: string): CouncilConfig {
  if (policyFile !== undefined) return loadPolicyFile(policyFile);
  council ??= loadPolicyFile(getConfig().policyFile);
  return council;
}

/** The bank holidays an administrator imported, from wherever the deployment keeps them (read once). */
let imported: Promise<ImportedCalendar | null> | undefined;
export function importedCalendar(): Promise<ImportedCalendar | null> {
  imported ??= (async () => {
    const store = calendarImportsFor(getConfig());
    try {
      return await store.latest();
    } finally {
      await store.close();
    }
  })();
  return imported;
}

/** A calendar wide enough for any date within `spanYears` of the years given. */
export async function calendarAround(
  region: Region | undefined,
  years: number[],
  spanYears = 1,
): Promise<HolidayCalendar> {
  const cfg = getConfig();
  return loadCalendar({
    region: region ?? cfg.region,
    fromYear: Math.min(...years) - spanYears,
    toYear: Math.max(...years) + spanYears,
    imported: await importedCalendar(),
    closures: getCouncil().closures,
  });
}

/** Names for a report come from the directory; one that cannot be read leaves the ids, and `notices` says so. */
export function directoryForNames(notices: string[]): Directory | undefined {
  try {
    return loadDirectoryFile(getConfig().directoryFile);
  } catch (e) {
    if (!(e instanceof DirectoryFileError)) throw e;
    notices.push(`shown by id, not name: the directory could not be read (${e.message})`);
    return undefined;
  }
}
