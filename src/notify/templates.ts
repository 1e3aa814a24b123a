// The words of every email, as pure functions of typed data: what is due, on which case, by when (UK date with
// its weekday), how late, what to do and who owns it. Opaque references only: never a child's name or date of
// birth, which the notification does not even carry.
import { formatUkLong } from '../domain/dates';
import type { Notification } from '../domain/case/actions';
import type { Addressee } from '../domain/directory';

export interface Email {
  subject: string;
  text: string;
  html: string;
}

export interface TemplateContext {
  /** The case's page for staff: cpcase's own, or the council's case system. Never in an agency's email. */
  caseUrl: string;
  /** Whom an agency contacts about the case (the safeguarding administrators): their email has no link. */
  contact: { name: string; email: string };
  /** The owner as people know them: "Sam Walker (social worker, SW-101)". */
  ownerLabel: string;
  /** The addressee owns the step: an escalation tells them what it means for them, not for a manager. */
  toOwner?: boolean;
}

const days = (n: number) => `${n} working day${n === 1 ? '' : 's'}`;

function headline(n: Notification, toOwner: boolean): { subject: string; lead: string; todo: string } {
  const due = formatUkLong(n.dueDate);
  const late = n.lateBy ?? 0;
  switch (n.kind) {
    case 'reminder':
      return {
        subject: `Reminder: ${n.title} due ${due} (case ${n.caseRef})`,
        lead: `${n.title} is due on ${due}.`,
        todo: 'Please make sure it is done by then, and tell the safeguarding administrator when it is so it is recorded.',
      };
    case 'due-today':
      return {
        subject: `Due today: ${n.title} (case ${n.caseRef})`,
        lead: `${n.title} is due today, ${due}.`,
        todo: 'If it is done, tell the safeguarding administrator so it is recorded. If it cannot be done today, ask your manager now about an extension.',
      };
    case 'overdue':
      return {
        subject: `Overdue by ${days(late)}: ${n.title} (case ${n.caseRef})`,
        lead: `${n.title} was due on ${due} and is ${days(late)} late.`,
        todo: 'Please do it as soon as you can and tell the safeguarding administrator, or agree an extension with your manager.',
      };
    case 'escalation':
      return {
        subject: `Escalation level ${n.level}: ${n.title} on case ${n.caseRef} is ${days(late)} late`,
        lead: `${n.title} was due on ${due} and is now ${days(late)} late.`,
        todo: toOwner
          ? 'You own this step, and it has now gone to management at this level. Please do it as soon as you can ' +
            'and tell the safeguarding administrator, or agree an extension with your manager.'
          : 'You are receiving this as the manager at this level. Please find out why with the owner and agree a date, ' +
            'or record an approved extension or waiver with the safeguarding administrator.',
      };
  }
}

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function notificationEmail(n: Notification, to: Addressee, ctx: TemplateContext): Email {
  const h = headline(n, ctx.toOwner ?? false);
  // An agency (a GP, a school) is outside the council: no link to its internal systems, only whom to ask.
  const agency = to.role === 'agency';
  const contactLine = `To discuss this case, contact ${ctx.contact.name} at ${ctx.contact.email}, quoting ${n.caseRef}.`;
  const facts: [string, string][] = [
    ['Case', n.caseRef],
    ['What', n.title],
    ['Due', formatUkLong(n.dueDate)],
    ...(n.lateBy ? ([['Late by', days(n.lateBy)]] as [string, string][]) : []),
    ['Owner', ctx.ownerLabel],
    ...(n.conferenceId ? ([['Conference', n.conferenceId]] as [string, string][]) : []),
    ['Reference', n.key],
  ];
  const text = [
    `Dear ${to.name},`,
    '',
    h.lead,
    '',
    ...facts.map(([k, v]) => `${k.padEnd(11)}${v}`),
    '',
    h.todo,
    '',
    agency ? contactLine : `Case record: ${ctx.caseUrl}`,
    '',
    'This message is about a child protection case. It names the case by its reference only; please do not forward it.',
  ].join('\n');
  const html = `<!doctype html><html><body style="font-family:Arial,sans-serif;font-size:15px;color:#0b0c0c">
<p>Dear ${escape(to.name)},</p>
<p><strong>${escape(h.lead)}</strong></p>
<table style="border-collapse:collapse">${facts
    .map(
      ([k, v]) =>
        `<tr><th style="text-align:left;padding:2px 12px 2px 0">${escape(k)}</th><td>${escape(v)}</td></tr>`,
    )
    .join('')}</table>
<p>${escape(h.todo)}</p>
<p>${agency ? escape(contactLine) : `<a href="${escape(ctx.caseUrl)}">Open the case record</a>`}</p>
<p style="color:#505a5f;font-size:13px">This message is about a child protection case. It names the case by its reference only; please do not forward it.</p>
</body></html>`;
  return { subject: h.subject, text, html };
}

export function undeliverableEmail(
  n: Notification,
  failed: { id: string; role: string; email?: string; problem: string },
  caseUrl: string,
): Email {
  const subject = `Undeliverable: ${n.title} on case ${n.caseRef} did not reach ${failed.role} ${failed.id}`;
  const lines = [
    `A ${n.kind} about case ${n.caseRef} could not be delivered.`,
    '',
    `What        ${n.title}`,
    `Due         ${formatUkLong(n.dueDate)}`,
    `Recipient   ${failed.role} ${failed.id}${failed.email ? ` <${failed.email}>` : ''}`,
    `Problem     ${failed.problem}`,
    `Reference   ${n.key}`,
    '',
    'Please correct the directory entry and make sure the person hears about this deadline another way today.',
    '',
    `Case record: ${caseUrl}`,
  ];
  const html = `<!doctype html><html><body style="font-family:Arial,sans-serif"><pre style="font-family:inherit">${escape(
    lines.join('\n'),
  )}</pre></body></html>`;
  return { subject, text: lines.join('\n'), html };
}

export function digestEmail(
  items: { caseRef: string; title: string; dueDate: string; overdueBy?: number; caseUrl: string }[],
  to: Addressee,
  today: string,
  horizonWorkingDays: number,
): Email {
  const overdue = items.filter((i) => i.overdueBy !== undefined).length;
  const subject =
    `Your child protection deadlines for ${formatUkLong(today as never)}: ${items.length} item${items.length === 1 ? '' : 's'}` +
    (overdue ? `, ${overdue} overdue` : '');
  const line = (i: (typeof items)[number]) =>
    `${i.caseRef.padEnd(16)}${i.title} - due ${formatUkLong(i.dueDate as never)}${
      i.overdueBy !== undefined ? ` (OVERDUE by ${days(i.overdueBy)})` : ''
    }`;
  const text = [
    `Dear ${to.name},`,
    '',
    `Everything you owe that is overdue or due in the next ${days(horizonWorkingDays)}:`,
    '',
    ...items.map(line),
    '',
    'When something is done, tell the safeguarding administrator so it is recorded. Escalations still come one by one.',
    '',
    ...items.map((i) => `${i.caseRef}: ${i.caseUrl}`),
    '',
    'This message is about child protection cases. It names cases by reference only; please do not forward it.',
  ].join('\n');
  const html = `<!doctype html><html><body style="font-family:Arial,sans-serif;font-size:15px;color:#0b0c0c">
<p>Dear ${escape(to.name)},</p>
<p>Everything you owe that is overdue or due in the next ${escape(days(horizonWorkingDays))}:</p>
<table style="border-collapse:collapse">${items
    .map(
      (i) =>
        `<tr><td style="padding:2px 12px 2px 0"><a href="${escape(i.caseUrl)}">${escape(i.caseRef)}</a></td>` +
        `<td style="padding:2px 12px 2px 0">${escape(i.title)}</td><td>${escape(formatUkLong(i.dueDate as never))}${
          i.overdueBy !== undefined ? ` <strong>overdue by ${escape(days(i.overdueBy))}</strong>` : ''
        }</td></tr>`,
    )
    .join('')}</table>
<p>When something is done, tell the safeguarding administrator so it is recorded.</p>
<p style="color:#505a5f;font-size:13px">This message is about child protection cases. It names cases by reference only; please do not forward it.</p>
</body></html>`;
  return { subject, text, html };
}
