import type { Command } from 'commander';
import { yearOf } from '../../../domain/dates';
import { londonDate } from '../../../domain/londonTime';
import { liveReport, type LiveReport } from '../../../domain/report/live';
import type { CaseStatus } from '../../../domain/case/status';
import { namedLive } from '../../../domain/report/names';
import { openCaseStatuses, type BrokenCase } from '../../cases';
import { mailLines, plural, shortDate } from '../caseView';
import { calendarAround, directoryForNames } from '../context';
import { intArg } from '../args';
import { printJson, printLines } from '../io';
import { withTemporal } from '../temporal';

/** `keep`: the cases a person may see (the staff pages); the CLI's readers see all. */
export async function gatherLiveReport(
  days: number,
  keep: (s: CaseStatus) => boolean = () => true,
): Promise<LiveReport & { notices: string[]; broken: BrokenCase[] }> {
  const today = londonDate(Date.now());
  const { statuses, broken } = await withTemporal((t) => openCaseStatuses(t.client));
  const r = liveReport(statuses.filter(keep), today, await calendarAround(undefined, [yearOf(today)]), days);
  // The directory is the worker's too: a manager reads names, the JSON keeps the ids beside them.
  const notices: string[] = [];
  const directory = directoryForNames(notices);
  return { ...(directory ? namedLive(r, directory) : r), notices, broken };
}

/** Cases that cannot answer, first: nothing about them is counted below until they are repaired. */
export const brokenLines = (broken: BrokenCase[]): string[] =>
  broken.length
    ? [
        `BROKEN: ${broken.length} ${broken.length === 1 ? 'case does' : 'cases do'} not answer (not counted below); ` +
          '`cpcase repair CASE` says what is wrong:',
        ...broken.map(
          (b) => `  ${b.caseRef}${b.attempt ? `  its workflow task has failed ${b.attempt - 1} times` : ''}`,
        ),
        '',
      ]
    : [];

export function register(cmd: Command): void {
  cmd
    .option('--days <n>', 'working days ahead to include', intArg('--days', 0, 260), 10)
    .option('--json', 'print the report as JSON')
    .action(async (opts: { days: number; json?: boolean }) => {
      const r = await gatherLiveReport(opts.days);
      for (const n of r.notices) process.stderr.write(`cpcase: note: ${n}\n`);
      if (opts.json) return printJson(r);
      const lines = [...brokenLines(r.broken)];
      if (r.mail.length)
        lines.push(
          'Mail problems: people are not being told what they owe',
          ...r.mail.flatMap((m) => [`  case ${m.caseRef}`, ...mailLines(m, '    ')]),
          '',
        );
      lines.push(`Overdue now, and due by ${shortDate(r.until)} (${plural(opts.days, 'working day')}):`);
      if (r.teams.length === 0) lines.push('', 'Nothing overdue or due.');
      for (const t of r.teams) {
        lines.push('', `Team ${t.team}: ${t.overdue} overdue, ${t.dueSoon} due soon`);
        for (const o of t.owners) {
          lines.push(`  ${o.name ? `${o.name} (${o.owner})` : o.owner}`);
          for (const i of o.overdue) {
            lines.push(
              `    OVERDUE by ${plural(i.overdueBy ?? 0, 'working day')}  ${i.caseRef}  ${i.title} (due ${shortDate(i.dueDate)})`,
            );
          }
          for (const i of o.dueSoon) lines.push(`    due ${shortDate(i.dueDate)}  ${i.caseRef}  ${i.title}`);
        }
      }
      printLines(lines);
    });
}
