// Builds the holiday calendar a case runs on. Per year, the best source that speaks for it wins: an
// administrator's imported GOV.UK file, then the shipped snapshot, then date-holidays' rules (public and bank
// holidays only, never observances). The council's closure days are added on top.
import fs from 'fs';
import path from 'path';
import Holidays from 'date-holidays';
import snapshotJson from './data/bank-holidays.snapshot.json';
import { parseGovukFile, type BankHolidayList } from './govuk';
import { type LocalDate, isWeekend } from '../domain/dates';
import { REGIONS, type HolidayCalendar, type NonWorkingDay, type Region } from '../domain/workingDays';

const DATE_HOLIDAYS_STATE: Record<Region, string> = {
  'england-and-wales': 'ENG',
  scotland: 'SCT',
  'northern-ireland': 'NIR',
};

export const SNAPSHOT_SOURCE = `gov.uk snapshot ${snapshotJson._generated}`;
export const IMPORTED_FILE = 'bank-holidays.json';

function snapshotLists(): Record<Region, BankHolidayList> {
  const parsed = parseGovukFile(snapshotJson);
  if (!parsed.ok) throw new Error(`the shipped holiday snapshot is invalid: ${parsed.errors.join('; ')}`);
  return parsed.lists;
}

let snapshotCache: Record<Region, BankHolidayList> | undefined;

export function importedPath(dataDir: string): string {
  return path.join(dataDir, 'calendar', IMPORTED_FILE);
}

/** An administrator's imported GOV.UK list, and where it is kept (a file, or the shared database). */
export interface ImportedCalendar {
  lists: Record<Region, BankHolidayList>;
  file: string;
}

/** An import as stored; what was valid when installed and is not now is an error, never ignored. */
export function importedFrom(json: unknown, where: string): ImportedCalendar {
  const parsed = parseGovukFile(json);
  if (!parsed.ok) throw new Error(`${where} is not a valid bank holidays file: ${parsed.errors.join('; ')}`);
  return { lists: parsed.lists, file: where };
}

/** The administrator's imported list, if one was imported; a corrupt file is an error, never ignored. */
export function readImported(dataDir: string): ImportedCalendar | null {
  const file = importedPath(dataDir);
  if (!fs.existsSync(file)) return null;
  return importedFrom(JSON.parse(fs.readFileSync(file, 'utf8')), file);
}

function rulesFor(region: Region, year: number): { date: LocalDate; title: string }[] {
  const hd = new Holidays('GB', DATE_HOLIDAYS_STATE[region]);
  return hd
    .getHolidays(year)
    .filter((h) => h.type === 'public' || h.type === 'bank')
    .map((h) => ({ date: h.date.slice(0, 10) as LocalDate, title: h.name }))
    .filter((h) => !isWeekend(h.date));
}

export interface LoadCalendarOptions {
  region: Region;
  fromYear: number;
  toYear: number;
  /** Where an import is read from when `imported` is not given (the embedded default). */
  dataDir?: string;
  /** The import in use, read by the caller from wherever it is kept (null: none). */
  imported?: ImportedCalendar | null;
  closures?: { date: LocalDate; title: string }[];
}

export interface YearSource {
  year: number;
  source: 'imported' | 'snapshot' | 'date-holidays';
}

export function loadCalendar(opts: LoadCalendarOptions): HolidayCalendar & { years: YearSource[] } {
  snapshotCache ??= snapshotLists();
  const imported =
    opts.imported !== undefined ? opts.imported : opts.dataDir ? readImported(opts.dataDir) : null;
  const days: NonWorkingDay[] = [];
  const years: YearSource[] = [];
  for (let year = opts.fromYear; year <= opts.toYear; year++) {
    const imp = imported?.lists[opts.region];
    const snap = snapshotCache[opts.region];
    let list: { date: LocalDate; title: string }[];
    let source: YearSource['source'];
    if (imp && year >= imp.fromYear && year <= imp.toYear) {
      source = 'imported';
      list = imp.days.filter((d) => d.date.startsWith(`${year}-`));
    } else if (year >= snap.fromYear && year <= snap.toYear) {
      source = 'snapshot';
      list = snap.days.filter((d) => d.date.startsWith(`${year}-`));
    } else {
      source = 'date-holidays';
      list = rulesFor(opts.region, year);
    }
    years.push({ year, source });
    for (const d of list) days.push({ date: d.date, title: d.title, kind: 'bank-holiday' });
  }
  for (const c of opts.closures ?? []) {
    const y = Number(c.date.slice(0, 4));
    if (y >= opts.fromYear && y <= opts.toYear) days.push({ date: c.date, title: c.title, kind: 'closure' });
  }
  days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const sources = [...new Set(years.map((y) => y.source))].join('+');
  return {
    region: opts.region,
    days,
    years,
    source: `${sources} (${imported ? `imported ${path.basename(imported.file)}; ` : ''}${SNAPSHOT_SOURCE})`,
  };
}

/**
 * A file whose years end before those of the calendar in use is an old copy: importing it would put back
 * the snapshot's (or the rules') guess for years GOV.UK has already announced. A damaged earlier import
 * does not block a good new one.
 */
function olderThanInUse(imported: ImportedCalendar | null, lists: Record<Region, BankHolidayList>): string[] {
  snapshotCache ??= snapshotLists();
  return REGIONS.flatMap((r) => {
    const inUse = Math.max(snapshotCache![r].toYear, imported?.lists[r].toYear ?? 0);
    return lists[r].toYear < inUse
      ? [
          `${r}: the file ends in ${lists[r].toYear} but the calendar in use runs to ${inUse}; download a current copy`,
        ]
      : [];
  });
}

export type ImportCheck =
  { ok: true; lists: Record<Region, BankHolidayList> } | { ok: false; errors: string[] };

/** Whether a file may replace the import in use: valid, and not older than what is in use. */
export function checkImport(json: unknown, inUse: ImportedCalendar | null): ImportCheck {
  const parsed = parseGovukFile(json);
  if (!parsed.ok) return parsed;
  const stale = olderThanInUse(inUse, parsed.lists);
  return stale.length ? { ok: false, errors: stale } : parsed;
}

/** A file's JSON, or why it cannot be read. */
export function readGovukJson(
  sourceFile: string,
): { ok: true; json: unknown } | { ok: false; errors: string[] } {
  try {
    return { ok: true, json: JSON.parse(fs.readFileSync(sourceFile, 'utf8')) };
  } catch (e) {
    return { ok: false, errors: [`${sourceFile}: ${(e as Error).message}`] };
  }
}

/** The import in use, for a check; a damaged earlier import does not block a good new one. */
function inUseOrNull(dataDir: string): ImportedCalendar | null {
  try {
    return readImported(dataDir);
  } catch {
    return null;
  }
}

/**
 * Validates a GOV.UK bank-holidays.json and, only if it is valid, installs it atomically (write to a
 * temporary file, then rename), so a bad file never replaces a good one.
 */
export function importGovukFile(
  dataDir: string,
  sourceFile: string,
):
  | { ok: true; lists: Record<Region, BankHolidayList>; installedAt: string }
  | { ok: false; errors: string[] } {
  const read = readGovukJson(sourceFile);
  if (!read.ok) return read;
  const json = read.json;
  const checked = checkImport(json, inUseOrNull(dataDir));
  if (!checked.ok) return checked;
  const parsed = checked;
  const target = importedPath(dataDir);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(json, null, 1));
  fs.renameSync(tmp, target);
  return { ok: true, lists: parsed.lists, installedAt: target };
}
