import fs from 'fs';
import type { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import type { CaseEvent } from '../../../domain/case/types';
import { checkEventsQuery, recordEvent } from '../../../workflows/messages';
import { EVENT_SPECS, buildEvent, checkCaseRef } from '../../events';
import { badInput, CliError, EXIT } from '../errors';
import { printJson, printLines } from '../io';
import { progress } from '../progress';
import { queryWhenReady, recorder, translate, withTemporal, type CliTemporal } from '../temporal';

const BASE_COLUMNS = ['case', 'event', 'date', 'event-id'];
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
    const n = problems.length;
    const unchecked = [...new Set(problems.map((p) => p.caseRef).filter(Boolean))];
    super(
      `${file}: ${n} bad ${n === 1 ? 'row' : 'rows'}; nothing was recorded. Fix ${n === 1 ? 'it' : 'them'} ` +
        `and run the import again:\n  ${problems.map((p) => `line ${p.line}: ${p.problem}`).join('\n  ')}` +
        (unchecked.length
          ? `\nThe other rows of ${unchecked.join(', ')} are checked against ${unchecked.length === 1 ? 'its case' : 'their cases'} once ${n === 1 ? 'this is' : 'these are'} fixed.`
          : ''),
      EXIT.badInput,
    );
  }
}

export interface Problem {
  line: number;
  problem: string;
  /** The case the row is about, when its reference could be read. */
  caseRef?: string;
}

/** Reads and checks every row's shape: the events of the good rows, and every problem with its line number. */
export function readImportFile(file: string, recordedBy: string): { rows: ImportRow[]; problems: Problem[] } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw badInput(`FILE: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, info: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (e) {
    throw badInput(`${file} is not a readable CSV file: ${e instanceof Error ? e.message : String(e)}`);
  }
  const header = records[0] ? Object.keys(records[0].record) : [];
  const missing = ['case', 'event', 'date'].filter((c) => !header.includes(c));
  const unknown = header.filter((c) => !BASE_COLUMNS.includes(c) && !FIELD_COLUMNS.includes(c));
  if (records.length === 0) throw badInput(`${file}: no rows to import (the first line names the columns)`);
  if (missing.length || unknown.length) {
    throw badInput(
      `${file} line 1: ${[
        ...missing.map((c) => `column '${c}' is missing`),
        ...unknown.map((c) => `column '${c}' is not known`),
      ].join('; ')}. Columns are ${[...BASE_COLUMNS, ...FIELD_COLUMNS].join(', ')}`,
    );
  }
  const rows: ImportRow[] = [];
  const problems: Problem[] = [];
  for (const { record, info } of records) {
    const line = info.lines;
    const caseRef = record.case ?? '';
    const refProblem = checkCaseRef(caseRef);
    const fields = Object.fromEntries(
      FIELD_COLUMNS.map((c) => {
        const v = record[c];
        const spec = EVENT_SPECS.find((s) => s.type === record.event)?.fields.find((f) => f.name === c);
        return [
          c,
          v && spec?.repeatable
            ? v
                .split(';')
                .map((x) => x.trim())
                .filter(Boolean)
            : v,
        ];
      }),
    );
    const built = buildEvent(
      record.event ?? '',
      { date: record.date, eventId: record['event-id'], fields },
      recordedBy,
    );
    const rowProblems = [...(refProblem ? [`case: ${refProblem}`] : []), ...(built.ok ? [] : built.problems)];
    if (rowProblems.length || !built.ok) {
      problems.push({ line, problem: rowProblems.join('; '), ...(refProblem ? {} : { caseRef }) });
    } else rows.push({ line, caseRef, event: built.event });
  }
  return { rows, problems };
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
      const checks = await queryWhenReady(() =>
        t.caseHandle(caseRef).query(
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
  const { rows, problems } = readImportFile(file, recorder(as));
  // A case with a malformed row is not asked about its other rows: without that row they would be judged out
  // of order, and the administrator would be sent chasing errors that are not there.
  const badRefs = new Set(rows.length ? problems.map((p) => p.caseRef).filter(Boolean) : []);
  const cases = byCase(rows);
  return withTemporal(async (t) => {
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
            const res = await handle.executeUpdate(recordEvent, { args: [r.event] });
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

export function register(program: Command): void {
  program
    .command('import')
    .description('record events in bulk from a CSV file; every row is checked before any is recorded')
    .argument('<file>', 'a CSV file: one event per row')
    .option('--json', 'print the totals as JSON')
    .addHelpText(
      'after',
      `\nColumns: case, event, date (required), event-id, and the options of \`cpcase record <event>\` by name:\n` +
        `  ${FIELD_COLUMNS.join(', ')}.\n` +
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
