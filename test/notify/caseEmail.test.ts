// The case workflow sending real email through a real SMTP server: an outage and a broken login while an
// escalation is due. The case keeps its books meanwhile, shows the fault, calls nobody unreachable, and when the
// mail gets through each message arrives exactly once.
import path from 'path';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadDirectoryFile } from '../../src/directory/file';
import { createEmailDeliverer } from '../../src/notify/email';
import { memorySentStore, type SentStore } from '../../src/notify/sentStore';
import { startTimeSkippingServer } from '../support/temporal';
import { CaseHarness, wd } from '../support/caseHarness';
import { TestSmtp } from '../support/smtp';
import { SA } from '../../src/shared/searchAttributes';
import { keepHistory } from '../support/histories';

Runtime.install({ logger: new DefaultLogger('ERROR') });

const DIRECTORY = path.join(__dirname, '..', '..', 'config', 'directory.example.yaml');
const HOUR = 60 * 60 * 1000;
let env: TestWorkflowEnvironment;
let h: CaseHarness;
const smtp = new TestSmtp();
const sent = memorySentStore();
/** Cases whose messages another worker holds (claimed, perhaps sending), for how long yet; and the claims asked. */
const heldElsewhere = new Map<string, number>();
let heldClaims = 0;
const sharedSent: SentStore = {
  ...sent,
  claim(entry, at) {
    const lapsesInMs = heldElsewhere.get(entry.key.split('/')[0]!);
    if (lapsesInMs === undefined) return sent.claim(entry, at);
    heldClaims += 1;
    return Promise.resolve({ held: { lapsesInMs } });
  },
};

beforeAll(async () => {
  await smtp.start();
  env = await startTimeSkippingServer();
  const directory = loadDirectoryFile(DIRECTORY);
  h = new CaseHarness(
    env,
    createEmailDeliverer({
      // The worker logs in with this password; the server may be changed to want another (test 2).
      transport: smtp.transport('worker-secret'),
      directory: () => directory,
      sent: sharedSent,
      from: 'cpcase@council.example',
      caseUrl: (ref) => `https://cases.council.example/cp/${ref}`,
    }),
  );
  await h.startWorker();
});
afterAll(async () => {
  await h?.stopWorker();
  await env?.teardown();
  await smtp.stop();
});

/** The messages the mail server took for a case, in order (each test reads only its own case's). */
const mailsOf = (caseRef: string) =>
  smtp.received.filter((r) => {
    const key = r.mail.headers.get('x-cpcase-key');
    return typeof key === 'string' && key.startsWith(`${caseRef}/`);
  });
/** What a case's messages reached, in order: recipient and subject. */
const received = (caseRef: string) => mailsOf(caseRef).map((r) => [r.to[0], r.mail.subject]);

test('mail server down when an escalation falls due: books kept, fault shown, each message once when it returns', async () => {
  await smtp.stop();
  const before = smtp.received.length;
  const today = await h.workingDay('10:00');
  const c = await h.open('CP-2026-0201');
  const sd = wd(today, -25); // entered late: the ICPC is 10 working days overdue, the second escalation due
  await c.record(sd, { type: 'strategy-discussion' });
  // The entry's escalation goes at 09:00 the next working day; the mail server is down then.
  await h.skipTo(wd(today, 1), '09:05');
  expect(smtp.received).toHaveLength(before);
  expect((await c.status()).mail?.fault).toMatchObject({ kind: 'unavailable' });

  // Bookkeeping does not wait on email: an event recorded in the outage is planned and ledgered at once.
  await c.record(wd(today, 1), {
    type: 'conference-scheduled',
    conferenceType: 'initial',
    date: wd(today, 6),
  });
  await h.settle();
  expect((await c.status()).conferences).toHaveLength(1);
  // And what `cpcase list` filters on is current too (the search attributes, set before any send is tried).
  await c.record(wd(today, 1), { type: 'staff-reassigned', role: 'socialWorker', staffId: 'SW-102' });
  await h.settle();
  const described = await c.handle.describe();
  expect(described.typedSearchAttributes.get(SA.socialWorker)).toBe('SW-102');
  expect(described.typedSearchAttributes.get(SA.overdue)).toBe(1);
  expect((await h.ledger.audit('CP-2026-0201')).map((e) => e.type)).toEqual([
    'strategy-discussion',
    'conference-scheduled',
    'staff-reassigned',
  ]);

  await smtp.start();
  await env.sleep(HOUR); // retries with backoff (10 s doubling, at most 30 min), skipped
  await h.settle();
  // The owner and the level now due, once each; nothing called undeliverable.
  const subject =
    'Escalation level 2: Initial child protection conference held on case CP-2026-0201 is 11 working days late';
  expect(received('CP-2026-0201')).toEqual([
    ['priya.shah@council.example', subject], // the social worker now
    ['sara.malik@council.example', subject],
  ]);
  expect(mailsOf('CP-2026-0201')[0]!.mail.text).toContain('You own this step');
  expect((await c.status()).mail).toBeUndefined();

  // The next level still comes at its time, once per person.
  await h.skipTo(wd(wd(sd, 15), 15));
  const icpc = received('CP-2026-0201').filter(([, subject]) =>
    subject!.includes('Initial child protection'),
  );
  expect(icpc.slice(2).map(([to]) => to)).toEqual([
    'hannah.stone@council.example',
    'quentin.ames@council.example',
  ]);
  expect(sent.records.filter((r) => r.status === 'undeliverable')).toEqual([]);
  await c.close();
});

test('a 535 from the mail server: every message retried, none undeliverable, the fault shown; fixed, each goes once', async () => {
  smtp.password = 'changed-by-it'; // the mail server's credentials were changed and the worker's were not
  const before = smtp.received.length;
  const today = await h.workingDay('10:00');
  const c = await h.open('CP-2026-0202');
  await c.record(wd(today, -25), { type: 'strategy-discussion' });
  await h.skipTo(wd(today, 1), '12:00');
  expect(smtp.received).toHaveLength(before); // not even an "undeliverable" alert: nobody's address is at fault
  expect(smtp.refusedLogins).toBeGreaterThan(3); // tried again and again
  const { mail } = await c.status();
  expect(mail?.fault).toMatchObject({ kind: 'configuration' });
  expect(mail?.fault?.detail).toContain('535');
  // Claimed each time it was tried; never sent, never called undeliverable.
  expect(
    sent.records.filter((r) => r.key.startsWith('CP-2026-0202/')).every((r) => r.status === 'claimed'),
  ).toBe(true);

  smtp.password = 'worker-secret'; // fixed
  await env.sleep(HOUR);
  await h.settle();
  expect(received('CP-2026-0202').map(([to]) => to)).toEqual([
    'sam.walker@council.example',
    'sara.malik@council.example',
  ]);
  expect((await c.status()).mail).toBeUndefined();
  await env.sleep(HOUR);
  expect(received('CP-2026-0202')).toHaveLength(2);
  await c.close();
});

test("another worker's claim: the case waits for it to lapse, shows no fault, then sends once", async () => {
  const today = await h.workingDay('10:00');
  const c = await h.open('CP-2026-0203');
  await c.record(wd(today, -25), { type: 'strategy-discussion' });
  // Claimed by a worker that then died: its claim lapses four minutes after the case first asks.
  heldElsewhere.set('CP-2026-0203', 4 * 60_000);
  await h.skipTo(wd(today, 1), '09:03');
  expect(received('CP-2026-0203')).toEqual([]);
  expect(heldClaims).toBe(1); // asked once, not every few seconds
  expect((await c.status()).mail).toBeUndefined(); // nothing is wrong with the mail
  heldElsewhere.delete('CP-2026-0203'); // lapsed: this worker takes it over
  await h.skipTo(wd(today, 1), '09:05');
  expect(received('CP-2026-0203').map(([to]) => to)).toEqual([
    'sam.walker@council.example',
    'sara.malik@council.example',
  ]);
  expect(heldClaims).toBe(1);
  await keepHistory('held-claim', c.handle);
  await c.close();
});
