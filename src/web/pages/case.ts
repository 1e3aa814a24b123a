// The case page: how the case stands in plain words for the staff on it. Opaque ids for children (never a name
// or a date of birth: the status carries neither), people by name, no Temporal internals, nothing that acts.
import type { CaseStatus, DeadlineView } from '../../domain/case/status';
import type { ChildOutcome } from '../../domain/case/types';
import { nextStepText, shortDate, statusText } from '../../client/cli/caseView';
import { londonDate, londonTimeOfDay } from '../../domain/londonTime';
import type { SentAbout } from '../../notify/sentAbout';
import type { CasePage } from '../data';
import { esc, heading, join, para, raw, summaryList, table, tag, warning, type Html } from '../html';
import { personLabel, roleWords } from './names';

const STAGE: Record<CaseStatus['stage'], string> = {
  referral: 'Referral',
  's47-enquiry': 'Section 47 enquiry',
  'transfer-in': 'Transferred in, awaiting its conference',
  cse: 'Child sexual exploitation meetings',
  'no-plan': 'Conference held, no child protection plan',
  'child-protection-plan': 'Child protection plan',
  closed: 'Closed',
};

const when = (iso: string) => {
  const t = Date.parse(iso);
  return `${shortDate(londonDate(t))} ${londonTimeOfDay(t)}`;
};

function statusTag(d: DeadlineView): Html {
  if (d.status === 'missed' && !d.stoppedOn) return tag('Overdue', 'red');
  if (d.status === 'met') return tag(d.lateBy ? 'Met late' : 'Met', d.lateBy ? 'yellow' : 'green');
  if (d.status === 'open') return tag('Open', 'blue');
  return tag(d.status === 'missed' ? 'Missed' : d.status, 'grey');
}

/** Beside the tag, what it does not say: how late, how it was met, who approved an extension. */
function standsText(d: DeadlineView): string {
  if (d.status === 'missed' && !d.stoppedOn)
    return d.lateBy
      ? `${d.lateBy} working day${d.lateBy === 1 ? '' : 's'} late`
      : 'due on the last working day';
  const words = statusText(d);
  return words === 'open' || words === 'met on time' ? '' : words;
}

function deadlines(p: CasePage, now: number): Html {
  const rows = p.status.deadlines
    .filter((d) => d.kind === 'deadline')
    .map((d) => [
      d.title,
      shortDate(d.dueDate),
      personLabel(p.directory, d.owner.id ?? d.agencyId, d.owner.role),
      join([statusTag(d), raw(` ${esc(standsText(d))}`)]),
      d.metOn ? shortDate(d.metOn) : '',
      nextStepText(d, now).replace(/^(\S+) /, (_, id: string) => `${id.replace(/-/g, ' ')}, `),
    ]);
  return rows.length
    ? table('Deadlines', ['What', 'Due', 'Who owes it', 'How it stands', 'Met on', 'Next message'], rows)
    : raw(
        `<h2 class="govuk-heading-m">Deadlines</h2>${para('No deadlines yet: they start with the first event recorded.').html}`,
      );
}

const OUTCOME: Record<ChildOutcome['outcome'], string> = {
  'plan-started': 'plan started',
  'no-plan': 'no plan',
  'plan-continues': 'plan continues',
  'plan-ended': 'plan ended',
  'not-discussed': 'not discussed',
};

/** Each child's outcome at the conference, by child id, from its record in force (a withdrawn one says nothing). */
function outcomesAt(s: CaseStatus, conferenceId: string): string {
  const held = s.events.find(
    (e) =>
      e.standing !== 'withdrawn' &&
      e.event.type === 'conference-held' &&
      e.event.conferenceId === conferenceId,
  )?.event;
  if (held?.type !== 'conference-held') return '';
  return held.children
    .map(
      (c) =>
        `${c.childId}: ${OUTCOME[c.outcome]}${'category' in c && c.category ? ` (${roleWords(c.category)})` : ''}`,
    )
    .join('; ');
}

function childrenAndConferences(s: CaseStatus): Html {
  const children = table(
    'Children (by id) and their plans',
    ['Child', 'Plan', 'Earlier plans'],
    s.children.map((c) => [
      `${c.id}${c.unborn ? ' (unborn)' : ''}`,
      c.plan
        ? `${roleWords(c.plan.category)} since ${shortDate(c.plan.startedOn)}`
        : c.cse
          ? `CSE: ${c.cse.stage === 'cse-plan' ? 'plan' : 'meeting requested'} since ${shortDate(c.cse.since)}`
          : 'none',
      String(c.pastPlans),
    ]),
  );
  const conferences = s.conferences.length
    ? table(
        'Conferences',
        ['Conference', 'Kind', 'Status', 'Date', 'Outcome by child'],
        s.conferences.map((c) => [
          c.id,
          roleWords(c.type),
          c.status,
          c.date ? shortDate(c.date) : '',
          outcomesAt(s, c.id),
        ]),
      )
    : raw('');
  return join([children, conferences]);
}

/** A birth, or a correction of one, happened on a child's date of birth: the page never shows its date. */
function aBirth(s: CaseStatus, e: CaseStatus['events'][number]): boolean {
  if (e.type === 'birth-recorded') return true;
  return (
    e.corrects !== undefined && s.events.some((x) => x.eventId === e.corrects && x.type === 'birth-recorded')
  );
}

function recorded(p: CasePage): Html {
  const proof = (id: string) => p.proofs.get(id) ?? 'not checked (no sign-in)';
  const standing = (e: CaseStatus['events'][number]) =>
    e.standing === 'correction'
      ? `corrects ${e.corrects ?? ''}`
      : e.standing === 'in force'
        ? 'in force'
        : `${e.standing} by ${e.correctedBy ?? ''}`;
  return table(
    'What was recorded',
    ['Happened on', 'What', 'Recorded', 'By', 'Sign-in', 'Standing'],
    p.status.events.map((e) => [
      aBirth(p.status, e) ? 'not shown (a date of birth)' : shortDate(e.occurredAt),
      roleWords(e.type),
      when(e.recordedAt),
      `${personLabel(p.directory, e.recordedBy)}${e.onBehalfOf ? ` for ${personLabel(p.directory, e.onBehalfOf)}` : ''}`,
      proof(e.eventId),
      standing(e),
    ]),
  );
}

/** `CP-1/icpc:E1/escalate-2` -> the deadline and the step. */
function about(s: CaseStatus, key: string): string {
  const [, deadlineId, step] = key.split('/');
  const d = s.deadlines.find((x) => x.id === deadlineId);
  return `${d?.title ?? deadlineId ?? key}: ${(step ?? '').replace(/-/g, ' ')}`;
}

function sent(p: CasePage): Html {
  const outcome = (m: SentAbout) =>
    m.status === 'sent'
      ? 'sent'
      : m.status === 'undeliverable'
        ? `NOT DELIVERED: ${m.detail ?? ''}`
        : 'being sent';
  return p.sent.length
    ? table(
        'What was sent',
        ['When', 'About', 'To', 'Outcome'],
        p.sent.map((m) => [
          when(m.at),
          about(p.status, m.key),
          m.recipient.startsWith('undeliverable')
            ? 'Safeguarding administration'
            : personLabel(p.directory, m.recipient),
          outcome(m),
        ]),
      )
    : raw(
        `<h2 class="govuk-heading-m">What was sent</h2>${para('Nothing has been sent about this case yet.').html}`,
      );
}

function people(p: CasePage): Html {
  const s = p.status;
  return summaryList([
    ['Stage', STAGE[s.stage]],
    ...(s.team ? ([['Team', s.team]] as [string, string][]) : []),
    ...Object.entries(s.staff)
      .filter(([, id]) => id)
      .map(([role, id]): [string, string] => [
        roleWords(role.replace(/([A-Z])/g, '-$1').toLowerCase()).replace(/^./, (c) => c.toUpperCase()),
        personLabel(p.directory, id),
      ]),
    ['Overdue now', String(s.overdue)],
    ['Next due', s.nextDue ? shortDate(s.nextDue) : 'nothing open'],
  ]);
}

export function caseBody(p: CasePage, now = Date.now()): Html {
  const s = p.status;
  const notes: Html[] = [];
  if (s.answeredFrom === 'ledger')
    notes.push(
      raw(
        `<div class="govuk-inset-text">This case is closed. It is shown from the ledger, the long-term record.</div>`,
      ),
    );
  if (s.mail?.fault)
    notes.push(
      warning(
        `Messages about this case are not getting through (since ${when(new Date(s.mail.fault.since).toISOString())}): they are kept and tried again.`,
      ),
    );
  for (const m of s.mail?.problems ?? [])
    notes.push(
      warning(`Could not reach ${m.recipient} on ${when(new Date(m.at).toISOString())}: ${m.problem}`),
    );
  return join([
    heading(`Case ${s.caseRef}`, STAGE[s.stage]),
    ...notes,
    people(p),
    deadlines(p, now),
    childrenAndConferences(s),
    recorded(p),
    sent(p),
  ]);
}
