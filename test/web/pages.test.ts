// The staff pages end to end in a real browser (Debian's Chromium): a case opened and recorded through the CLI
// against the dev server and a real worker, its page opened from an email's link, signed in through the pages'
// OpenID Connect flow as a social worker, a team manager and the QA manager; each sees what they may and is
// refused the rest with the same page as a case that does not exist; no page holds a child's date of birth;
// every look is in the audit trail; the pages pass axe's accessibility check; Temporal down is a page saying so.
import { spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { parse } from 'yaml';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Runtime, DefaultLogger, type Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { openSqliteLedger } from '../../src/ledger/sqlite';
import { londonDate } from '../../src/domain/londonTime';
import { loadConfig } from '../../src/config/env';
import { createEmailDeliverer } from '../../src/notify/email';
import { fileSentStore } from '../../src/notify/sentStore';
import { loadDirectoryFile } from '../../src/directory/file';
import { sealValue, SESSION_COOKIE } from '../../src/web/session';
import { freePort, waitForPort } from '../../src/dev/ports';
import { cpcaseAsync, type CliRun } from '../support/cli';
import { startDevServer } from '../support/temporal';
import { caseWorker } from '../support/caseWorker';
import { testKeys } from '../support/keys';
import { browserAvailable, launchBrowser, seriousAccessibilityFindings } from '../support/browser';
import { TestSmtp, type Received } from '../support/smtp';
import { z } from 'zod';
import type { Notification } from '../../src/domain/case/actions';
import type { LocalDate } from '../../src/domain/dates';
import { OWNER_ROLES } from '../../src/domain/policy';

Runtime.install({ logger: new DefaultLogger('WARN') });

const describeWithBrowser = browserAvailable() ? describe : describe.skip;
const TASK_QUEUE = 'web-pages';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-web-'));
const keys = testKeys();
const today = londonDate(Date.now());
const daysAgo = (n: number) => new Date(Date.parse(today) - n * 86_400_000).toISOString().slice(0, 10);
const DOB = { iso: '2013-03-14', uk: '14/03/2013', words: '14 March 2013' };
const SCREENSHOTS = process.env.CPCASE_SCREENSHOTS;
// What the test reads of `cpcase status --json`: the missed deadline its message is about.
const statusSchema = z.object({
  deadlines: z.array(
    z.object({
      id: z.string(),
      ruleId: z.string(),
      title: z.string(),
      dueDate: z
        .string()
        .regex(/^\d{4}-\d\d-\d\d$/)
        .transform((d) => d as LocalDate),
      status: z.string(),
      lateBy: z.number().optional(),
      owner: z.object({ role: z.enum(OWNER_ROLES), id: z.string().optional() }),
    }),
  ),
});

// The shipped directory and a second team, whose case the first team's people may not see.
const directoryFile = path.join(dataDir, 'directory.json');
const sessionKeyFile = path.join(dataDir, 'session.key');

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let cliEnv: NodeJS.ProcessEnv;
let serve: ChildProcess;
let serveLog = '';
let base: string;
let browser: Browser;
const smtp = new TestSmtp();
let deliver: ReturnType<typeof createEmailDeliverer>;

const cli = (...args: string[]) => cpcaseAsync(args, cliEnv);
function ok(r: CliRun): CliRun {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}${r.stdout}`);
  return r;
}

function writeDirectory() {
  const example = parse(
    fs.readFileSync(path.join(__dirname, '../../config/directory.example.yaml'), 'utf8'),
  ) as {
    staff: object[];
  };
  example.staff.push(
    {
      id: 'SW-111',
      name: 'Ola Bello',
      email: 'ola.bello@council.example',
      role: 'social-worker',
      team: 'T-SOUTH',
      lineManager: 'TM-211',
    },
    {
      id: 'TM-211',
      name: 'Rhys Evans',
      email: 'rhys.evans@council.example',
      role: 'team-manager',
      team: 'T-SOUTH',
      lineManager: 'SM-301',
    },
  );
  fs.writeFileSync(directoryFile, JSON.stringify(example));
}

async function startPages(): Promise<void> {
  serve = spawn(process.execPath, [path.join(__dirname, '../../bin/cpcase.js'), 'serve'], {
    env: { ...process.env, ...cliEnv },
  });
  serve.stdout!.on('data', (d: Buffer) => (serveLog += d.toString()));
  serve.stderr!.on('data', (d: Buffer) => (serveLog += d.toString()));
  await waitForPort(Number(new URL(base).port), 'cpcase serve', 30_000);
}

beforeAll(async () => {
  if (!browserAvailable()) return;
  writeDirectory();
  fs.writeFileSync(sessionKeyFile, Buffer.alloc(32, 7));
  base = `http://localhost:${await freePort()}`;
  await smtp.start();
  env = await startDevServer();
  // The worker's mail as the real worker sends it: the sent record in its data folder, links from the settings.
  const caseUrl = loadConfig({ CPCASE_DATA_DIR: dataDir, CPCASE_WEB_URL: base }).caseUrl;
  const directory = loadDirectoryFile(directoryFile);
  deliver = createEmailDeliverer({
    transport: smtp.transport(),
    directory: () => directory,
    sent: fileSentStore(path.join(dataDir, 'sent-messages.jsonl')),
    from: 'cpcase@council.example',
    caseUrl: (ref) => caseUrl.replace('{caseRef}', encodeURIComponent(ref)),
  });
  worker = await caseWorker({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    dataConverter: keys.dataConverter,
    dataDir,
    ledger: openSqliteLedger(path.join(dataDir, 'ledger.sqlite'), keys.ring),
    deliver,
  });
  running = worker.run();
  cliEnv = {
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_TASK_QUEUE: TASK_QUEUE,
    CPCASE_KEYS_FILE: keys.file,
    CPCASE_DATA_DIR: dataDir,
    CPCASE_DIRECTORY_FILE: directoryFile,
    CPCASE_WEB_URL: base,
    CPCASE_WEB_SESSION_KEY_FILE: sessionKeyFile,
    CPCASE_USER: 'ADM-001',
  };
  ok(
    await cli(
      'open',
      'CP-WEB-0001',
      '--child',
      `CH-7Q2:${DOB.uk}`,
      '--team',
      'T-NORTH',
      '--social-worker',
      'SW-101',
      '--team-manager',
      'TM-201',
      '--service-manager',
      'SM-301',
    ),
  );
  ok(await cli('record', 'strategy-discussion', 'CP-WEB-0001', '--date', daysAgo(35)));
  ok(
    await cli(
      'open',
      'CP-WEB-0002',
      '--child',
      'CH-8K5:2018-09-02',
      '--team',
      'T-SOUTH',
      '--social-worker',
      'SW-111',
      '--team-manager',
      'TM-211',
      '--service-manager',
      'SM-301',
    ),
  );
  ok(await cli('record', 'strategy-discussion', 'CP-WEB-0002', '--date', daysAgo(10)));
  await startPages();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  serve?.kill('SIGTERM');
  await stopTemporal();
  await smtp.stop();
});

let stopped: Promise<void> | undefined;
/** The worker and the server stopped, once (the last test stops them to see the pages without Temporal). */
function stopTemporal(): Promise<void> {
  stopped ??= (async () => {
    if (!worker) return;
    worker.shutdown();
    await running;
    await env.teardown();
  })();
  return stopped;
}

/** A new browser signed in as `staffId` through the pages' sign-in, at `url`; the page it lands on. */
async function signedIn(
  staffId: string,
  url: string,
  o: { width?: number } = {},
): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({
    bypassCSP: true,
    viewport: { width: o.width ?? 1200, height: 900 },
  });
  const page = await ctx.newPage();
  await page.goto(url);
  await page.getByLabel('Your staff id').fill(staffId);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState();
  return { ctx, page };
}

/**
 * The overdue message about the case's missed deadline, to its owner and to an agency, sent by the worker's own
 * mail path (templates, links from the settings, the sent record): a case's real messages wait for the policy's
 * send time, which a test cannot wait for. Each recipient's received email.
 */
async function sendOverdue(caseRef: string): Promise<Map<string, Received>> {
  const status = statusSchema.parse(JSON.parse(ok(await cli('status', caseRef, '--json')).stdout));
  const d = status.deadlines.find((x) => x.status === 'missed')!;
  const n: Notification = {
    key: `${caseRef}/${d.id}/overdue`,
    caseRef,
    deadlineId: d.id,
    ruleId: d.ruleId,
    title: d.title,
    dueDate: d.dueDate,
    kind: 'overdue',
    level: 0,
    stepId: 'overdue',
    owner: d.owner,
    lateBy: d.lateBy,
    recipients: [
      { role: d.owner.role, id: d.owner.id },
      { role: 'agency', id: 'gp' },
    ],
  };
  await deliver(n);
  return new Map(
    smtp.received.filter((r) => r.mail.headers.get('x-cpcase-key') === n.key).map((r) => [r.to[0]!, r]),
  );
}

const text = (page: Page) => page.locator('body').innerText();

describeWithBrowser('the staff pages', () => {
  test('a social worker opens the case from their email, signs in, and reads it in plain words, no date of birth', async () => {
    const mails = await sendOverdue('CP-WEB-0001');
    const link = /href="([^"]+)"/.exec(String(mails.get('sam.walker@council.example')?.mail.html))?.[1];
    expect(link).toBe(`${base}/cases/CP-WEB-0001`);
    // The GP's copy, outside the council, carries no link to an internal system: whom to contact instead.
    const gp = mails.get('safeguarding.gp@nhs.example')!;
    expect(gp.raw).not.toMatch(/https?:\/\//);
    expect(gp.mail.text).toContain('To discuss this case, contact Safeguarding Administration');
    const { ctx, page } = await signedIn('SW-101', link!);
    expect(page.url()).toBe(link);
    const body = await text(page);
    expect(await page.locator('h1').innerText()).toBe('Case CP-WEB-0001');
    expect(body).toContain('Sam Walker (SW-101)');
    expect(body).toContain('Tom Moore (TM-201)');
    expect(body).toMatch(/Initial child protection conference/);
    expect(body).toMatch(/Overdue/);
    expect(body).toContain('CH-7Q2');
    expect(body).toContain('strategy discussion');
    expect(body).toContain('ADM-001');
    // What was sent about it, to whom: the email that brought them here among it.
    expect(body).toMatch(/What was sent[\s\S]*Sam Walker \(SW-101\)[\s\S]*sent/);
    const html = await page.content();
    for (const f of Object.values(DOB)) expect(html).not.toContain(f);
    // Read-only: nothing on the page acts on the case.
    expect(await page.locator('form').count()).toBe(0);
    expect(await page.locator('button').count()).toBe(0);
    if (SCREENSHOTS)
      await page.screenshot({ path: path.join(SCREENSHOTS, 'pages-case.png'), fullPage: true });
    await ctx.close();
  });

  test('someone may not see a case: the same page as for one that does not exist, and nothing about it', async () => {
    const { ctx, page } = await signedIn('SW-101', `${base}/cases/CP-WEB-0002`);
    const refused = await page.goto(`${base}/cases/CP-WEB-0002`);
    const refusedText = (await text(page)).replace('CP-WEB-0002', 'REF');
    const missing = await page.goto(`${base}/cases/CP-NONE-0009`);
    const missingText = (await text(page)).replace('CP-NONE-0009', 'REF');
    expect([refused?.status(), missing?.status()]).toEqual([404, 404]);
    expect(refusedText).toBe(missingText);
    expect(refusedText).not.toMatch(/SW-111|T-SOUTH|CH-8K5/);
    await ctx.close();
  });

  test('what I owe: the signed-in person’s open steps, overdue first, each a link to its case', async () => {
    const { ctx, page } = await signedIn('SW-101', `${base}/`);
    const body = await text(page);
    expect(await page.locator('h1').innerText()).toBe('What I owe');
    expect(body).toMatch(/CP-WEB-0001/);
    expect(body).not.toMatch(/CP-WEB-0002/);
    await page.getByRole('link', { name: 'CP-WEB-0001' }).first().click();
    expect(await page.locator('h1').innerText()).toBe('Case CP-WEB-0001');
    if (SCREENSHOTS) {
      await page.goto(`${base}/`);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'pages-what-i-owe.png'), fullPage: true });
    }
    await ctx.close();
  });

  test('a team manager sees their team’s cases and the live view of them; the QA manager sees all and the annual report', async () => {
    const tm = await signedIn('TM-201', `${base}/live`);
    const live = await text(tm.page);
    expect(live).toContain('Team T-NORTH');
    expect(live).not.toContain('T-SOUTH');
    expect((await tm.page.goto(`${base}/cases/CP-WEB-0001`))?.status()).toBe(200);
    expect((await tm.page.goto(`${base}/cases/CP-WEB-0002`))?.status()).toBe(404);
    expect((await tm.page.goto(`${base}/report`))?.status()).toBe(403);
    await tm.ctx.close();

    const qa = await signedIn('QA-701', `${base}/live`);
    const all = await text(qa.page);
    expect(all).toContain('Team T-NORTH');
    expect(all).toContain('Team T-SOUTH');
    expect((await qa.page.goto(`${base}/cases/CP-WEB-0002`))?.status()).toBe(200);
    expect(await qa.page.locator('h1').innerText()).toBe('Case CP-WEB-0002');
    const report = await qa.page.goto(`${base}/report`);
    expect(report?.status()).toBe(200);
    expect(await text(qa.page)).toMatch(/child protection/i);
    expect(await seriousAccessibilityFindings(qa.page)).toEqual([]);
    expect((await qa.page.goto(`${base}/report?from=2026-13-01`))?.status()).toBe(400);
    expect(await text(qa.page)).toContain("from: '2026-13-01' is not a date written YYYY-MM-DD");
    await qa.ctx.close();
  });

  test('every look at a case is in its audit trail: who looked and when', async () => {
    const r = ok(await cli('audit', 'CP-WEB-0001'));
    expect(r.stdout).toMatch(/Viewed \(case page\) \d{4}-\d\d-\d\d \d\d:\d\d by SW-101/);
    expect(r.stdout).toMatch(/Viewed \(case page\) .* by TM-201/);
    const other = ok(await cli('audit', 'CP-WEB-0002'));
    expect(other.stdout).toMatch(/Viewed \(case page\) .* by QA-701/);
    expect(other.stdout).not.toMatch(/by SW-101|by TM-201/);
  });

  test('an ended sign-in is a plain 401 page with a way to sign in again; a forged cookie is no sign-in', async () => {
    const ctx = await browser.newContext();
    const ended = sealValue(Buffer.alloc(32, 7), {
      sub: 'SW-101',
      name: 'Sam Walker',
      admin: false,
      exp: Math.floor(Date.now() / 1000) - 60,
    });
    await ctx.addCookies([{ name: SESSION_COOKIE, value: ended, url: base }]);
    const page = await ctx.newPage();
    expect((await page.goto(`${base}/cases/CP-WEB-0001`))?.status()).toBe(401);
    expect(await text(page)).toContain('Your sign-in has ended');
    expect(await text(page)).not.toContain('CP-WEB-0001');
    const forged = sealValue(Buffer.alloc(32, 8), {
      sub: 'QA-701',
      name: 'x',
      admin: true,
      exp: Math.floor(Date.now() / 1000) + 3600,
    });
    await ctx.addCookies([{ name: SESSION_COOKIE, value: forged, url: base }]);
    await page.goto(`${base}/cases/CP-WEB-0002`);
    expect(await page.getByLabel('Your staff id').count()).toBe(1); // sent to sign in
    await ctx.close();
  });

  test('the pages pass axe’s accessibility check with no serious finding, and read on a phone', async () => {
    const { ctx, page } = await signedIn('SW-101', `${base}/cases/CP-WEB-0001`, { width: 375 });
    const findings: Record<string, unknown> = {};
    for (const p of [
      '/cases/CP-WEB-0001',
      '/',
      '/live',
      '/cases/CP-NONE-0009',
      '/sign-out',
      '/local-sign-in/authorize',
    ]) {
      await page.goto(`${base}${p}`);
      findings[p] = await seriousAccessibilityFindings(page);
      // Nothing wider than the phone: wide tables scroll in their own region.
      expect([p, await page.evaluate('document.documentElement.scrollWidth')]).toEqual([p, 375]);
    }
    expect(findings).toEqual(Object.fromEntries(Object.keys(findings).map((k) => [k, []])));
    await ctx.close();
  });

  test('Temporal down: a page saying so, and the pages still answer', async () => {
    const { ctx, page } = await signedIn('SW-101', `${base}/`);
    await stopTemporal();
    const r = await page.goto(`${base}/cases/CP-WEB-0001`);
    expect(r?.status()).toBe(503);
    expect(await text(page)).toContain('Temporal, which runs the cases is not answering');
    expect((await page.goto(`${base}/sign-out`))?.status()).toBe(200);
    expect(serveLog).not.toMatch(/error on/);
    await ctx.close();
  }, 60_000);
});
