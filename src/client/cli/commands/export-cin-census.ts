import type { Command } from 'commander';
import { parseCouncilChildren } from '../../../census/childFile';
import { cinCensus, type CensusReturn, type CouncilChild } from '../../../domain/census/cin';
import { censusProblems, missingCouncilFields, type CensusProblem } from '../../../domain/census/rules';
import { ruleSays } from '../../../domain/census/ruleset';
import { compareDates, type LocalDate } from '../../../domain/dates';
import { londonDate } from '../../../domain/londonTime';
import { renderCinXml } from '../../../report/cinXml';
import { dateArg } from '../args';
import { CliError, EXIT, badInput, problemsMessage } from '../errors';
import { checkWritable, readBounded, writeWhole } from '../files';
import { rebuiltFromLedger } from '../ledger';
import { printLines } from '../io';
import { packageVersion } from '../../../shared/version';

export interface CinExport {
  census: CensusReturn;
  /** Breaches of the DfE's rules for the child protection blocks: errors stop the file, queries are shown. */
  problems: CensusProblem[];
  /** Fields only the council can supply, missing for these children. */
  missing: { field: string; childIds: string[] }[];
  /** Events the rules refused on replay, and how figures were counted. */
  notices: string[];
}

const CHILDREN_FILE_LIMIT = 16 * 1024 * 1024;

function councilChildren(file: string | undefined): Map<string, CouncilChild> {
  if (!file) return new Map();
  const read = parseCouncilChildren(readBounded(file, '--children', CHILDREN_FILE_LIMIT));
  if (!read.ok) throw badInput(problemsMessage(`--children ${file}`, read.problems));
  return read.children;
}

/** The census year runs 1 April to 31 March: the period, or why it is not one. */
export function censusYearProblem(from: LocalDate, to: LocalDate): string | undefined {
  if (compareDates(from, to) > 0) return `--from ${from} is after --to ${to}`;
  const year = Number(to.slice(0, 4));
  if (to.endsWith('-03-31') && from === `${year - 1}-04-01`) return undefined;
  return (
    `--from ${from} --to ${to} is not a census year, which runs 1 April to 31 March ` +
    `(e.g. --from ${year - 1}-04-01 --to ${year}-03-31); the DfE will not take another period ` +
    '(pass --any-period to export it anyway, marked as such)'
  );
}

export async function gatherCinExport(
  from: LocalDate,
  to: LocalDate,
  childrenFile: string | undefined,
  anyPeriod = false,
): Promise<CinExport> {
  const period = censusYearProblem(from, to);
  if (period && (!anyPeriod || compareDates(from, to) > 0)) throw badInput(period);
  const council = councilChildren(childrenFile);
  const today = londonDate(Date.now());
  const rebuilt = await rebuiltFromLedger(compareDates(to, today) < 0 ? to : today);
  const census = cinCensus(
    rebuilt.cases.map((c) => c.state),
    from,
    to,
    council,
  );
  return {
    census,
    // Asked for explicitly, another period's reference date is what the person wanted (rule 100 said apart).
    problems: censusProblems(census).filter((p) => !(anyPeriod && p.rule === '100')),
    missing: missingCouncilFields(census),
    notices: [...rebuilt.problems.map((p) => `not counted: ${p}`), ...rebuilt.notices],
  };
}

const whom = (p: CensusProblem) => (p.childId ? `child ${p.childId}` : 'the return');
const few = (ids: string[]) =>
  ids.slice(0, 5).join(', ') + (ids.length > 5 ? ` and ${ids.length - 5} more` : '');

/** Each query the DfE will raise, once, with what to check, then each child it concerns on a line of its own. */
function queryLines(queries: CensusProblem[]): string[] {
  const byRule = new Map<string, CensusProblem[]>();
  for (const p of queries) byRule.set(p.rule, [...(byRule.get(p.rule) ?? []), p]);
  return [...byRule].flatMap(([rule, ps]) => {
    const children = new Set(ps.map((p) => p.childId)).size;
    const about = ps[0]!.childId ? `${children} ${children === 1 ? 'child' : 'children'}` : 'the return';
    return [
      `DfE query ${rule}, ${about}: ${ruleSays(rule)}.`,
      `  What to check: ${ps[0]!.advice ?? 'confirm it, or correct the record'}.`,
      ...ps.map((p) => `  ${whom(p)}: ${p.message}`),
    ];
  });
}

export function summaryLines(x: CinExport, out: string): string[] {
  const s47 = x.census.children.reduce((n, c) => n + c.section47.length, 0);
  const plans = x.census.children.flatMap((c) => c.plans);
  const reviews = plans.reduce((n, p) => n + p.reviews.length, 0);
  return [
    `Wrote ${out}: ${x.census.children.length} children, ${s47} section 47 enquiries, ${plans.length} ` +
      `child protection plans, ${reviews} reviews (${x.census.from} to ${x.census.to}).`,
    ...queryLines(x.problems.filter((p) => p.query)),
    ...(x.missing.length
      ? [
          'The DfE requires these, which cpcase does not record; add them to the --children file:',
          ...x.missing.map((m) => `  ${m.field}: ${m.childIds.length} children (${few(m.childIds)})`),
        ]
      : []),
  ];
}

export function register(cmd: Command): void {
  cmd
    .requiredOption('--from <date>', 'first day of the census year', dateArg('--from'))
    .requiredOption(
      '--to <date>',
      "last day of the census year (the census's reference date)",
      dateArg('--to'),
    )
    .requiredOption('--out <file>', 'the XML file to write (written whole, or not at all)')
    .requiredOption('--la <number>', "the council's three-digit LA number")
    .option(
      '--children <file>',
      'CSV of what cpcase does not record: UPN, sex, ethnicity, referral (by child id)',
    )
    .option('--with-errors', 'write the file even when a record breaks a DfE rule (each one is listed)')
    .option(
      '--any-period',
      'export a period that is not a census year (said in the file; the DfE will refuse it)',
    )
    .addHelpText(
      'after',
      '\nExample: cpcase export cin-census --from 2025-04-01 --to 2026-03-31 --la 201 \\\n' +
        '           --children children.csv --out cin.xml',
    )
    .action(exportCensus);
}

interface ExportOptions {
  from: LocalDate;
  to: LocalDate;
  out: string;
  la: string;
  children?: string;
  withErrors?: boolean;
  anyPeriod?: boolean;
}

async function exportCensus(opts: ExportOptions): Promise<void> {
  if (!/^\d{3}$/.test(opts.la)) throw badInput(`--la: '${opts.la}' is not a three-digit LA number`);
  checkWritable(opts.out, '--out');
  const x = await gatherCinExport(opts.from, opts.to, opts.children, opts.anyPeriod);
  const provenance = censusYearProblem(opts.from, opts.to)
    ? `not a census return: the period ${opts.from} to ${opts.to} is not a census year (exported with --any-period)`
    : undefined;
  if (provenance) process.stderr.write(`cpcase: note: ${provenance}\n`);
  for (const n of x.notices) process.stderr.write(`cpcase: note: ${n}\n`);
  const errors = x.problems.filter((p) => !p.query);
  if (errors.length && !opts.withErrors) {
    throw new CliError(
      problemsMessage(
        `not written: ${errors.length} record${errors.length === 1 ? '' : 's'} break the DfE's rules ` +
          '(correct the case with cpcase record amend or the --children file, or pass --with-errors)',
        errors.map((p) => `rule ${p.rule}, ${whom(p)}: ${p.message}`),
      ),
      EXIT.rejected,
    );
  }
  const xml = renderCinXml(x.census, {
    lea: opts.la,
    dateTime: new Date().toISOString().slice(0, 19),
    release: packageVersion(),
    ...(provenance ? { provenance } : {}),
  });
  writeWhole(opts.out, xml, '--out');
  printLines([
    ...summaryLines(x, opts.out),
    ...errors.map((p) => `DfE rule ${p.rule} broken, ${whom(p)}: ${p.message}`),
  ]);
}
