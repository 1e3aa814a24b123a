// Sends the morning digests: one email per person whose role takes one, each at most once per day (the same
// sent-message record as reminders), gathered from every open case's status.
import type { Transporter } from 'nodemailer';
import type { CaseStatus } from '../domain/case/status';
import { digests } from '../domain/digest';
import { resolveAddressee, type Addressee, type Directory } from '../domain/directory';
import type { MessageOutcome } from '../domain/operations';
import type { TimeOfDay } from '../domain/londonTime';
import type { CpcaseMetrics } from '../metrics/metrics';
import type { LocalDate } from '../domain/dates';
import type { OwnerRole } from '../domain/policy';
import { isWorkingDay, type HolidayCalendar } from '../domain/workingDays';
import {
  claimObserved,
  claimSend,
  observer,
  releaseClaim,
  settleSend,
  classifySmtpError,
  MailFaultError,
  messageIdFor,
  type SmtpError,
} from './email';
import type { SentStore } from './sentStore';
import { digestEmail } from './templates';

export interface DigestDeps {
  openCaseStatuses: () => Promise<CaseStatus[]>;
  calendar: (today: LocalDate) => Promise<HolidayCalendar>;
  roles: OwnerRole[];
  horizonWorkingDays: number;
  transport: Pick<Transporter, 'sendMail'>;
  directory: () => Directory;
  sent: SentStore;
  from: string;
  caseUrl: (caseRef: string) => string;
  /** Each attempt's outcome, and a taken digest's delay after the send time. */
  metrics?: CpcaseMetrics;
  sendTime?: TimeOfDay;
  casesNow?: () => number;
}

export interface DigestRun {
  date: LocalDate;
  skipped?: 'not a working day' | 'no digest roles';
  sent: { to: string; items: number }[];
  unresolved: string[];
}

/** One person's digest, claimed, handed over and settled: undefined once taken, or why it was refused. */
async function sendOne(
  deps: DigestDeps,
  d: ReturnType<typeof digests>[number],
  to: Addressee,
  today: LocalDate,
): Promise<string | undefined> {
  const seen = (outcome: MessageOutcome) => observer(deps, () => new Date())('digest', outcome);
  const key = `digest/${today}/${d.owner.role}:${d.owner.id}`;
  const messageId = messageIdFor(key, to.id, deps.from);
  const entry = { messageId, key, recipient: to.id };
  if (!(await claimObserved(deps, seen, entry, new Date()))) {
    seen('already-sent');
    return undefined;
  }
  const email = digestEmail(
    d.items.map((i) => ({ ...i, caseUrl: deps.caseUrl(i.caseRef) })),
    to,
    today,
    deps.horizonWorkingDays,
  );
  try {
    await deps.transport.sendMail({
      from: deps.from,
      to: { name: to.name, address: to.email },
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId,
      headers: { 'X-Cpcase-Key': key },
    });
  } catch (e) {
    const failure = classifySmtpError(e as SmtpError);
    seen(failure.kind === 'recipient-refused' ? 'refused' : 'retry');
    // The set-up or the server at fault: Temporal retries the digest; nobody is called unreachable.
    if (failure.kind !== 'recipient-refused') {
      await releaseClaim(deps.sent, entry);
      throw new MailFaultError(failure.kind, failure.detail);
    }
    // Refused for good: recorded so no retry sends it again, and reported in the run for the administrator.
    await settleSend(deps.sent, entry, { status: 'undeliverable', detail: failure.detail }, new Date());
    return `digest to ${to.role} ${to.id} <${to.email}> refused: ${failure.detail}`;
  }
  seen('sent');
  await settleSend(deps.sent, entry, { status: 'sent' }, new Date());
  return undefined;
}

export async function sendDigests(deps: DigestDeps, today: LocalDate): Promise<DigestRun> {
  const run: DigestRun = { date: today, sent: [], unresolved: [] };
  if (deps.roles.length === 0) return { ...run, skipped: 'no digest roles' };
  const calendar = await deps.calendar(today);
  if (!isWorkingDay(calendar, today)) return { ...run, skipped: 'not a working day' };
  const dir = deps.directory();
  for (const d of digests(
    await deps.openCaseStatuses(),
    deps.roles,
    today,
    calendar,
    deps.horizonWorkingDays,
  )) {
    const res = resolveAddressee(dir, d.owner);
    if (!res.ok) {
      run.unresolved.push(res.problem);
      continue;
    }
    const refused = await sendOne(deps, d, res.to, today);
    if (refused) run.unresolved.push(refused);
    else run.sent.push({ to: res.to.id, items: d.items.length });
  }
  if (run.unresolved.length) await tellAdministrator(deps, dir, today, run.unresolved);
  return run;
}

/** Whoever did not get their digest owes things nobody has told them about: the administrator must know today. */
async function tellAdministrator(deps: DigestDeps, dir: Directory, today: LocalDate, problems: string[]) {
  const key = `digest/${today}/undeliverable`;
  const messageId = messageIdFor(key, 'safeguarding-admin', deps.from);
  const entry = { messageId, key, recipient: 'safeguarding-admin' };
  if (!(await claimSend(deps.sent, entry, new Date()))) return;
  const text = [
    `The morning digest of ${today} did not reach everyone:`,
    '',
    ...problems.map((p) => `- ${p}`),
    '',
    'Please correct the directory and make sure these people hear what they owe another way today.',
  ].join('\n');
  try {
    await deps.transport.sendMail({
      from: deps.from,
      to: { name: dir.safeguardingAdmin.name, address: dir.safeguardingAdmin.email },
      subject: `Undeliverable: ${problems.length} morning digest${problems.length === 1 ? '' : 's'} of ${today}`,
      text,
      messageId,
      headers: { 'X-Cpcase-Key': key },
    });
  } catch (e) {
    const failure = classifySmtpError(e as SmtpError);
    await releaseClaim(deps.sent, entry);
    throw new MailFaultError(
      failure.kind === 'recipient-refused' ? 'configuration' : failure.kind,
      failure.detail,
    );
  }
  await settleSend(deps.sent, entry, { status: 'sent' }, new Date());
}
