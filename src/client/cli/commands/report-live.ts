import type { Command } from 'commander';
import { yearOf } from '../../../domain/dates';
import { londonDate } from '../../../domain/londonTime';
import { liveReport, type LiveReport } from '../../../domain/report/live';
import { namedLive } from '../../../domain/report/names';
import { openCaseStatuses } from '../../cases';
import { mailLines, shortDate } from '../caseView';
import { calendarAround, directoryForNames } from '../context';
import { intArg } from '../args';
import { printJson, printLines } from '../io';
import { withTemporal } from '../temporal';

export async function gatherLiveReport(days: number): Promise<LiveReport & { notices: string[] }> {
  const today = londonDate(Date.now());
  const statuses = await withTemporal((t) => openCaseStatuses(t.client));
  const r = liveReport(statuses, today, await calendarAround(undefined, [yearOf(today)]), days);
  // The directory is the worker's too: a manager reads names, the JSON keeps the ids beside them.
  const notices: string[] = [];
  const directory = directoryForNames(notices);
  return { ...(directory ? namedLive(r, directory) : r), notices };
}

export function register(cmd: Command): void {
  cmd
    .option('--days <n>', 'working days ahead to include', intArg('--days', 0, 260), 10)
    .option('--json', 'print the report as JSON')
    .action(async (opts: { days: number; json?: boolean }) => {
      const r = await gatherLiveReport(opts.days);
      for (const n of r.notices) process.stderr.write(`cpcase: note: ${n}\n`);
      if (opts.json) return printJson(r);
      const lines = r.mail.length
        ? [
            'Mail problems: people are not being told what they owe',
            ...r.mail.flatMap((m) => [`  case ${m.caseRef}`, ...mailLines(m, '    ')]),
            '',
          ]
        : [];
      lines.push(`Overdue now, and due by ${shortDate(r.until)} (${opts.days} working days):`);
      if (r.teams.length === 0) lines.push('', 'Nothing overdue or due.');
      for (const t of r.teams) {
        lines.push('', `Team ${t.team}: ${t.overdue} overdue, ${t.dueSoon} due soon`);
        for (const o of t.owners) {
          lines.push(`  ${o.name ? `${o.name} (${o.owner})` : o.owner}`);
          for (const i of o.overdue) {
            lines.push(
              `    OVERDUE ${i.overdueBy} wd  ${i.caseRef}  ${i.title} (due ${shortDate(i.dueDate)})`,
            );
          }
          for (const i of o.dueSoon) lines.push(`    due ${shortDate(i.dueDate)}  ${i.caseRef}  ${i.title}`);
        }
      }
      printLines(lines);
    });
}
