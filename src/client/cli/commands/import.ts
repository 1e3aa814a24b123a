import type { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { readBounded } from '../files';
import type { CaseEvent } from '../../../domain/case/types';
import { asOfNow, checkEventsQuery, statusQuery } from '../../../workflows/messages';
import { recordWithRetry } from '../retry';
import { EVENT_SPECS, buildEvent, checkCaseRef, type BuiltEvent } from '../../events';
import { eventBody, eventIdOf } from '../../../domain/case/apply';
import { parseDate } from '../../../domain/dates';
import { badInput, CliError, EXIT } from '../errors';
import { directoryProblems } from '../../directoryRefs';
import { loadDirectoryFile } from '../../../directory/file';
import { getConfig } from '../context';
import type { Directory } from '../../../domain/directory';
import { printJson, printLines, wrap } from '../io';
import { progress } from '../progress';
import { recorder, translate, withTemporal, type CliTemporal } from '../temporal';
import { agreeWithWorkers } from '../agreement';
import type { RecorderClaim } from '../recorder';
import { askWhenReady } from '../../readiness';

const BASE_COLUMNS = ['case', 'event', 'date', 'event-id', 'target', 'why'];
const FIELD_COLUMNS = [...new Set(EVENT_SPECS.flatMap((s) => s.fields.map((f) => f.name)))];
/** Cases recorded at once; each case's own rows always go in file order. */
const CONCURRENCY = 4;

export interface ImportRow {
  line: number;
  caseRef: string;
  event: CaseEvent;
}

export interface ImportData {
  file: string;
  rows: number;
  cases: number;
  recorded: number;
  alreadyRecorded: number;
}

export class ImportProblems extends CliError {
  constructor(
    readonly file: string,
    readonly problems: Problem[],
  ) {
    super(importProblemsMessage(file, problems), EXIT.badInput);
  }
}

/** One bad row in one line; several, a line each under the count. */
function importProblemsMessage(file: string, problems: Problem[]): string {
  const n = problems.length;
  const unchecked = [...new Set(problems.map((p) => p.caseRef).filter(Boolean))];
  const others = unchecked.length
    ? `The other rows of ${unchecked.join(', ')} are checked against ${unchecked.length === 1 ? 'its case' : 'their cases'} once ${n === 1 ? 'this is' : 'these are'} fixed.`
    : '';
  if (n === 1) {
    const p = problems[0]!;
    return `${file} line ${p.line}: ${p.problem}; nothing was recorded. Fix it and run the import again.${others ? ` ${others}` : ''}`;
  }
  return (
    `${file}: ${n} bad rows; nothing was recorded. Fix them and run the import again:\n  ` +
    problems.map((p) => `line ${p.line}: ${p.problem}`).join('\n  ') +
    (others ? `\n${others}` : '')
  );
}

export interface Problem {
  line: number;
  problem: string;
  /** The case the row is about, when its reference could be read. */
  caseRef?: string;
}

/** The named fields of a row for an event of `type`, repeatable ones split on ';'. */
function rowFields(
  record: Record<string, string>,
  type: string,
): Record<string, string | string[] | undefined> {
  const spec = EVENT_SPECS.find((s) => s.type === type);
  return Object.fromEntries(
    FIELD_COLUMNS.map((c) => {
      const v = record[c];
      const repeatable = spec?.fields.find((f) => f.name === c)?.repeatable;
      return [
        c,
        v && repeatable
          ? v
              .split(';')
              .map((x) => x.trim())
              .filter(Boolean)
          : v,
      ];
    }),
  );
}

/** An amendment whose target was recorded before the file: its type is asked of the case. */
export interface PendingCorrection {
  line: number;
  caseRef: string;
  record: Record<string, string>;
}

const isCorrectionRow = (record: Record<string, string>) =>
  record.event === 'amend' || record.event === 'withdraw';

/**
 * A correction row: `withdraw` (target, reason) or `amend` (target, and the event as it should have been: its
 * date and fields, as a row of that event would give them). The correction is dated as the row is, so importing
 * the file again records it once.
 */
function correctionFromRow(
  record: Record<string, string>,
  by: RecorderClaim,
  known: (id: string) => CaseEvent | undefined,
): BuiltEvent | 'needs-the-case' {
  const target = record.target?.trim();
  if (!target)
    return {
      ok: false,
      problems: [`target: is required for ${record.event} (the event id, from \`cpcase status\`)`],
    };
  const date = parseDate(record.date ?? '');
  if (!date.ok) return { ok: false, problems: [`date: ${date.error}`] };
  if (record.event === 'withdraw') {
    const reason = record.reason?.trim();
    if (!reason)
      return {
        ok: false,
        problems: ['reason: is required for withdraw (why it should not have been recorded)'],
      };
    return {
      ok: true,
      event: { type: 'event-withdrawn', target, reason, occurredAt: date.date, ...by },
    };
  }
  const original = known(target);
  if (!original) return 'needs-the-case';
  return amendment(record, original.type, target, by);
}

function amendment(
  record: Record<string, string>,
  type: string,
  target: string,
  by: RecorderClaim,
): BuiltEvent {
  const built = buildEvent(type, { date: record.date, fields: rowFields(record, type) }, by);
  if (!built.ok) return built;
  const replacement = eventBody(built.event);
  if (!replacement)
    return { ok: false, problems: [`target: ${target} is a correction; amend the event it corrected`] };
  const reason = record.why?.trim() || 'corrected';
  return {
    ok: true,
    event: {
      type: 'event-amended',
      target,
      replacement,
      reason,
      occurredAt: replacement.occurredAt,
      ...by,
    },
  };
}

/** The rows in file order, amendments of earlier-recorded events built once each case has said their type. */
async function resolvePending(
  t: CliTemporal,
  read: { rows: ImportRow[]; problems: Problem[]; pending: PendingCorrection[] },
  by: RecorderClaim,
): Promise<ImportRow[]> {
  const resolved: ImportRow[] = [];
  for (const p of read.pending) {
    const handle = t.caseHandle(p.caseRef);
    const status = await askWhenReady(handle, () => handle.query(statusQuery, ...asOfNow()));
    const target = p.record.target!.trim();
    const view = status.events.find((e) => e.eventId === target);
    const built = view ? amendment(p.record, view.type, target, by) : undefined;
    if (!built)
      read.problems.push({ line: p.line, problem: `target: no event '${target}' on case ${p.caseRef}` });
    else if (!built.ok)
      read.problems.push({ line: p.line, problem: built.problems.join('; '), caseRef: p.caseRef });
    else resolved.push({ line: p.line, caseRef: p.caseRef, event: built.event });
  }
  return [...read.rows, ...resolved].sort((a, b) => a.line - b.line);
}

/** What one import takes: far above a shared service's year of history, low enough to check in memory. */
export const IMPORT_LIMITS = { bytes: 64 * 1024 * 1024, rows: 250_000 } as const;

/** The file as a whole: within the row limit, not empty, its columns all known and the three needed there. */
function checkShape(file: string, records: { record: Record<string, string> }[]): void {
  const header = records[0] ? Object.keys(records[0].record) : [];
  const missing = ['case', 'event', 'date'].filter((c) => !header.includes(c));
  const unknown = header.filter((c) => !BASE_COLUMNS.includes(c) && !FIELD_COLUMNS.includes(c));
  if (records.length > IMPORT_LIMITS.rows)
    throw badInput(
      `${file}: ${records.length} rows is more than one import takes (${IMPORT_LIMITS.rows}); split the file`,
    );
  if (records.length === 0) throw badInput(`${file}: no rows to import (the first line names the columns)`);
  if (missing.length || unknown.length) {
    throw badInput(
      `${file} line 1: ${[
        ...missing.map((c) => `column '${c}' is missing`),
        ...unknown.map((c) => `column '${c}' is not known`),
      ].join('; ')}. Columns are ${[...BASE_COLUMNS, ...FIELD_COLUMNS].join(', ')}`,
    );
  }
}

/** Reads and checks every row's shape: the events of the good rows, and every problem with its line number. */
export function readImportFile(
  file: string,
  by: RecorderClaim,
  directory?: Directory,
): { rows: ImportRow[]; problems: Problem[]; pending: PendingCorrection[] } {
  const text = readBounded(file, 'FILE', IMPORT_LIMITS.bytes);
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, info: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (e) {
    throw badInput(`${file} is not a readable CSV file: ${e instanceof Error ? e.message : String(e)}`);
  }
  checkShape(file, records);
  const rows: ImportRow[] = [];
  const problems: Problem[] = [];
  const pending: PendingCorrection[] = [];
  // Events of the file so far, by id: what an amendment further down names as its target.
  const seen = new Map<string, CaseEvent>();
  for (const { record, info } of records) {
    const line = info.lines;
    const caseRef = record.case ?? '';
    const refProblem = checkCaseRef(caseRef);
    if (isCorrectionRow(record)) {
      const c = correctionFromRow(record, by, (id) => seen.get(id));
      if (refProblem) problems.push({ line, problem: `case: ${refProblem}` });
      else if (c === 'needs-the-case') pending.push({ line, caseRef, record });
      else if (!c.ok) problems.push({ line, problem: c.problems.join('; '), caseRef });
      else rows.push({ line, caseRef, event: c.event });
      continue;
    }
    const built = buildEvent(
      record.event ?? '',
      { date: record.date, eventId: record['event-id'], fields: rowFields(record, record.event ?? '') },
      by,
    );
    if (built.ok) seen.set(eventIdOf(built.event), built.event);
    const rowProblems = [
      ...(refProblem ? [`case: ${refProblem}`] : []),
      ...(built.ok ? [] : built.problems),
      ...(built.ok && directory ? directoryProblems(directory, built.event, (f) => f) : []),
    ];
    if (rowProblems.length || !built.ok) {
      problems.push({ line, problem: rowProblems.join('; '), ...(refProblem ? {} : { caseRef }) });
    } else rows.push({ line, caseRef, event: built.event });
  }
  return { rows, problems, pending };
}

function byCase(rows: ImportRow[]): Map<string, ImportRow[]> {
  const m = new Map<string, ImportRow[]>();
  for (const r of rows) m.set(r.caseRef, [...(m.get(r.caseRef) ?? []), r]);
  return m;
}

/**
 * Asks each case to judge its rows in order without recording them, so one bad row stops the whole file. The
 * problems found here join those of the rows' shape: the administrator sees every bad line at once.
 */
async function checkWithCases(
  t: CliTemporal,
  file: string,
  cases: Map<string, ImportRow[]>,
  problems: Problem[],
): Promise<void> {
  for (const [caseRef, rows] of cases) {
    try {
      const handle = t.caseHandle(caseRef);
      const checks = await askWhenReady(handle, () =>
        handle.query(
          checkEventsQuery,
          rows.map((r) => r.event),
        ),
      );
      checks.forEach((c, i) => {
        if (!c.ok) {
          problems.push({
            line: rows[i]!.line,
            problem: `case ${caseRef} refuses ${rows[i]!.event.type}: ${c.reason}`,
          });
        }
      });
    } catch (e) {
      const err = translate(e, caseRef);
      if (!(err instanceof CliError && err.exitCode === EXIT.notFound)) throw err;
      for (const r of rows) {
        problems.push({ line: r.line, problem: `case ${caseRef} does not exist (open it first)` });
      }
    }
  }
  if (problems.length)
    throw new ImportProblems(
      file,
      [...problems].sort((a, b) => a.line - b.line),
    );
}

export async function gatherImport(file: string, as?: string, showProgress = true): Promise<ImportData> {
  const directory = loadDirectoryFile(getConfig().directoryFile);
  const by = recorder(as);
  const read = readImportFile(file, by, directory);
  const { problems } = read;
  // A case with a malformed row is not asked about its other rows: without that row they would be judged out
  // of order, and the administrator would be sent chasing errors that are not there.
  const badRefs = new Set(read.rows.length ? problems.map((p) => p.caseRef).filter(Boolean) : []);
  return withTemporal(async (t) => {
    await agreeWithWorkers(t, { policy: false });
    // Amendments of events recorded before this file: their type comes from the case.
    const rows = await resolvePending(t, read, by);
    const cases = byCase(rows);
    await checkWithCases(t, file, new Map([...cases].filter(([ref]) => !badRefs.has(ref))), problems);
    const bar = progress(rows.length, showProgress);
    let recorded = 0;
    let alreadyRecorded = 0;
    const queue = [...cases.entries()];
    const workers = Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [caseRef, caseRows] = next;
        const handle = t.caseHandle(caseRef);
        for (const r of caseRows) {
          try {
            const res = await recordWithRetry(handle, r.event);
            if (res.duplicate) alreadyRecorded += 1;
            else recorded += 1;
          } catch (e) {
            const err = translate(e, caseRef);
            throw new CliError(
              `line ${r.line}: ${err instanceof Error ? err.message : String(err)}. ` +
                `${recorded} rows were recorded before this; running the import again records only the rest.`,
              err instanceof CliError ? err.exitCode : EXIT.failure,
            );
          }
          bar.tick();
        }
      }
    });
    try {
      await Promise.all(workers);
    } finally {
      bar.done();
    }
    return { file, rows: rows.length, cases: cases.size, recorded, alreadyRecorded };
  });
}

export function register(cmd: Command): void {
  cmd
    .argument('<file>', 'a CSV file: one event per row')
    .option('--json', 'print the totals as JSON')
    .addHelpText(
      'after',
      `\nColumns: case, event, date (required), event-id, and the options of \`cpcase record <event>\` by name:\n` +
        `${wrap(
          FIELD_COLUMNS.map((c, i) => `${c}${i === FIELD_COLUMNS.length - 1 ? '.' : ','}`),
          96,
          '  ',
        ).join('\n')}\n` +
        "A field given several times (child, agency, participation) is separated by ';' in its cell.\n" +
        'Rows are recorded in file order for each case; importing the same file again records nothing twice.\n\n' +
        'Example:\n' +
        '  case,event,date,type,on,child,from\n' +
        '  CP-2026-0142,strategy-discussion,24/04/2023,,,,\n' +
        '  CP-2026-0142,conference-scheduled,25/04/2023,initial,12/05/2023,,\n' +
        '  CP-2026-0142,report-received,11/05/2023,,,,social-worker\n' +
        '  CP-2026-0142,conference-held,12/05/2023,,,CH-7Q2=plan:neglect;CH-8K5=no-plan,',
    )
    .action(async (file: string, opts: { json?: boolean }, cmd: Command) => {
      const d = await gatherImport(file, cmd.optsWithGlobals<{ as?: string }>().as, !opts.json);
      if (opts.json) return printJson(d);
      printLines([
        `${file}: ${d.rows} rows for ${d.cases} ${d.cases === 1 ? 'case' : 'cases'}: ` +
          `${d.recorded} recorded, ${d.alreadyRecorded} already recorded before.`,
      ]);
    });
}
