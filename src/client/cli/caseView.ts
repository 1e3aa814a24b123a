// How a case and its deadlines read on a terminal: one place, so `status`, `record` and `open` agree.
import { dayOfWeek, type LocalDate } from '../../domain/dates';
import { isOutstanding } from '../../domain/case/plan';
import type { CaseStatus, DeadlineView } from '../../domain/case/status';
import { londonDate, londonTimeOfDay } from '../../domain/londonTime';
import { plural, tableWithDetail } from './io';

export { plural };

const DAY = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Fri 18 Dec 2026: the weekday always shown, so a date is never misread. */
export function shortDate(d: LocalDate | undefined): string {
  if (!d) return '';
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  return `${DAY[dayOfWeek(d)]} ${day} ${MONTH[m - 1]} ${y}`;
}

export function statusText(d: DeadlineView): string {
  switch (d.status) {
    case 'met':
      return d.lateBy ? `met ${plural(d.lateBy, 'working day')} late` : 'met on time';
    case 'missed':
      return d.stoppedOn
        ? `missed by ${plural(d.lateBy ?? 0, 'working day')}, stopped ${shortDate(d.stoppedOn)}`
        : d.lateBy
          ? `OVERDUE ${plural(d.lateBy, 'working day')}`
          : // Due on the last working day: late, though no working day has passed since (a weekend, say).
            `OVERDUE (was due ${shortDate(d.dueDate)})`;
    case 'waived':
      return `waived (${d.override?.approvedBy ?? ''})`;
    case 'open':
      return d.override?.kind === 'extended' ? `open (extended, ${d.override.approvedBy})` : 'open';
    default:
      return d.status;
  }
}

/** `now` (epoch ms): a step whose time has passed is the one going out now (an entry made late), not a past one. */
export function nextStepText(d: DeadlineView, now: number): string {
  if (!d.nextStep) return '';
  const at = Date.parse(d.nextStep.at);
  if (at <= now) return `${d.nextStep.stepId} going out now`;
  return `${d.nextStep.stepId} ${shortDate(d.nextStep.date)} ${londonTimeOfDay(at)}`;
}

/** The status in a word, for the table's row; the words in full go on the line under it. */
function statusWord(d: DeadlineView): string {
  if (d.status === 'missed') return d.stoppedOn ? 'missed' : 'OVERDUE';
  if (d.status === 'met') return d.lateBy ? 'met late' : 'met';
  if (d.status === 'open' && d.override?.kind === 'extended') return 'extended';
  return d.status;
}

/** One deadline a row (id, due, owner, status), and under it what it is, how it stands and its next step. */
export function deadlineTable(deadlines: DeadlineView[], now = Date.now()): string[] {
  return tableWithDetail(
    ['DEADLINE', 'DUE', 'OWNER', 'STATUS'],
    deadlines.map((d) => {
      const words = statusText(d);
      const next = nextStepText(d, now);
      return {
        cells: [
          d.id,
          shortDate(d.dueDate),
          `${d.owner.role}${d.owner.id ? ` ${d.owner.id}` : ''}`,
          statusWord(d),
        ],
        detail: [
          d.title,
          ...(words === statusWord(d) ? [] : [words]),
          ...(next ? [`next: ${next}`] : []),
        ].join('; '),
      };
    }),
  );
}

const at = (t: number) => `${shortDate(londonDate(t))} ${londonTimeOfDay(t)}`;

/** Mail that is not getting through, as the administrator must see it: what is wrong and what happens now. */
export function mailLines(m: CaseStatus['mail'], indent = ''): string[] {
  if (!m) return [];
  const lines: string[] = [];
  if (m.fault) {
    const what =
      m.fault.kind === 'configuration' ? 'the mail set-up is at fault' : 'the mail server is not answering';
    lines.push(
      `${indent}MAIL NOT GETTING THROUGH since ${at(m.fault.since)}: ${what} (${m.fault.detail}); ` +
        'every message is kept and tried again until it goes',
    );
  }
  for (const p of m.problems) {
    const told = p.alerted
      ? 'the safeguarding administrator was emailed'
      : 'the alert to the safeguarding administrator could not be delivered either';
    lines.push(`${indent}Could not reach ${p.recipient} on ${at(p.at)} (${p.key}): ${p.problem}; ${told}`);
  }
  return lines;
}

export function caseLines(s: CaseStatus): string[] {
  const staff = Object.entries(s.staff)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)} ${v}`)
    .join(', ');
  const active = s.deadlines.filter(isOutstanding);
  const rest = s.deadlines.filter((d) => !active.includes(d));
  return [
    `Case ${s.caseRef}  stage ${s.stage}  region ${s.region}${s.team ? `  team ${s.team}` : ''}  policy ${s.policyId}`,
    `Staff: ${staff}`,
    ...(s.closed ? [`Closed ${shortDate(s.closed.on)} (${s.closed.reason})`] : []),
    ...(s.answeredFrom === 'ledger'
      ? ['Answered from the ledger, the long-term record: Temporal no longer holds this closed case.']
      : []),
    ...(s.mail ? ['', ...mailLines(s.mail)] : []),
    '',
    'Children:',
    ...s.children.map(
      (c) =>
        `  ${c.id}  ${c.unborn ? 'unborn  ' : ''}${
          c.plan ? `plan (${c.plan.category}) since ${shortDate(c.plan.startedOn)}` : 'no plan'
        }${c.pastPlans ? `  (${plural(c.pastPlans, 'earlier plan')})` : ''}${
          c.cse
            ? `  CSE: ${c.cse.stage === 'cse-plan' ? 'plan' : 'meeting requested'} since ${shortDate(c.cse.since)}`
            : ''
        }`,
    ),
    ...(s.conferences.length
      ? [
          '',
          'Conferences:',
          ...s.conferences.map((c) => `  ${c.id}  ${c.type}  ${c.status}  ${shortDate(c.date)}`),
        ]
      : []),
    '',
    `Deadlines: ${active.length} open, ${s.overdue} overdue${s.nextDue ? `, next due ${shortDate(s.nextDue)}` : ''}`,
    ...(active.length ? deadlineTable(active).map((l) => `  ${l}`) : []),
    ...(rest.length ? ['', 'Done or stopped:', ...deadlineTable(rest).map((l) => `  ${l}`)] : []),
    ...(s.events.length
      ? ['', 'Events (give the id to `cpcase record amend` or `withdraw`):', ...eventTable(s)]
      : []),
    '',
    `${plural(s.eventsRecorded, 'event')} recorded; as of ${shortDate(s.today)}.`,
  ];
}

function standing(e: CaseStatus['events'][number]): string {
  switch (e.standing) {
    case 'amended':
      return `amended by ${e.correctedBy ?? ''}`;
    case 'withdrawn':
      return `WITHDRAWN by ${e.correctedBy ?? ''}`;
    case 'correction':
      return `corrects ${e.corrects ?? ''}`;
    default:
      return '';
  }
}

/** One event a row (when, what, by whom, whether it stands), and under it its id and when it was recorded. */
function eventTable(s: CaseStatus): string[] {
  return tableWithDetail(
    ['HAPPENED', 'EVENT', 'BY', 'STANDING'],
    s.events.map((e) => ({
      cells: [
        shortDate(e.occurredAt),
        e.event.type === 'report-received'
          ? `${e.type} (${e.event.from === 'social-worker' ? 'social worker' : e.event.from.agencyId})`
          : e.type,
        e.onBehalfOf ? `${e.recordedBy} for ${e.onBehalfOf}` : e.recordedBy,
        standing(e),
      ],
      detail: `id ${e.eventId}, recorded ${shortDate(londonDate(Date.parse(e.recordedAt)))}`,
    })),
  ).map((l) => `  ${l}`);
}
