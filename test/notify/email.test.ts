// Email delivery against a real SMTP server in-process: who gets what, in what words, exactly once, and what
// happens when the server is down or refuses an address.
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Notification } from '../../src/domain/case/actions';
import type { LocalDate } from '../../src/domain/dates';
import type { Directory } from '../../src/domain/directory';
import { loadDirectoryFile } from '../../src/directory/file';
import { createEmailDeliverer, messageIdFor, MailFaultError } from '../../src/notify/email';
import {
  memorySentStore,
  fileSentLog,
  fileSentStore,
  logStore,
  type SentStore,
} from '../../src/notify/sentStore';
import { TestSmtp } from '../support/smtp';
import { noMetrics } from '../../src/metrics/metrics';
import { caseInput } from '../support/caseHarness';

export const DIRECTORY = path.join(__dirname, '..', '..', 'config', 'directory.example.yaml');
const FROM = 'cpcase@council.example';
const caseUrl = (ref: string) => `https://cases.council.example/cp/${ref}`;

let smtp: TestSmtp;
beforeEach(async () => {
  smtp = new TestSmtp();
  await smtp.start();
});
afterEach(() => smtp.stop());

function deliverer(directory: Directory = loadDirectoryFile(DIRECTORY), sent: SentStore = memorySentStore()) {
  return createEmailDeliverer({
    transport: smtp.transport(),
    directory: () => directory,
    sent,
    from: FROM,
    caseUrl,
  });
}

const base: Notification = {
  key: 'CP-2026-0001/icpc:E1/remind-3',
  caseRef: 'CP-2026-0001',
  deadlineId: 'icpc:E1',
  ruleId: 'icpc',
  title: 'Initial child protection conference held',
  dueDate: '2026-12-18' as LocalDate,
  kind: 'reminder',
  level: 0,
  stepId: 'remind-3',
  owner: { role: 'social-worker', id: 'SW-101' },
  recipients: [{ role: 'social-worker', id: 'SW-101' }],
};

describe('each kind of message', () => {
  test('reminder: to the owner, the due date with its weekday, what to do, the link', async () => {
    await deliverer()(base);
    expect(smtp.received).toHaveLength(1);
    const { mail, to } = smtp.received[0]!;
    expect(to).toEqual(['sam.walker@council.example']);
    expect(mail.subject).toBe(
      'Reminder: Initial child protection conference held due Friday 18 December 2026 (case CP-2026-0001)',
    );
    expect(mail.text).toContain('Dear Sam Walker,');
    expect(mail.text).toContain(
      'Initial child protection conference held is due on Friday 18 December 2026.',
    );
    expect(mail.text).toContain('Owner      Sam Walker (social worker, SW-101)');
    expect(mail.text).toContain('Case record: https://cases.council.example/cp/CP-2026-0001');
    expect(mail.html).toContain('<a href="https://cases.council.example/cp/CP-2026-0001">');
    expect(mail.messageId).toBe(messageIdFor(base.key, 'SW-101', FROM));
  });

  test('due today and overdue', async () => {
    const deliver = deliverer();
    await deliver({ ...base, key: 'k/due', kind: 'due-today', stepId: 'due' });
    await deliver({ ...base, key: 'k/over', kind: 'overdue', stepId: 'over', lateBy: 2 });
    expect(smtp.received.map((r) => r.mail.subject)).toEqual([
      'Due today: Initial child protection conference held (case CP-2026-0001)',
      'Overdue by 2 working days: Initial child protection conference held (case CP-2026-0001)',
    ]);
    expect(smtp.received[1]!.mail.text).toContain(
      'was due on Friday 18 December 2026 and is 2 working days late.',
    );
  });

  test('escalation: one message per person, the line manager found through the directory', async () => {
    await deliverer()({
      ...base,
      key: 'CP-2026-0003/minutes-to-chair:C1/escalate-1',
      title: 'Minutes sent to chair',
      kind: 'escalation',
      level: 1,
      stepId: 'escalate-1',
      lateBy: 1,
      owner: { role: 'minute-taker', id: 'MT-501' },
      recipients: [
        { role: 'minute-taker', id: 'MT-501' },
        { role: 'owner-line-manager', managerOf: 'MT-501' },
      ],
    });
    expect(smtp.received.map((r) => r.to)).toEqual([
      ['mel.turner@council.example'],
      ['bea.marsh@council.example'],
    ]);
    for (const r of smtp.received) {
      expect(r.mail.subject).toBe(
        'Escalation level 1: Minutes sent to chair on case CP-2026-0001 is 1 working day late',
      );
      expect(r.mail.text).toContain('Owner      Mel Turner (minute taker, MT-501)');
    }
    expect(smtp.received[1]!.mail.text).toContain('Dear Bea Marsh,');
    expect(new Set(smtp.received.map((r) => r.mail.messageId)).size).toBe(2);
  });

  test('head of service and QA manager come from the directory; an agency by its own address', async () => {
    const deliver = deliverer();
    await deliver({
      ...base,
      key: 'k/e3',
      kind: 'escalation',
      level: 3,
      lateBy: 14,
      recipients: [{ role: 'head-of-service' }, { role: 'qa-manager' }],
    });
    await deliver({
      ...base,
      key: 'k/ag',
      owner: { role: 'agency', id: 'gp' },
      recipients: [{ role: 'agency', id: 'gp' }],
    });
    expect(smtp.received.map((r) => r.to[0])).toEqual([
      'hannah.stone@council.example',
      'quentin.ames@council.example',
      'safeguarding.gp@nhs.example',
    ]);
    // Staff follow the link to the case page; an agency, outside the council, gets whom to ask instead.
    const [hos, , gp] = smtp.received;
    expect(hos!.mail.text).toContain('Case record: https://cases.council.example/cp/CP-2026-0001');
    expect(hos!.mail.html).toContain('href="https://cases.council.example/cp/CP-2026-0001"');
    expect(gp!.raw).not.toMatch(/https?:\/\//);
    expect(gp!.mail.html).not.toContain('<a ');
    expect(gp!.mail.text).toContain(
      'To discuss this case, contact Safeguarding Administration at safeguarding-admin@council.example, quoting CP-2026-0001.',
    );
  });

  test('no raw message carries a date of birth or any detail of the children', async () => {
    const deliver = deliverer();
    await deliver(base);
    await deliver({
      ...base,
      key: 'k/esc',
      kind: 'escalation',
      level: 2,
      lateBy: 4,
      recipients: [{ role: 'service-manager', id: 'SM-301' }],
    });
    const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September'];
    const children = caseInput('CP-2026-0001').children;
    const forms = children.flatMap((c) => {
      const [y, m, d] = c.dateOfBirth!.split('-') as [string, string, string];
      return [c.dateOfBirth!, `${d}/${m}/${y}`, `${Number(d)} ${months[Number(m) - 1]} ${y}`];
    });
    expect(smtp.received).toHaveLength(2);
    for (const r of smtp.received) {
      for (const f of forms) expect(r.raw).not.toContain(f);
      for (const c of children) expect(r.raw).not.toContain(c.id);
    }
  });
});

describe('delivery', () => {
  test('SMTP down: the activity fails to be retried; when it returns the message goes exactly once', async () => {
    const deliver = deliverer();
    await smtp.stop();
    await expect(deliver(base)).rejects.toBeInstanceOf(MailFaultError);
    await expect(deliver(base)).rejects.toMatchObject({ kind: 'unavailable' });
    await expect(deliver(base)).rejects.toThrow(/not sent yet .* will retry/);
    await smtp.start();
    await deliver(base);
    await deliver(base); // a further retry after success
    expect(smtp.received).toHaveLength(1);
  });

  test('a 421 (server busy): a passing fault, nothing undeliverable; when it clears the message goes once', async () => {
    const sent = memorySentStore();
    const deliver = deliverer(undefined, sent);
    smtp.busy = true;
    try {
      await expect(deliver(base)).rejects.toBeInstanceOf(MailFaultError);
      await expect(deliver(base)).rejects.toThrow(/421/);
    } finally {
      smtp.busy = false;
    }
    await deliver(base);
    await deliver(base);
    expect(smtp.received).toHaveLength(1);
    expect(sent.records.map((r) => r.status)).not.toContain('undeliverable');
  });

  test('retried after the server accepted: no second message, even from a new worker process', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-sent-')), 'sent.jsonl');
    await deliverer(undefined, fileSentStore(file))(base);
    await deliverer(undefined, fileSentStore(file))(base); // a fresh store reading the same file
    expect(smtp.received).toHaveLength(1);
    expect(fs.readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2); // claimed, then sent
  });

  test('a refused address: one alert to the safeguarding administrator, no retry, no storm', async () => {
    const dir = loadDirectoryFile(DIRECTORY);
    dir.staff.find((s) => s.id === 'SW-101')!.email = 'sam.bounce@council.example';
    const sent = memorySentStore();
    const deliver = deliverer(dir, sent);
    await deliver(base); // resolves: one bad address does not fail the case
    await deliver(base); // and even a retry sends nothing more
    expect(smtp.received).toHaveLength(1);
    const alert = smtp.received[0]!;
    expect(alert.to).toEqual(['safeguarding-admin@council.example']);
    expect(alert.mail.subject).toBe(
      'Undeliverable: Initial child protection conference held on case CP-2026-0001 did not reach social-worker SW-101',
    );
    expect(alert.mail.text).toContain('Problem     the mail server refused it: 550');
    expect(sent.records.map((r) => r.status)).toEqual(['claimed', 'undeliverable', 'claimed', 'sent']);
  });

  test('a recipient nobody can resolve: the administrator is told, the others still receive theirs', async () => {
    await deliverer()({
      ...base,
      recipients: [
        { role: 'social-worker', id: 'SW-999' },
        { role: 'team-manager', id: 'TM-201' },
      ],
    });
    expect(smtp.received.map((r) => r.to[0])).toEqual([
      'safeguarding-admin@council.example',
      'tom.moore@council.example',
    ]);
    expect(smtp.received[0]!.mail.text).toContain('Problem     social-worker SW-999 is not in the directory');
  });
});

describe('the sent-message record under faults', () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-sent-'));

  test('a record that cannot be written sends nothing, and says so as a fault of the set-up', async () => {
    const dir = tmp();
    fs.chmodSync(dir, 0o500); // read-only: a full disk or a wrong owner looks the same to the worker
    const file = path.join(dir, 'sent.jsonl');
    const root = process.getuid?.() === 0; // root writes anyway: make the file itself a directory instead
    if (root) fs.mkdirSync(file);
    await expect(deliverer(undefined, fileSentStore(file))(base)).rejects.toMatchObject({
      kind: 'configuration',
      detail: expect.stringMatching(/^the sent-message record cannot be (read|written)/) as unknown,
    });
    expect(smtp.received).toHaveLength(0);
    fs.chmodSync(dir, 0o700);
  });

  test('a line cut short by a crash is cut off before the next record, which it would have swallowed', async () => {
    const file = path.join(tmp(), 'sent.jsonl');
    const whole = JSON.stringify({
      messageId: '<a@x>',
      key: 'k',
      recipient: 'SW-1',
      status: 'sent',
      at: 't',
    });
    fs.writeFileSync(file, `${whole}\n{"messageId":"<b@x>","key":"k2","recip`);
    const warnings: string[] = [];
    const store = fileSentStore(file, (m) => warnings.push(m));
    expect(store.get('<a@x>')?.status).toBe('sent');
    await deliverer(undefined, store)(base);
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { status: string }).status)).toEqual([
      'sent',
      'claimed',
      'sent',
    ]);
    expect(warnings).toEqual([`sent-message record ${file}: a line cut short by a crash was removed`]);
    expect(smtp.received).toHaveLength(1);
  });

  test('accepted but not recorded: this process never sends it again; a new one sends it once, same Message-ID', async () => {
    const file = path.join(tmp(), 'sent.jsonl');
    const real = fileSentLog(file);
    let failSent = true;
    const flaky = logStore({
      get: (id) => real.get(id),
      add: (r) => {
        if (r.status === 'sent' && failSent) throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
        real.add(r);
      },
    });
    const deliver = deliverer(undefined, flaky);
    await expect(deliver(base)).rejects.toMatchObject({ kind: 'configuration' });
    await expect(deliver(base)).resolves.toEqual({ unreached: [] }); // the retry: nothing sent twice
    expect(smtp.received).toHaveLength(1);
    // The worker died before the record could say "sent": a new process finds the claim alone and sends once
    // more, under the same Message-ID (the documented window: at most this one message).
    failSent = false;
    await deliverer(undefined, fileSentStore(file))(base);
    await deliverer(undefined, fileSentStore(file))(base);
    expect(smtp.received).toHaveLength(2);
    expect(new Set(smtp.received.map((r) => r.mail.messageId)).size).toBe(1);
  });
});

describe('what the metrics are told', () => {
  /** Every attempt's kind and outcome, and whether a delay came with it. */
  function counting(
    sent: SentStore = memorySentStore(),
    dir = loadDirectoryFile(DIRECTORY),
    casesNow?: () => number,
  ) {
    const seen: [string, string, boolean][] = [];
    const delays: number[] = [];
    const metrics = {
      ...noMetrics,
      message: (k: string, o: string, d?: number) => {
        seen.push([k, o, d !== undefined]);
        if (d !== undefined) delays.push(d);
      },
    };
    const deliver = createEmailDeliverer({
      ...{ transport: smtp.transport(), directory: () => dir, sent, from: FROM, caseUrl },
      ...{ metrics, sendTime: '09:00', ...(casesNow ? { casesNow } : {}) },
    });
    return { deliver, seen, delays };
  }

  test("the delay after the send time, on the cases' clock (a rehearsal's server runs ahead)", async () => {
    const { deliver, delays } = counting(undefined, undefined, () => Date.parse('2026-12-07T09:01:30Z'));
    await deliver(base);
    expect(delays).toEqual([90]);
  });

  test('a fault, then the message taken with its delay, then a retry that finds it sent', async () => {
    const { deliver, seen } = counting();
    smtp.busy = true;
    await expect(deliver(base)).rejects.toBeInstanceOf(MailFaultError);
    smtp.busy = false;
    await deliver(base);
    await deliver(base);
    expect(seen).toEqual([
      ['reminder', 'retry', false],
      ['reminder', 'sent', true],
      ['reminder', 'already-sent', false],
    ]);
  });

  test('a refused address: refused, and the administrator’s alert sent as an alert', async () => {
    const dir = loadDirectoryFile(DIRECTORY);
    dir.staff.find((s) => s.id === 'SW-101')!.email = 'sam.bounce@council.example';
    const { deliver, seen } = counting(memorySentStore(), dir);
    await deliver({ ...base, kind: 'escalation', level: 1 });
    expect(seen).toEqual([
      ['escalation', 'refused', false],
      ['undeliverable-alert', 'sent', true],
    ]);
  });

  test('another worker sending it now: held', async () => {
    const sent = memorySentStore();
    const held: SentStore = { ...sent, claim: () => Promise.resolve({ held: { lapsesInMs: 1000 } }) };
    const { deliver, seen } = counting(held);
    await expect(deliver(base)).rejects.toThrow(/another worker/);
    expect(seen).toEqual([['reminder', 'held', false]]);
  });
});
