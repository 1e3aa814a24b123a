// Where an administrator's imported bank-holiday file is kept: a file in the data folder (the embedded default),
// or, with DATABASE_URL set, the shared database, so that `cpcase calendar import` on any machine reaches every
// worker. Each import is kept (a new row, never an overwrite); the newest is the one in use.
import { sharedPool } from '../ledger/pool';
import { z } from 'zod';
import { migrate } from '../ledger/postgres';
import {
  checkImport,
  importGovukFile,
  importedFrom,
  readImported,
  readGovukJson,
  type ImportedCalendar,
  type ImportCheck,
} from './load';

export type Installed = (ImportCheck & { ok: true }) & { installedAt: string };

export interface CalendarImports {
  /** Where imports are kept, for messages. */
  readonly where: string;
  /** The import in use, or null when none was made. */
  latest(): Promise<ImportedCalendar | null>;
  /** Validates a file and installs it; a bad or stale file changes nothing. */
  install(sourceFile: string, by: string): Promise<Installed | { ok: false; errors: string[] }>;
  close(): Promise<void>;
}

export function fileCalendarImports(dataDir: string): CalendarImports {
  return {
    where: dataDir,
    latest: () => Promise.resolve().then(() => readImported(dataDir)),
    install: (sourceFile) => Promise.resolve().then(() => importGovukFile(dataDir, sourceFile)),
    close: () => Promise.resolve(),
  };
}

const importRow = z.object({ id: z.coerce.number(), govuk_json: z.string() });
const WHERE = 'the shared database (DATABASE_URL)';

export function postgresCalendarImports(url: string): CalendarImports {
  const pool = sharedPool(url, 1);
  let migrated: Promise<void> | undefined;
  const ready = () => (migrated ??= migrate(pool));
  async function latest(): Promise<ImportedCalendar | null> {
    await ready();
    const rows = z
      .array(importRow)
      .parse((await pool.query(`SELECT id, govuk_json FROM calendar_imports ORDER BY id DESC LIMIT 1`)).rows);
    const row = rows[0];
    return row ? importedFrom(JSON.parse(row.govuk_json), `${WHERE}, import ${row.id}`) : null;
  }
  return {
    where: WHERE,
    latest,
    async install(sourceFile, by) {
      const read = readGovukJson(sourceFile);
      if (!read.ok) return read;
      const checked = checkImport(read.json, await latest().catch(() => null));
      if (!checked.ok) return checked;
      const r = await pool.query(
        `INSERT INTO calendar_imports (id, imported_at, imported_by, govuk_json)
         SELECT COALESCE(MAX(id), 0) + 1, $1, $2, $3 FROM calendar_imports RETURNING id`,
        [new Date().toISOString(), by, JSON.stringify(read.json)],
      );
      const id = z.array(z.object({ id: z.coerce.number() })).parse(r.rows)[0]?.id;
      return { ...checked, installedAt: `${WHERE}, import ${id}` };
    },
    close: () => pool.end(),
  };
}

/** The store the configuration names: the shared database when there is one. */
export function calendarImportsFor(config: { dataDir: string; databaseUrl?: string }): CalendarImports {
  return config.databaseUrl
    ? postgresCalendarImports(config.databaseUrl)
    : fileCalendarImports(config.dataDir);
}
