import type { Command } from 'commander';
import { compareDates, type LocalDate } from '../../../domain/dates';
import { londonDate } from '../../../domain/londonTime';
import { annualReport, type AnnualReport } from '../../../domain/report/annual';
import { namedReport } from '../../../domain/report/names';
import { rebuiltFromLedger } from '../ledger';
import { renderCsvFiles, renderHtml, renderMarkdown } from '../../../report/render';
import fs from 'fs';
import path from 'path';
import { printLines } from '../io';
import { dateArg } from '../args';
import { directoryForNames, getCouncil } from '../context';
import { badInput } from '../errors';

const FORMATS = ['md', 'csv', 'json', 'html'] as const;

export async function gatherAnnualReport(
  from: LocalDate,
  to: LocalDate,
): Promise<AnnualReport & { problems: string[]; notices: string[] }> {
  if (compareDates(from, to) > 0) throw badInput(`--from ${from} is after --to ${to}`);
  const today = londonDate(Date.now());
  const council = getCouncil();
  const { cases, problems, notices } = await rebuiltFromLedger(compareDates(to, today) < 0 ? to : today);
  const report = annualReport(cases, from, to, council.policy, today, council.targets);
  const directory = directoryForNames(notices);
  return { ...(directory ? namedReport(report, directory) : report), problems, notices };
}

function checkFolder(dir: string): void {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
    throw badInput(`--out-dir: ${dir} is not a folder (make it first)`);
}

/** Each file written beside its name first and renamed into place: a crash leaves whole files or none. */
function writeCsvFiles(dir: string, files: { name: string; text: string }[]): string[] {
  for (const f of files) {
    const target = path.join(dir, f.name);
    fs.writeFileSync(`${target}.${process.pid}.tmp`, f.text);
    fs.renameSync(`${target}.${process.pid}.tmp`, target);
  }
  return [
    `Wrote ${files.length} CSV files (one table each) to ${dir}: ${files.map((f) => f.name).join(', ')}`,
  ];
}

export function register(cmd: Command): void {
  cmd
    .requiredOption('--from <date>', 'first day of the period', dateArg('--from'))
    .requiredOption('--to <date>', 'last day of the period', dateArg('--to'))
    .option('--format <format>', `${FORMATS.join(', ')}`, 'md')
    .option('--out-dir <dir>', 'with --format csv: the folder for one CSV file per table (for a spreadsheet)')
    .addHelpText(
      'after',
      '\nExample: cpcase report annual --from 2013-04-01 --to 2014-03-31 --format html > report.html',
    )
    .action(async (opts: { from: LocalDate; to: LocalDate; format: string; outDir?: string }) => {
      if (!(FORMATS as readonly string[]).includes(opts.format)) {
        throw badInput(`--format: '${opts.format}' is not a format; use ${FORMATS.join(', ')}`);
      }
      if (opts.format === 'csv' && !opts.outDir)
        throw badInput(
          '--out-dir: --format csv writes one file per table, for a spreadsheet: name the folder',
        );
      if (opts.outDir && opts.format !== 'csv') throw badInput('--out-dir: only with --format csv');
      if (opts.outDir) checkFolder(opts.outDir);
      const data = await gatherAnnualReport(opts.from, opts.to);
      const { problems, notices, ...r } = data;
      for (const p of problems) process.stderr.write(`cpcase: warning: not counted: ${p}\n`);
      for (const n of notices) process.stderr.write(`cpcase: note: ${n}\n`);
      if (opts.outDir) return printLines(writeCsvFiles(opts.outDir, renderCsvFiles(r)));
      const out =
        opts.format === 'json'
          ? JSON.stringify(data, null, 2) + '\n'
          : opts.format === 'html'
            ? renderHtml(r)
            : renderMarkdown(r);
      process.stdout.write(out);
    });
}
