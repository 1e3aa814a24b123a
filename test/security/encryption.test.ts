// Data protection end to end on the dev server with its database on disk: what reaches the database is
// encrypted (and is found in the clear when encryption is off, so the check can fail), keys rotate, and the
// Web UI's codec server decodes only for a caller with the token.
import fs from 'fs';
import { sharedSecretGate } from '../../src/crypto/codecGates';
import os from 'os';
import path from 'path';
import http from 'http';
import type { AddressInfo } from 'net';
import { Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmCodec, encryptedDataConverter, FAILURE_CONVERTER_PATH } from '../../src/crypto/codec';
import { createCodecServer } from '../../src/crypto/codecServer';
import { generateKey, keyringFrom } from '../../src/crypto/keys';
import type { LocalDate } from '../../src/domain/dates';
import { londonDate } from '../../src/domain/londonTime';
import { executableFor } from '../../src/dev/tools';
import { ALL_SEARCH_ATTRIBUTES } from '../../src/shared/searchAttributes';
import { caseWorkflow } from '../../src/workflows/case';
import { caseWorkflowId, recordEvent, statusQuery } from '../../src/workflows/messages';
import { caseInput, wd } from '../support/caseHarness';
import { cpcaseAsync } from '../support/cli';
import { workflowBundle } from '../support/temporal';
import { caseWorker } from '../support/caseWorker';

Runtime.install({ logger: new DefaultLogger('ERROR') });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-dp-'));
const dbFile = path.join(dir, 'temporal.db');
const keysFile = path.join(dir, 'keys.json');
const ringA = keyringFrom(generateKey(keysFile, 'key-a'));
const ringAB = keyringFrom(generateKey(keysFile, 'key-b')); // B current, A retired
const ringB = { current: 'key-b', keys: new Map([['key-b', ringAB.keys.get('key-b')!]]) };
const today = londonDate(Date.now());

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: executableFor('temporal'),
      searchAttributes: ALL_SEARCH_ATTRIBUTES,
      dbFilename: dbFile,
    },
  });
});
afterAll(async () => {
  await env?.teardown();
});

type Converter = ReturnType<typeof encryptedDataConverter> | { failureConverterPath: string };

async function withWorker<T>(taskQueue: string, dataConverter: Converter, fn: () => Promise<T>): Promise<T> {
  const worker = await caseWorker({
    connection: env.nativeConnection,
    taskQueue,
    dataConverter,
    dataDir: dir,
  });
  return worker.runUntil(fn());
}
const clientWith = (dataConverter: Converter) => new Client({ connection: env.connection, dataConverter });

/** A whole case whose every distinctive value is made from `tag`, so two runs can be told apart in the database. */
async function fullCase(client: Client, taskQueue: string, tag: string) {
  const ref = `CP-DP-${tag}`;
  const child = `CH-${tag}Q7`;
  const secret = {
    child,
    dob: '2014-07-23',
    minuteTaker: `MT-${tag}Z8`,
    reason: `zebra crossing reason ${tag}`,
    unknownChild: `CH-${tag}ZZ9`,
  };
  const input = caseInput(ref, {
    children: [{ id: child, dateOfBirth: secret.dob as LocalDate }],
    staff: { ...caseInput(ref).staff, minuteTaker: secret.minuteTaker },
  });
  const h = await client.workflow.start(caseWorkflow, {
    args: [{ input }],
    taskQueue,
    workflowId: caseWorkflowId(ref),
  });
  const record = (e: object) =>
    h.executeUpdate(recordEvent, { args: [{ occurredAt: today, recordedBy: 'admin-1', ...e } as never] });
  await record({ type: 'strategy-discussion', occurredAt: wd(today, -5) });
  await record({
    type: 'conference-held',
    conferenceType: 'initial',
    children: [{ childId: child, outcome: 'plan-started', category: 'neglect' }],
    participation: [{ childId: child, participation: 'attended' }],
  });
  await record({
    type: 'deadline-waived',
    deadlineId: 'first-core-group:C1',
    reason: secret.reason,
    approvedBy: 'SM-301',
  });
  // Rejected: its message names a child id that is in no payload.
  const rejected = await record({ type: 'plan-ended', childId: secret.unknownChild, reason: 'x' }).catch(
    (e: unknown) => e,
  );
  expect(rejected).toBeInstanceOf(WorkflowUpdateFailedError);
  expect(String((rejected as WorkflowUpdateFailedError).cause?.message)).toContain(secret.unknownChild);
  expect((await h.query(statusQuery)).children[0]?.plan?.category).toBe('neglect');
  await record({ type: 'case-closed', reason: 'closed' });
  await h.result();
  return { ref, secret, handle: h };
}

function databaseBytes(): Buffer {
  return Buffer.concat(
    fs
      .readdirSync(dir)
      .filter((f) => f.startsWith('temporal.db'))
      .map((f) => fs.readFileSync(path.join(dir, f))),
  );
}

test('with encryption nothing personal reaches the database; without it, the same case can be read there', async () => {
  const encrypted = encryptedDataConverter(ringA);
  const on = await withWorker('dp-on', encrypted, () => fullCase(clientWith(encrypted), 'dp-on', 'E1'));
  const plain = { failureConverterPath: FAILURE_CONVERTER_PATH };
  const off = await withWorker('dp-off', plain, () => fullCase(clientWith(plain), 'dp-off', 'P1'));
  await new Promise((r) => setTimeout(r, 1_500)); // let the server's writes reach the file
  const db = databaseBytes();
  for (const [what, value] of Object.entries(on.secret)) {
    if (what === 'dob') continue; // the same date is in both cases: checked below
    expect([what, db.includes(value)]).toEqual([what, false]);
  }
  // A rejected update is refused by its validator and never written to history, even unencrypted: the
  // unknown child id is absent in both runs. Everything else of the unencrypted case is there in the clear.
  const { unknownChild: _never, ...writtenOff } = off.secret;
  for (const [what, value] of Object.entries(writtenOff))
    expect([what, db.includes(value)]).toEqual([what, true]);
  expect(db.includes(off.secret.unknownChild)).toBe(false);
  // The date of birth is present only because of the unencrypted case: a database of encrypted cases alone
  // is checked in the rotation test below.
});

test('a case started under key A carries on after rotation to B; a process with only B names the missing key', async () => {
  const a = encryptedDataConverter(ringA);
  const ab = encryptedDataConverter(ringAB);
  const ref = 'CP-DP-ROT1';
  const h = await withWorker('rot', a, async () => {
    const handle = await clientWith(a).workflow.start(caseWorkflow, {
      args: [{ input: caseInput(ref) }],
      taskQueue: 'rot',
      workflowId: caseWorkflowId(ref),
    });
    await handle.executeUpdate(recordEvent, {
      args: [{ type: 'strategy-discussion', occurredAt: today, recordedBy: 'admin-1' }],
    });
    return handle;
  });
  // Rotated: worker and client hold B (current) and A (retired).
  const result = await withWorker('rot', ab, async () => {
    const c = clientWith(ab).workflow.getHandle<typeof caseWorkflow>(h.workflowId);
    expect((await c.query(statusQuery)).deadlines[0]?.id).toBe('icpc:E1');
    await c.executeUpdate(recordEvent, {
      args: [{ type: 'case-closed', reason: 'closed', occurredAt: today, recordedBy: 'admin-1' }],
    });
    return c.result();
  });
  expect(result).toMatchObject({ caseRef: ref, eventsRecorded: 2 });

  // Only key B: replaying the history (a worker picking the case up) fails, naming key A.
  const history = await h.fetchHistory();
  await expect(
    Worker.runReplayHistory(
      {
        workflowBundle: await workflowBundle(require.resolve('../../src/workflows')),
        dataConverter: encryptedDataConverter(ringB),
      },
      history,
    ),
  ).rejects.toThrow();
  const input = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
  await expect(new AesGcmCodec(ringB).decode(input)).rejects.toThrow(
    "payload encrypted with key 'key-a', which this process does not have",
  );
  // With both keys it decodes, and the input is the case.
  const [decoded] = await new AesGcmCodec(ringAB).decode(input);
  expect(defaultPayloadConverter.fromPayload<{ input: { caseRef: string } }>(decoded!).input.caseRef).toBe(
    ref,
  );
  expect(databaseBytes().includes('2013-03-14')).toBe(false); // caseInput's dates of birth: never in the clear
});

describe('codec server', () => {
  let server: http.Server;
  let base: string;
  const token = 'a-long-enough-test-token-0123456789';
  beforeAll(async () => {
    server = createCodecServer({
      codec: new AesGcmCodec(ringAB),
      gate: sharedSecretGate(token),
      origin: 'http://localhost:8233',
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  test('refuses every call without the token, decodes with it', async () => {
    const [enc] = await new AesGcmCodec(ringA).encode([
      defaultPayloadConverter.toPayload({ child: 'CH-SECRET1' }),
    ]);
    const json = {
      payloads: [
        {
          metadata: Object.fromEntries(
            Object.entries(enc!.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
          ),
          data: Buffer.from(enc!.data!).toString('base64'),
        },
      ],
    };
    expect((await post(`${base}/decode`, json)).status).toBe(401);
    expect(
      (await post(`${base}/decode`, json, { Authorization: 'Bearer wrong-token-wrong-token-wrong' })).status,
    ).toBe(401);
    expect((await post(`${base}/wrong-token/decode`, json)).status).toBe(401);
    for (const r of [
      await post(`${base}/decode`, json, { Authorization: `Bearer ${token}` }),
      await post(`${base}/${token}/decode`, json),
    ]) {
      expect(r.status).toBe(200);
      expect(r.headers.get('access-control-allow-origin')).toBe('http://localhost:8233');
      const out = (await r.json()) as { payloads: { data: string }[] };
      expect(JSON.parse(Buffer.from(out.payloads[0]!.data, 'base64').toString('utf8'))).toEqual({
        child: 'CH-SECRET1',
      });
    }
  });
});

describe('keys at start-up', () => {
  test('missing, malformed or short keys stop the CLI with one line', async () => {
    const cases: [string, string | undefined, RegExp][] = [
      [
        path.join(dir, 'absent.json'),
        undefined,
        /no encryption keys at .*absent\.json: run `cpcase keys generate`/,
      ],
      [path.join(dir, 'bad.json'), 'not json', /bad\.json is not JSON/],
      [
        path.join(dir, 'short.json'),
        JSON.stringify({ current: 'k1', keys: { k1: 'c2hvcnQ=' } }),
        /keys\.k1 must be 32 bytes, base64/,
      ],
      [
        path.join(dir, 'nocur.json'),
        JSON.stringify({ current: 'k9', keys: {} }),
        /current names a key that is not in "keys"/,
      ],
    ];
    for (const [file, content, message] of cases) {
      if (content !== undefined) fs.writeFileSync(file, content);
      const r = await cpcaseAsync(['status', 'CP-1234'], {
        CPCASE_KEYS_FILE: file,
        TEMPORAL_ADDRESS: env.address,
      });
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.code).toBe(2);
    }
  });

  test('cpcase keys generate makes a key, and a second call rotates keeping the first', async () => {
    const file = path.join(dir, 'gen', 'keys.json');
    const first = JSON.parse(
      (await cpcaseAsync(['keys', 'generate', '--file', file, '--id', 'k1', '--json'])).stdout,
    ) as { current: string };
    const second = JSON.parse(
      (await cpcaseAsync(['keys', 'generate', '--file', file, '--id', 'k2', '--json'])).stdout,
    ) as { current: string; retired: string[] };
    expect(first.current).toBe('k1');
    expect(second).toMatchObject({ current: 'k2', retired: ['k1'] });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});
