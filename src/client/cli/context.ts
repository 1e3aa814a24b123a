// What commands need from the environment, loaded lazily so a command that needs no server or policy never
// fails on their configuration.
import { loadConfig, type Config } from '../../config/env';
import { loadPolicyFile, type CouncilConfig } from '../../policy/file';
import { loadCalendar } from '../../calendar/load';
import type { HolidayCalendar, Region } from '../../domain/workingDays';

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

/** A calendar wide enough for any date within `spanYears` of the years given. */
export function calendarAround(region: Region | undefined, years: number[], spanYears = 1): HolidayCalendar {
  const cfg = getConfig();
  return loadCalendar({
    region: region ?? cfg.region,
    fromYear: Math.min(...years) - spanYears,
    toYear: Math.max(...years) + spanYears,
    dataDir: cfg.dataDir,
    closures: getCouncil().closures,
  });
}
