// Parsers for command-line values. Each throws a CliError naming the option, so commander never sees a
// half-valid value and nothing runs on bad input.
import { parseDate, type LocalDate } from '../../domain/dates';
import { REGIONS, type Region } from '../../domain/workingDays';
import { badInput } from './errors';
import { checkCaseRef } from '../events';

export function dateArg(what: string) {
  return (value: string): LocalDate => {
    const r = parseDate(value);
    if (!r.ok) throw badInput(`${what}: ${r.error}`);
    return r.date;
  };
}

/** A whole number between `min` and `max` (the limits the README gives), refused naming the option otherwise. */
export function intArg(what: string, min: number, max: number) {
  return (value: string): number => {
    if (!/^[-+]?\d+$/.test(value.trim())) throw badInput(`${what}: '${value}' is not a whole number`);
    const n = Number(value);
    if (!(n >= min && n <= max)) throw badInput(`${what}: ${value} is out of range; use ${min} to ${max}`);
    return n;
  };
}

export function regionArg(value: string): Region {
  if (!(REGIONS as readonly string[]).includes(value)) {
    throw badInput(`--region: '${value}' is not a region; use one of ${REGIONS.join(', ')}`);
  }
  return value as Region;
}

export function caseRefArg(value: string): string {
  const problem = checkCaseRef(value);
  if (problem) throw badInput(`CASE-REF: ${problem}`);
  return value;
}
