// Email delivery of notifications: one message per recipient, addresses resolved from the directory at send
// time, each message sent at most once per recipient (a stable Message-ID and the sent-message record), and an
// alert to the safeguarding administrator for anyone who cannot be reached. Temporal retries what may succeed
// later (mail server down, 4xx); a 5xx refusal is final for that message and is not retried.
import crypto from 'crypto';
import type { Transporter } from 'nodemailer';
import type { Notification, ResolvedRecipient } from '../domain/case/actions';
import { resolveAddressee, type Addressee, type Directory } from '../domain/directory';
import { notificationEmail, undeliverableEmail, type Email } from './templates';
import type { SentStore } from './sentStore';

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
}

/** Thrown for failures worth retrying; the activity fails and Temporal tries again with backoff. */
export class TransientMailError extends Error {}

export function messageIdFor(key: string, recipientId: string, from: string): string {
  const domain = from.split('@')[1]?.replace(/[>\s]/g, '') || 'cpcase.invalid';
  const hash = crypto.createHash('sha256').update(`${key}\u0000${recipientId}`).digest('hex').slice(0, 40);
  return `<${hash}@${domain}>`;
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  command?: string;
  response?: string;
}

const isPermanent = (e: SmtpError) =>
  typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600;

function ownerLabel(dir: Directory, n: Notification): string {
  const r: ResolvedRecipient = { role: n.owner.role, id: n.owner.id };
  const res = resolveAddressee(dir, r);
  const role = n.owner.role.replace(/-/g, ' ');
  return res.ok ? `${res.to.name} (${role}, ${res.to.id})` : `${role} ${n.owner.id ?? '(unassigned)'}`;
}

export function createEmailDeliverer(deps: EmailDeps): (n: Notification) => Promise<void> {
  const now = deps.now ?? (() => new Date());

  async function sendOnce(
    n: Notification,
    to: Addressee,
    recipientKey: string,
    email: Email,
  ): Promise<'sent' | SmtpError> {
    const messageId = messageIdFor(n.key, recipientKey, deps.from);
    if (deps.sent.get(messageId)) return 'sent';
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
    } catch (e) {
      const err = e as SmtpError;
      if (!isPermanent(err)) {
        throw new TransientMailError(
          `mail to ${to.role} ${to.id} not sent yet (${err.code ?? ''} ${err.responseCode ?? ''} ${err.message}); will retry`,
        );
      }
      deps.sent.add({
        messageId,
        key: n.key,
        recipient: to.id,
        status: 'undeliverable',
        at: now().toISOString(),
        detail: `${err.responseCode} ${err.response ?? err.message}`,
      });
      return err;
    }
    deps.sent.add({ messageId, key: n.key, recipient: to.id, status: 'sent', at: now().toISOString() });
    return 'sent';
  }

  async function alert(
    n: Notification,
    failed: { id: string; role: string; email?: string; problem: string },
  ) {
    const dir = deps.directory();
    const admin: Addressee = {
      id: 'safeguarding-admin',
      role: 'safeguarding-admin',
      ...dir.safeguardingAdmin,
    };
    const email = undeliverableEmail(n, failed, deps.caseUrl(n.caseRef));
    const r = await sendOnce(n, admin, `undeliverable:${failed.role}:${failed.id}`, email);
    // The administrator's own address refused: nothing more can be done by email; the record keeps it.
    if (r !== 'sent') {
      deps.log?.('undeliverable alert refused by the mail server', {
        key: n.key,
        responseCode: r.responseCode,
      });
    }
  }

  return async (n: Notification) => {
    const dir = deps.directory();
    const owner = ownerLabel(dir, n);
    for (const r of n.recipients) {
      const res = resolveAddressee(dir, r);
      if (!res.ok) {
        await alert(n, { id: r.id ?? r.managerOf ?? r.role, role: r.role, problem: res.problem });
        continue;
      }
      const email = notificationEmail(n, res.to, { caseUrl: deps.caseUrl(n.caseRef), ownerLabel: owner });
      const result = await sendOnce(n, res.to, res.to.id, email);
      if (result !== 'sent') {
        await alert(n, {
          id: res.to.id,
          role: res.to.role,
          email: res.to.email,
          problem: `the mail server refused it: ${result.responseCode} ${result.response ?? result.message}`,
        });
      }
    }
  };
}
