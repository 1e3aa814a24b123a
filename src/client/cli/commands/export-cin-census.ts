import type { Command } from 'commander';
import { parseCouncilChildren } from '../../../census/childFile';
import { cinCensus, type CensusReturn, type CouncilChild } from '../../../domain/census/cin';
import { censusProblems, missingCouncilFields, type CensusProblem } from '../../../domain/census/rules';
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

export async function gatherCinExport(
  from: LocalDate,
  to: LocalDate,
  childrenFile: string | undefined,
): Promise<CinExport> {
  if (compareDates(from, to) > 0) throw badInput(`--from ${from} is after --to ${to}`);
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
    problems: censusProblems(census),
    missing: missingCouncilFields(census),
    notices: [...rebuilt.problems.map((p) => `not counted: ${p}`), ...rebuilt.notices],
  };
}

const few = (ids: string[]) =>
  ids.slice(0, 5).join(', ') + (ids.length > 5 ? ` and ${ids.length - 5} more` : '');

export function summaryLines(x: CinExport, out: string): string[] {
  const s47 = x.census.children.reduce((n, c) => n + c.section47.length, 0);
  const plans = x.census.children.flatMap((c) => c.plans);
  const reviews = plans.reduce((n, p) => n + p.reviews.length, 0);
  return [
    `Wrote ${out}: ${x.census.children.length} children, ${s47} section 47 enquiries, ${plans.length} ` +
      `child protection plans, ${reviews} reviews (${x.census.from} to ${x.census.to}).`,
    ...x.problems
      .filter((p) => p.query)
      .map((p) => `DfE query ${p.rule}, child ${p.childId}: ${p.message}: confirm it, or correct the record`),
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
    .addHelpText(
      'after',
      '\nExample: cpcase export cin-census --from 2025-04-01 --to 2026-03-31 --la 201 \\\n' +
        '           --children children.csv --out cin.xml',
    )
    .action(
      async (opts: {
        from: LocalDate;
        to: LocalDate;
        out: string;
        la: string;
        children?: string;
        withErrors?: boolean;
      }) => {
        if (!/^\d{3}$/.test(opts.la)) throw badInput(`--la: '${opts.la}' is not a three-digit LA number`);
        checkWritable(opts.out, '--out');
        const x = await gatherCinExport(opts.from, opts.to, opts.children);
        for (const n of x.notices) process.stderr.write(`cpcase: note: ${n}\n`);
        const errors = x.problems.filter((p) => !p.query);
        if (errors.length && !opts.withErrors) {
          throw new CliError(
            problemsMessage(
              `not written: ${errors.length} record${errors.length === 1 ? '' : 's'} break the DfE's rules ` +
                '(correct them with cpcase record amend, or pass --with-errors)',
              errors.map((p) => `rule ${p.rule}, child ${p.childId}: ${p.message}`),
            ),
            EXIT.rejected,
          );
        }
        const xml = renderCinXml(x.census, {
          lea: opts.la,
          dateTime: new Date().toISOString().slice(0, 19),
          release: packageVersion(),
        });
        writeWhole(opts.out, xml, '--out');
        printLines([
          ...summaryLines(x, opts.out),
          ...errors.map((p) => `DfE rule ${p.rule} broken, child ${p.childId}: ${p.message}`),
        ]);
      },
    );
}
