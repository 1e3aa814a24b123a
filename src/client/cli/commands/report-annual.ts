import type { Command } from 'commander';
import { compareDates, type LocalDate } from '../../../domain/dates';
import { londonDate } from '../../../domain/londonTime';
import { annualReport, type AnnualReport } from '../../../domain/report/annual';
import { namedReport } from '../../../domain/report/names';
import { rebuiltFromLedger } from '../ledger';
import { renderCsv, renderHtml, renderMarkdown } from '../../../report/render';
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

export function register(cmd: Command): void {
  cmd
    .requiredOption('--from <date>', 'first day of the period', dateArg('--from'))
    .requiredOption('--to <date>', 'last day of the period', dateArg('--to'))
    .option('--format <format>', `${FORMATS.join(', ')}`, 'md')
    .addHelpText(
      'after',
      '\nExample: cpcase report annual --from 2013-04-01 --to 2014-03-31 --format html > report.html',
    )
    .action(async (opts: { from: LocalDate; to: LocalDate; format: string }) => {
      if (!(FORMATS as readonly string[]).includes(opts.format)) {
        throw badInput(`--format: '${opts.format}' is not a format; use ${FORMATS.join(', ')}`);
      }
      const data = await gatherAnnualReport(opts.from, opts.to);
      const { problems, notices, ...r } = data;
      for (const p of problems) process.stderr.write(`cpcase: warning: not counted: ${p}\n`);
      for (const n of notices) process.stderr.write(`cpcase: note: ${n}\n`);
      const out =
        opts.format === 'json'
          ? JSON.stringify(data, null, 2) + '\n'
          : opts.format === 'csv'
            ? renderCsv(r)
            : opts.format === 'html'
              ? renderHtml(r)
              : renderMarkdown(r);
      process.stdout.write(out);
    });
}
