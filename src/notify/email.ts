// Email delivery of notifications: one message per recipient, addresses resolved from the directory at send
// time, each message sent at most once per recipient (a stable Message-ID and the sent-message record), and an
// alert to the safeguarding administrator for anyone who cannot be reached. A recipient refused (a 5xx to RCPT
// TO) is final for that message; any other failure is a fault of the mail set-up or of the server's availability,
// thrown for the case to try again later, and never makes a message "undeliverable".
import crypto from 'crypto';
import type { Transporter } from 'nodemailer';
import type { Notification, ResolvedRecipient } from '../domain/case/actions';
import type { MailFault } from '../domain/case/sending';
import { resolveAddressee, type Addressee, type Directory } from '../domain/directory';
import { notificationEmail, undeliverableEmail, type Email } from './templates';
import type { ClaimResult, SentEntry, SentOutcome, SentStore } from './sentStore';
import type { CpcaseMetrics } from '../metrics/metrics';
import { secondsSinceSendTime, type MessageKind, type MessageOutcome } from '../domain/operations';
import type { TimeOfDay } from '../domain/londonTime';

export interface EmailDeps {
  transport: Pick<Transporter, 'sendMail'>;
  /** Read at every send, so directory changes take effect at once. */
  directory: () => Directory;
  sent: SentStore;
  from: string;
  caseUrl: (caseRef: string) => string;
  now?: () => Date;
  /** Structured log (the worker passes the SDK's logger). Keys and ids only: never an email's content. */
  log?: (message: string, meta: Record<string, unknown>) => void;
  /** Each attempt's outcome, and a taken message's delay after the policy's send time (`sendTime`). */
  metrics?: CpcaseMetrics;
  sendTime?: TimeOfDay;
  /** The cases' clock (the Temporal server's), for that delay; the machine's unless a rehearsal sets it apart. */
  casesNow?: () => number;
}

/**
 * A send that failed for a reason of the mail set-up or the server's availability, not of one recipient: nothing
 * is marked sent or undeliverable, the case tries again later and shows the fault until a send succeeds.
 */
export class MailFaultError extends Error {
  constructor(
    readonly kind: MailFault['kind'],
    readonly detail: string,
  ) {
    super(`mail not sent yet (${kind}): ${detail}; will retry`);
  }
}

/**
 * Another worker holds the claim on this message and may be sending it now: nothing is wrong with the mail, the
 * case tries again once the claim lapses (by then it is settled, or taken over from a worker that died).
 */
export class ClaimHeldError extends Error {
  constructor(readonly lapsesInMs: number) {
    super(`another worker is sending this message now; tried again in ${Math.ceil(lapsesInMs / 1000)} s`);
  }
}

export function messageIdFor(key: string, recipientId: string, from: string): string {
  const domain = from.split('@')[1]?.replace(/[>\s]/g, '') || 'cpcase.invalid';
  const hash = crypto.createHash('sha256').update(`${key}\u0000${recipientId}`).digest('hex').slice(0, 40);
  return `<${hash}@${domain}>`;
}

/** What nodemailer reports of an SMTP failure: the command (stage) that failed and the server's reply. */
export interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  command?: string;
  response?: string;
}

export type SmtpFailure =
  { kind: 'recipient-refused'; detail: string } | { kind: MailFault['kind']; detail: string };

/**
 * By the stage that failed: a 5xx refusing the recipient (RCPT TO) is final for that message; a 4xx, a
 * connection that fails or times out is the server unavailable; authentication, TLS, a refused sender or a
 * refused message (every message would be) is the set-up at fault. Only the first is ever "undeliverable".
 */
export function classifySmtpError(e: SmtpError): SmtpFailure {
  const code = e.responseCode;
  const stage = e.command ?? e.code ?? 'SMTP';
  const detail = `${(e.response ?? e.message).trim()} (${stage})`;
  const permanent = typeof code === 'number' && code >= 500 && code < 600;
  if (permanent && /^RCPT/i.test(e.command ?? '')) return { kind: 'recipient-refused', detail };
  if (typeof code === 'number' && code >= 400 && code < 500) return { kind: 'unavailable', detail };
  if (permanent || e.code === 'EAUTH' || e.code === 'ETLS' || e.code === 'EENVELOPE') {
    return { kind: 'configuration', detail };
  }
  return { kind: 'unavailable', detail };
}

const recordFault = (e: unknown, doing: string) => {
  const why = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
  return new MailFaultError('configuration', `the sent-message record cannot be ${doing} (${why})`);
};

/**
 * Claims a message in the sent-message record: true to send it now, false when it was settled before. A claim
 * that cannot be written is a fault of the set-up (nothing is sent that cannot be recorded); a claim another
 * worker holds is a passing fault, tried again by the case.
 */
export async function claimSend(store: SentStore, entry: SentEntry, at: Date): Promise<boolean> {
  let claim: ClaimResult;
  try {
    claim = await store.claim(entry, at);
  } catch (e) {
    throw recordFault(e, 'written');
  }
  if (typeof claim === 'object') throw new ClaimHeldError(claim.held.lapsesInMs);
  return claim === 'ours';
}

/** Records how a send ended, or raises a fault of the set-up. */
export async function settleSend(
  store: SentStore,
  entry: SentEntry,
  outcome: SentOutcome,
  at: Date,
): Promise<void> {
  try {
    await store.settle(entry, outcome, at);
  } catch (e) {
    throw recordFault(e, 'written');
  }
}

/** Gives a claim back after a send the server did not take; failing that, the claim lapses by itself. */
export async function releaseClaim(store: SentStore, entry: SentEntry): Promise<void> {
  await store.release(entry).catch(() => undefined);
}

function ownerLabel(dir: Directory, n: Notification): string {
  const r: ResolvedRecipient = { role: n.owner.role, id: n.owner.id };
  const res = resolveAddressee(dir, r);
  const role = n.owner.role.replace(/-/g, ' ');
  return res.ok ? `${res.to.name} (${role}, ${res.to.id})` : `${role} ${n.owner.id ?? '(unassigned)'}`;
}

/** Who a notification could not reach: the administrator was told, unless that failed too. */
export interface UnreachedRecipient {
  recipient: string;
  problem: string;
  alerted: boolean;
}

export interface DeliveryResult {
  unreached: UnreachedRecipient[];
}

/** Hands one message to the mail server: undefined once accepted, or why not (a set-up fault is logged too). */
async function handOver(
  deps: EmailDeps,
  n: Notification,
  to: Addressee,
  email: Email,
  messageId: string,
): Promise<SmtpFailure | undefined> {
  try {
    await deps.transport.sendMail({
      from: deps.from,
      to: { name: to.name, address: to.email },
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId,
      headers: { 'X-Cpcase-Key': n.key },
    });
    return undefined;
  } catch (e) {
    const failure = classifySmtpError(e as SmtpError);
    if (failure.kind !== 'recipient-refused') {
      deps.log?.('mail not getting through; the case will try again', {
        key: n.key,
        kind: failure.kind,
        detail: failure.detail,
      });
    }
    return failure;
  }
}

type SendOnce = (
  kind: MessageKind,
  n: Notification,
  to: Addressee,
  recipientKey: string,
  email: Email,
) => Promise<'sent' | SmtpFailure>;

/** One recipient of a step: resolved now from the directory and sent to, or the administrator told why not. */
async function sendTo(
  deps: EmailDeps,
  sendOnce: SendOnce,
  n: Notification,
  r: Notification['recipients'][number],
  owner: string,
  /** Read once per step, so every recipient of it is resolved against the same directory. */
  dir: Directory,
): Promise<UnreachedRecipient | undefined> {
  const res = resolveAddressee(dir, r);
  if (!res.ok) {
    return alertAdmin(deps, sendOnce, n, {
      id: r.id ?? r.managerOf ?? r.role,
      role: r.role,
      problem: res.problem,
    });
  }
  const isOwner = r.role === n.owner.role && r.id !== undefined && r.id === n.owner.id;
  const email = notificationEmail(n, res.to, {
    caseUrl: deps.caseUrl(n.caseRef),
    contact: dir.safeguardingAdmin,
    ownerLabel: owner,
    toOwner: isOwner,
  });
  const result = await sendOnce(n.kind, n, res.to, res.to.id, email);
  if (result === 'sent') return undefined;
  return alertAdmin(deps, sendOnce, n, {
    id: res.to.id,
    role: res.to.role,
    email: res.to.email,
    problem: `the mail server refused it: ${result.detail}`,
  });
}

/** Tells the safeguarding administrator that a recipient could not be reached (once per recipient and step). */
async function alertAdmin(
  deps: EmailDeps,
  sendOnce: SendOnce,
  n: Notification,
  failed: { id: string; role: string; email?: string; problem: string },
): Promise<UnreachedRecipient> {
  const dir = deps.directory();
  const admin: Addressee = { id: 'safeguarding-admin', role: 'safeguarding-admin', ...dir.safeguardingAdmin };
  const email = undeliverableEmail(n, failed, deps.caseUrl(n.caseRef));
  const r = await sendOnce(
    'undeliverable-alert',
    n,
    admin,
    `undeliverable:${failed.role}:${failed.id}`,
    email,
  );
  // The administrator's own address refused: the case shows it (cpcase status), and the log says so.
  if (r !== 'sent') deps.log?.('undeliverable alert refused by the mail server', { key: n.key });
  return { recipient: `${failed.role} ${failed.id}`, problem: failed.problem, alerted: r === 'sent' };
}

/** Tells the metrics how an attempt ended: a taken message with its delay after the send time. */
export function observer(deps: Pick<EmailDeps, 'metrics' | 'sendTime' | 'casesNow'>, now: () => Date) {
  const casesNow = deps.casesNow ?? (() => now().getTime());
  return (kind: MessageKind, outcome: MessageOutcome) =>
    deps.metrics?.message(
      kind,
      outcome,
      outcome === 'sent' && deps.sendTime ? secondsSinceSendTime(casesNow(), deps.sendTime) : undefined,
    );
}

/** Claims the message, saying so to the metrics when another worker holds it or the record cannot be written. */
export async function claimObserved(
  deps: Pick<EmailDeps, 'sent'>,
  seen: (outcome: MessageOutcome) => void,
  entry: SentEntry,
  at: Date,
): Promise<boolean> {
  try {
    return await claimSend(deps.sent, entry, at);
  } catch (e) {
    seen(e instanceof ClaimHeldError ? 'held' : 'retry');
    throw e;
  }
}

export function createEmailDeliverer(deps: EmailDeps): (n: Notification) => Promise<DeliveryResult> {
  const now = deps.now ?? (() => new Date());
  const observe = observer(deps, now);
  const acceptedUnrecorded = new Set<string>();

  /** 'sent', or the refusal of this recipient; a fault of the set-up is thrown for the case to retry. */
  async function sendOnce(
    kind: MessageKind,
    n: Notification,
    to: Addressee,
    recipientKey: string,
    email: Email,
  ): Promise<'sent' | SmtpFailure> {
    const seen = (outcome: MessageOutcome) => observe(kind, outcome);
    const messageId = messageIdFor(n.key, recipientKey, deps.from);
    const entry = { messageId, key: n.key, recipient: to.id };
    // Claimed before it is handed over: a record that cannot be written sends nothing (a fault, retried).
    if (acceptedUnrecorded.has(messageId) || !(await claimObserved(deps, seen, entry, now()))) {
      seen('already-sent');
      return 'sent';
    }
    const failure = await handOver(deps, n, to, email, messageId);
    seen(!failure ? 'sent' : failure.kind === 'recipient-refused' ? 'refused' : 'retry');
    if (failure) {
      if (failure.kind !== 'recipient-refused') {
        await releaseClaim(deps.sent, entry);
        throw new MailFaultError(failure.kind, failure.detail);
      }
      await settleSend(deps.sent, entry, { status: 'undeliverable', detail: failure.detail }, now());
      return failure;
    }
    // Accepted by the server: if the record cannot say so, this process at least never sends it again.
    acceptedUnrecorded.add(messageId);
    await settleSend(deps.sent, entry, { status: 'sent' }, now());
    acceptedUnrecorded.delete(messageId);
    return 'sent';
  }

  return async (n: Notification) => {
    const dir = deps.directory();
    const owner = ownerLabel(dir, n);
    const unreached: UnreachedRecipient[] = [];
    for (const r of n.recipients) {
      const failed = await sendTo(deps, sendOnce, n, r, owner, dir);
      if (failed) unreached.push(failed);
    }
    return { unreached };
  };
}
