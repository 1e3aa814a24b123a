// "What I owe" and the managers' live view: lists of open steps, overdue first, each case a link to its page.
import { shortDate, statusText } from '../../client/cli/caseView';
import type { Directory } from '../../domain/directory';
import type { LiveItem, LiveReport } from '../../domain/report/live';
import type { Owed } from '../../domain/web/owed';
import { esc, heading, join, para, raw, table, tag, warning, type Html } from '../html';
import { personLabel } from './names';

const caseLink = (ref: string) =>
  raw(`<a class="govuk-link" href="/cases/${encodeURIComponent(ref)}">${esc(ref)}</a>`);
const days = (n: number) => `${n} working day${n === 1 ? '' : 's'}`;

export function owedBody(items: Owed[], you: { name: string }): Html {
  const overdue = items.filter((i) => i.overdue).length;
  return join([
    heading('What I owe', you.name),
    para(
      items.length
        ? `${items.length} open step${items.length === 1 ? '' : 's'} across your cases${overdue ? `, ${overdue} overdue` : ''}. ` +
            'When one is done, tell the safeguarding administrator so it is recorded.'
        : 'Nothing open is yours on any case.',
    ),
    ...(items.length
      ? [
          table(
            'Your open steps, overdue first',
            ['Case', 'What', 'Due', 'How it stands'],
            items.map((i) => [
              caseLink(i.caseRef),
              i.deadline.title,
              shortDate(i.deadline.dueDate),
              i.overdue
                ? join([tag('Overdue', 'red'), raw(` ${esc(days(i.deadline.lateBy ?? 0))} late`)])
                : statusText(i.deadline),
            ]),
          ),
        ]
      : []),
  ]);
}

function itemRows(items: LiveItem[], overdue: boolean): (string | Html)[][] {
  return items.map((i) => [
    caseLink(i.caseRef),
    i.title,
    shortDate(i.dueDate),
    overdue ? join([tag('Overdue', 'red'), raw(` ${esc(days(i.overdueBy ?? 0))}`)]) : 'due soon',
  ]);
}

export function liveBody(r: LiveReport & { broken: string[] }, dir: Directory, days: number): Html {
  const parts: Html[] = [
    heading('Overdue and due soon', `Overdue now, and due by ${shortDate(r.until)} (${days} working days)`),
  ];
  if (r.broken.length)
    parts.push(
      warning(
        `${r.broken.length} case(s) cannot answer and are not counted: ${r.broken.join(', ')}. An administrator runs cpcase repair.`,
      ),
    );
  for (const m of r.mail)
    parts.push(
      warning(
        `Case ${m.caseRef}: messages are not getting through, so people are not being told what they owe.`,
      ),
    );
  if (r.teams.length === 0) parts.push(para('Nothing overdue or due on the cases you see.'));
  for (const t of r.teams) {
    parts.push(
      raw(
        `<h2 class="govuk-heading-m">Team ${esc(t.team)}: ${t.overdue} overdue, ${t.dueSoon} due soon</h2>`,
      ),
    );
    for (const o of t.owners)
      parts.push(
        table(
          personLabel(dir, o.id, o.role),
          ['Case', 'What', 'Due', 'How it stands'],
          [...itemRows(o.overdue, true), ...itemRows(o.dueSoon, false)],
        ),
      );
  }
  return join(parts);
}
