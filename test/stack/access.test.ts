// Identity and access on the production-like stack: cpcase-server checks every caller (tokens from the stack's
// local issuer, client certificates from its CA), each role may do only its part, and "recorded by" is the
// verified subject. Each refusal is seen through the real CLI and by a direct call that skips the CLI.
import { spawn } from 'child_process';
import fs from 'fs';
import path from 'path';
import type { Client, WorkflowClientInterceptor } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { defaultPayloadConverter } from '@temporalio/common';
import { IDENTITY_HEADER } from '../../src/domain/case/recorder';
import type { CaseEvent } from '../../src/domain/case/types';
import type { LocalDate } from '../../src/domain/dates';
import { accessRefusal } from '../../src/identity/refusal';
import { issueToken } from '../../src/identity/issuer';
import { caseWorkflowId, recordEvent } from '../../src/workflows/messages';
import { caseInput } from '../../src/dev/benchServers';
import { signInByForm } from '../support/browser';
import { waitForPort } from '../../src/dev/ports';
import { cpcaseAsync, STAFF } from '../support/cli';
import { TestSmtp } from '../support/smtp';
import { stackClient, startStack, stackRuns, type RunningStack } from '../support/stack';

let stack: RunningStack | undefined;
let smtp: TestSmtp;
const s = () => stack!;

/** The stack's environment with one credential: a token, or none at all. */
function as(token: string | undefined): NodeJS.ProcessEnv {
  const { CPCASE_TOKEN: _ours, ...env } = s().env;
  return token ? { ...env, CPCASE_TOKEN: token } : env;
}
const cli = (token: string | undefined, ...args: string[]) => cpcaseAsync(args, as(token));

/** A client that skips the CLI, with one credential (or none) and any headers it likes. */
function directClient(token: string | undefined, headers: Record<string, unknown> = {}): Promise<Client> {
  const extra = Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k, defaultPayloadConverter.toPayload(v)]),
  );
  const forging: WorkflowClientInterceptor = {
    start: (input, next) => next({ ...input, headers: { ...input.headers, ...extra } }),
    startUpdate: (input, next) => next({ ...input, headers: { ...input.headers, ...extra } }),
    signal: (input, next) => next({ ...input, headers: { ...input.headers, ...extra } }),
  };
  return stackClient(s().env, token ?? null, [forging]);
}

/** What a direct call was refused with (undefined when it went through). */
async function refusalOf(call: Promise<unknown>) {
  try {
    await call;
    return undefined;
  } catch (e) {
    return accessRefusal(e) ?? { reason: `not a refusal: ${String(e)}`, signedIn: true };
  }
}

const discussion = (recordedBy: string): CaseEvent => ({
  type: 'strategy-discussion',
  occurredAt: '2026-11-02' as LocalDate,
  recordedBy,
});

let admin: string, reader: string, worker: string;

(stackRuns ? describe : describe.skip)('identity and access on the stack', () => {
  beforeAll(async () => {
    smtp = new TestSmtp();
    await smtp.start();
    stack = await startStack(smtp.url);
    admin = s().token('ADM-001', ['administrator']);
    reader = s().token('QA-001', ['reader']);
    worker = s().token('worker-9', ['worker']);
    const opened = await cli(admin, 'open', 'CP-AC-0001', '--child', 'CH-7Q2:2013-03-14', ...STAFF);
    expect(opened.stderr).toBe('');
  }, 300_000);

  afterAll(async () => {
    if (stack) expect(await stack.stop()).toEqual([]);
    await smtp?.stop();
  }, 120_000);

  test('no credential: refused, with how to sign in', async () => {
    const r = await cli(undefined, 'status', 'CP-AC-0001');
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(
      /^cpcase: not signed in: no credential was presented; sign in: .*CPCASE_TOKEN_FILE/,
    );
    const c = await directClient(undefined);
    expect(await refusalOf(c.workflow.getHandle(caseWorkflowId('CP-AC-0001')).describe())).toEqual({
      reason: 'not signed in: no credential was presented',
      signedIn: false,
    });
  });

  test('a reader reads, and may not record: nothing changes', async () => {
    expect((await cli(reader, 'status', 'CP-AC-0001')).code).toBe(0);
    expect((await cli(reader, 'list')).stdout).toContain('CP-AC-0001');
    expect((await cli(reader, 'report', 'live')).code).toBe(0);
    const before = JSON.parse((await cli(reader, 'status', 'CP-AC-0001', '--json')).stdout) as {
      events: unknown[];
    };
    const r = await cli(reader, 'record', 'strategy-discussion', 'CP-AC-0001', '--date', '02/11/2026');
    expect(r.code).toBe(6);
    expect(r.stderr).toBe(
      "cpcase: QA-001 may not record on a case: that is an administrator's (QA-001 holds reader in namespace default)\n",
    );
    const direct = await directClient(reader);
    const refused = await refusalOf(
      direct.workflow
        .getHandle(caseWorkflowId('CP-AC-0001'))
        .executeUpdate(recordEvent, { args: [discussion('QA-001')] }),
    );
    expect(refused).toMatchObject({
      signedIn: true,
      reason: expect.stringContaining('QA-001 may not record'),
    });
    const after = JSON.parse((await cli(reader, 'status', 'CP-AC-0001', '--json')).stdout) as {
      events: unknown[];
    };
    expect(after.events).toEqual(before.events);
  });

  test('an administrator records as themselves, verified; on behalf of someone, shown as both', async () => {
    const r = await cli(admin, 'record', 'strategy-discussion', 'CP-AC-0001', '--date', '02/11/2026');
    expect(r.stderr).toBe('');
    const booked = await cli(
      admin,
      '--as',
      'SW-101',
      'record',
      'conference-scheduled',
      'CP-AC-0001',
      '--date',
      '03/11/2026',
      '--on',
      '20/11/2026',
      '--type',
      'initial',
    );
    expect(booked.stderr).toBe('');
    const audit = await waitForAudit(2);
    expect(audit.opened).toMatchObject({ by: 'ADM-001', verifiedBy: 'token' });
    expect(audit.entries.map((e) => [e.type, e.recordedBy, e.onBehalfOf, e.verifiedBy])).toEqual([
      ['strategy-discussion', 'ADM-001', undefined, 'token'],
      ['conference-scheduled', 'ADM-001', 'SW-101', 'token'],
    ]);
    const text = await cli(reader, 'audit', 'CP-AC-0001');
    expect(text.stdout).toMatch(/ADM-001 for SW-101 +token +conference-scheduled/);
    expect(text.stdout).not.toContain('UNVERIFIED');
  });

  test('an administrator opens a case on behalf of someone: its opening is stamped with both, verified', async () => {
    const r = await cli(
      admin,
      '--as',
      'SW-101',
      'open',
      'CP-AC-0003',
      '--child',
      'CH-7Q2:2013-03-14',
      ...STAFF,
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Opened case CP-AC-0003');
    // A case's audit begins with its first event.
    const recorded = await cli(admin, 'record', 'strategy-discussion', 'CP-AC-0003', '--date', '02/11/2026');
    expect(recorded.stderr).toBe('');
    const { opened } = await waitForAudit(1, 'CP-AC-0003');
    expect(opened).toMatchObject({ by: 'ADM-001', onBehalfOf: 'SW-101', verifiedBy: 'token' });
  });

  test('nobody can put another name in "recorded by": not by the event, not by a header', async () => {
    const forger = await directClient(admin, { [IDENTITY_HEADER]: { subject: 'SW-999', method: 'token' } });
    await forger.workflow.getHandle(caseWorkflowId('CP-AC-0001')).executeUpdate(recordEvent, {
      args: [{ ...discussion('SW-999'), occurredAt: '2026-11-04' as LocalDate }],
    });
    const audit = await waitForAudit(3);
    expect(audit.entries[2]).toMatchObject({ recordedBy: 'ADM-001', verifiedBy: 'token' });
  });

  test("a worker's credential runs tasks only: it cannot open, record or signal a case", async () => {
    const r = await cli(worker, 'open', 'CP-AC-0002', '--child', 'CH-7Q2:2013-03-14', ...STAFF);
    expect(r.code).toBe(6);
    expect(r.stderr).toContain("worker-9 may not open a case: that is an administrator's");
    const c = await directClient(worker);
    const started = c.workflow.start('caseWorkflow', {
      args: [{ input: caseInput('CP-AC-0002') }],
      taskQueue: 'cpcase',
      workflowId: caseWorkflowId('CP-AC-0002'),
    });
    expect(await refusalOf(started)).toMatchObject({
      reason: expect.stringContaining('worker-9 may not open a case'),
    });
    const signalled = c.workflow.getHandle(caseWorkflowId('CP-AC-0001')).signal('calendarUpdated');
    expect(await refusalOf(signalled)).toMatchObject({
      reason: expect.stringContaining("may not tell cases to reload the calendar: that is an operator's"),
    });
  });

  test('an expired, a tampered, a revoked and a foreign token are each refused', async () => {
    const issuer = path.join(s().dir, 'issuer');
    const expired = issueToken(issuer, {
      subject: 'ADM-001',
      roles: ['administrator'],
      namespace: 'default',
      hours: 1,
      issuedAt: Math.floor(Date.now() / 1000) - 3 * 3600,
    });
    const [h, body, sig] = reader.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString()) as Record<string, unknown>;
    const promoted = Buffer.from(
      JSON.stringify({ ...claims, permissions: ['default:administrator'] }),
    ).toString('base64url');
    const revoked = s().token('ADM-002', ['administrator']);
    const tokenFile = path.join(s().dir, 'revoked.token');
    fs.writeFileSync(tokenFile, revoked);
    const rv = await cpcaseAsync(
      ['credential', 'revoke', '--issuer-dir', issuer, '--token', tokenFile],
      as(admin),
    );
    expect(rv.stderr).toBe('');
    const otherNamespace = issueToken(issuer, {
      subject: 'ADM-009',
      roles: ['administrator'],
      namespace: 'test',
      hours: 1,
    });
    await new Promise((r) => setTimeout(r, 1_500)); // the server reads the list again within a second
    const cases: [string, string, number, RegExp][] = [
      ['expired', expired, 7, /^cpcase: credential refused: the token expired at /],
      [
        'tampered',
        `${h}.${promoted}.${sig}`,
        7,
        /^cpcase: credential refused: the token's signature does not verify/,
      ],
      ['revoked', revoked, 7, /^cpcase: credential refused: the token has been revoked/],
      ['for another namespace', otherNamespace, 6, /^cpcase: ADM-009 holds no role in namespace default/],
    ];
    for (const [what, token, code, says] of cases) {
      const r = await cli(token, 'record', 'core-group-held', 'CP-AC-0001', '--date', '05/11/2026');
      expect([what, r.code, r.stderr]).toEqual([what, code, expect.stringMatching(says)]);
    }
  });

  test("people's database role reads the record and cannot change it: only the workers write it", async () => {
    const db = new PgClient({ connectionString: s().env.DATABASE_URL });
    await db.connect();
    try {
      const counted = await db.query<{ n: string }>('SELECT count(*) AS n FROM ledger_events');
      expect(Number(counted.rows[0]!.n)).toBeGreaterThan(0);
      await expect(db.query("UPDATE ledger_events SET recorded_by = 'SW-999'")).rejects.toThrow(
        /permission denied/,
      );
      await expect(db.query('DELETE FROM ledger_events')).rejects.toThrow(/permission denied/);
    } finally {
      await db.end();
    }
  });

  test('the codec server decodes for people with a role, and for nobody else', async () => {
    const url = `http://127.0.0.1:${s().codecPort}/decode`;
    const post = (token?: string) =>
      fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ payloads: [] }),
      }).then((r) => r.status);
    expect(await post()).toBe(401);
    expect(await post('not.a.token')).toBe(401);
    expect(await post(worker)).toBe(403);
    expect(await post(reader)).toBe(200);
  });

  test('the staff pages read cases with their own reader certificate; each look is in the verified audit', async () => {
    const page = (cookie: string) =>
      fetch(`${s().pagesUrl}/cases/CP-AC-0001`, { headers: { cookie } }).then(async (r) => ({
        status: r.status,
        text: await r.text(),
      }));
    // The stack starts its pages beside the workers: wait until they listen, however busy the machine.
    await waitForPort(Number(new URL(s().pagesUrl).port), 'the staff pages', 60_000);
    const qa = await page(await signInByForm(s().pagesUrl, 'QA-701'));
    expect([qa.status, qa.text]).toEqual([200, expect.stringContaining('Case CP-AC-0001')]);
    expect(qa.text).not.toContain('2013-03-14');
    // Not on the case, nor managing anyone on it: the page for a case that does not exist.
    const other = await page(await signInByForm(s().pagesUrl, 'SW-102'));
    expect(other.status).toBe(404);
    expect(other.text).not.toContain('SW-101');
    const audit = await cli(reader, 'audit', 'CP-AC-0001');
    expect(audit.stdout).toMatch(/Viewed \(case page\) .* by QA-701/);
    expect(audit.stdout).not.toMatch(/by SW-102/);
  });

  test("a worker started with a reader's credential says so and stops", async () => {
    const r = await new Promise<{ code: number; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [path.resolve(__dirname, '../../dist/src/worker/main.js')], {
        env: {
          ...process.env,
          ...as(reader),
          CPCASE_IDENTITY: 'server',
          CPCASE_DATA_DIR: path.join(s().dir, 'w9'),
        },
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "cpcase worker: identity: the worker's credential names QA-001, who is not a worker",
    );
  });
});

interface AuditJson {
  opened?: { by: string; onBehalfOf?: string; verifiedBy?: string };
  entries: { type: string; recordedBy: string; onBehalfOf?: string; verifiedBy?: string }[];
}

/** The audit once the ledger holds `n` events (the case writes them in its next pass). */
async function waitForAudit(n: number, caseRef = 'CP-AC-0001'): Promise<AuditJson> {
  for (let i = 0; i < 100; i++) {
    const r = await cli(reader, 'audit', caseRef, '--json');
    if (r.code === 0) {
      const a = JSON.parse(r.stdout) as AuditJson;
      if (a.entries.length >= n) return a;
    }
    await new Promise((res) => setTimeout(res, 300));
  }
  throw new Error(`the audit never held ${n} entries`);
}
