// The sent-message record shared in PostgreSQL, as several workers use it: two workers handed the same message at
// the same moment send it once; a worker that died holding a claim delays the message by the lease, never loses
// it; a send that failed before the server took it is given back at once for any worker to retry.
import path from 'path';
import { ClaimHeldError, createEmailDeliverer, messageIdFor } from '../../src/notify/email';
import { loadDirectoryFile } from '../../src/directory/file';
import { CLAIM_LEASE_MS, openPostgresSentStore } from '../../src/notify/postgresSentStore';
import type { SentStore } from '../../src/notify/sentStore';
import type { Notification } from '../../src/domain/case/actions';
import type { LocalDate } from '../../src/domain/dates';
import { postgresAvailable, startPostgres, type TestPostgres } from '../support/postgres';
import { TestSmtp } from '../support/smtp';

const runPg = postgresAvailable() || process.env.CI === 'true';
const FROM = 'cpcase@council.example';
const DIRECTORY = path.join(__dirname, '..', '..', 'config', 'directory.example.yaml');
let pg: TestPostgres;
let smtp: TestSmtp;
const stores: (SentStore & { close(): Promise<void> })[] = [];

const notification = (n: number): Notification => ({
  key: `CP-2026-0${100 + n}/icpc:E1/escalate-1`,
  caseRef: `CP-2026-0${100 + n}`,
  deadlineId: 'icpc:E1',
  ruleId: 'icpc',
  title: 'Initial child protection conference held',
  dueDate: '2026-12-18' as LocalDate,
  kind: 'escalation',
  level: 1,
  stepId: 'escalate-1',
  owner: { role: 'social-worker', id: 'SW-101' },
  recipients: [{ role: 'social-worker', id: 'SW-101' }],
});

/** A worker: its own connection to the record, its own claimer id, its own SMTP connection, its own clock. */
async function worker(name: string, now: () => Date = () => new Date(), leaseMs = CLAIM_LEASE_MS) {
  const sent = await openPostgresSentStore(pg.url, name, leaseMs);
  stores.push(sent);
  const directory = loadDirectoryFile(DIRECTORY);
  return createEmailDeliverer({
    transport: smtp.transport(),
    directory: () => directory,
    sent,
    from: FROM,
    caseUrl: (ref) => `https://cases.council.example/cp/${ref}`,
    now,
  });
}

(runPg ? describe : describe.skip)('the sent-message record shared in PostgreSQL', () => {
  beforeAll(async () => {
    pg = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    pg?.stop();
  });
  beforeEach(async () => {
    smtp = new TestSmtp();
    await smtp.start();
  });
  afterEach(() => smtp.stop());

  test('two workers handed the same 40 messages at once: each message reaches its recipient once', async () => {
    const [a, b] = [await worker('worker-a'), await worker('worker-b')];
    const all = Array.from({ length: 40 }, (_, i) => notification(i));
    // Each worker tries every message; where the other holds the claim it is told to try again, as a case would.
    const attempt = async (deliver: typeof a, n: Notification) => {
      for (let i = 0; i < 50; i++) {
        try {
          return await deliver(n);
        } catch (e) {
          if (!(e instanceof ClaimHeldError)) throw e;
          await new Promise((r) => setTimeout(r, 20));
        }
      }
      throw new Error(`${n.key} never settled`);
    };
    await Promise.all(all.flatMap((n) => [attempt(a, n), attempt(b, n)]));
    const ids = smtp.received.map((r) => r.mail.messageId);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
  });

  test('a worker that died holding a claim: the others wait out the lease, then the message goes once', async () => {
    const n = notification(90);
    let clock = new Date('2026-12-21T09:00:00Z');
    const dead = await openPostgresSentStore(pg.url, 'worker-died');
    stores.push(dead);
    const messageId = messageIdFor(n.key, 'SW-101', FROM);
    expect(await dead.claim({ messageId, key: n.key, recipient: 'SW-101' }, clock)).toBe('ours');
    const other = await worker('worker-c', () => clock);
    // Not a fault of the mail: held, and for how long (the case waits that long, then decides again).
    await expect(other(n)).rejects.toEqual(new ClaimHeldError(CLAIM_LEASE_MS));
    clock = new Date(clock.getTime() + 2 * 60_000);
    await expect(other(n)).rejects.toMatchObject({ lapsesInMs: CLAIM_LEASE_MS - 2 * 60_000 });
    expect(smtp.received).toHaveLength(0);
    clock = new Date('2026-12-21T09:00:00Z');
    clock = new Date(clock.getTime() + CLAIM_LEASE_MS + 1_000);
    await other(n);
    await other(n);
    expect(smtp.received.map((r) => r.mail.messageId)).toEqual([messageId]);
  });

  test('a deployment that shortens the lease (CPCASE_CLAIM_LEASE_SECONDS): the message goes after that', async () => {
    const n = notification(92);
    const start = new Date('2026-12-21T09:00:00Z');
    let clock = start;
    const dead = await openPostgresSentStore(pg.url, 'worker-died-short', 150_000);
    stores.push(dead);
    const messageId = messageIdFor(n.key, 'SW-101', FROM);
    expect(await dead.claim({ messageId, key: n.key, recipient: 'SW-101' }, clock)).toBe('ours');
    const other = await worker('worker-f', () => clock, 150_000);
    await expect(other(n)).rejects.toEqual(new ClaimHeldError(150_000));
    clock = new Date(start.getTime() + 150_000 + 1_000);
    await other(n);
    expect(smtp.received.map((r) => r.mail.messageId)).toEqual([messageId]);
  });

  test('a send the server did not take is given back: another worker sends it at once', async () => {
    const n = notification(91);
    const a = await worker('worker-d');
    const b = await worker('worker-e');
    smtp.busy = true;
    await expect(a(n)).rejects.toMatchObject({ kind: 'unavailable' });
    smtp.busy = false;
    await b(n);
    await a(n);
    expect(smtp.received).toHaveLength(1);
  });
});
