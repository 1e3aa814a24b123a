// The case workflow sending real email: the mail server is down when an escalation falls due, Temporal retries
// the activity with backoff, and when the server returns the message arrives exactly once.
import path from 'path';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadDirectoryFile } from '../../src/directory/file';
import { createEmailDeliverer } from '../../src/notify/email';
import { memorySentStore } from '../../src/notify/sentStore';
import { startTimeSkippingServer } from '../support/temporal';
import { CaseHarness, calendar, wd } from '../support/caseHarness';
import { workingDayOf } from '../../src/domain/workingDays';
import { TestSmtp } from '../support/smtp';

Runtime.install({ logger: new DefaultLogger('ERROR') });

const DIRECTORY = path.join(__dirname, '..', '..', 'config', 'directory.example.yaml');
let env: TestWorkflowEnvironment;
let h: CaseHarness;
const smtp = new TestSmtp();

beforeAll(async () => {
  await smtp.start();
  env = await startTimeSkippingServer();
  const directory = loadDirectoryFile(DIRECTORY);
  h = new CaseHarness(
    env,
    createEmailDeliverer({
      transport: smtp.transport(),
      directory: () => directory,
      sent: memorySentStore(),
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

test('mail server down when an escalation falls due: delivered exactly once when it returns', async () => {
  await smtp.stop();
  const today = workingDayOf(calendar, await h.today());
  const c = await h.open('CP-2026-0201');
  const sd = wd(today, -25); // the ICPC is 10 working days overdue: the service manager's escalation is due now
  await c.record(sd, { type: 'strategy-discussion' });
  await new Promise((r) => setTimeout(r, 1_500));
  expect(smtp.received).toHaveLength(0);

  await smtp.start();
  await env.sleep(60 * 60 * 1000); // an hour of retries with backoff, skipped
  await h.settle();
  expect(smtp.received.map((r) => [r.to[0], r.mail.subject])).toEqual([
    [
      'sara.malik@council.example',
      'Escalation level 2: Initial child protection conference held on case CP-2026-0201 is 10 working days late',
    ],
  ]);

  // The next level still comes at its time, once per person.
  await h.skipTo(wd(wd(sd, 15), 15));
  expect(smtp.received.map((r) => r.to[0])).toEqual([
    'sara.malik@council.example',
    'hannah.stone@council.example',
    'quentin.ames@council.example',
  ]);
  await c.close();
});
