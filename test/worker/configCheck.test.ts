// A worker says when its configuration is not the one a case carries or another worker runs with: the cases
// under another policy's timescales (once, at start), and each worker seen in the shared database whose policy or
// directory differs (once per difference, never every minute).
import fs from 'fs';
import os from 'os';
import path from 'path';
import { canonicalJson, casesUnderOtherPolicies, peersThatDiffer } from '../../src/domain/configDrift';
import { DEFAULT_POLICY, type Policy } from '../../src/domain/policy';
import { buildPolicy } from '../../src/policy/file';
import { loadDirectoryFile } from '../../src/directory/file';
import {
  checkCasePolicies,
  checkPeers,
  fingerprint,
  openPostgresConfigPeers,
} from '../../src/worker/configCheck';
import { openLedger } from '../../src/ledger/open';
import { testKeys } from '../support/keys';
import { postgresAvailable, startPostgres, type TestPostgres } from '../support/postgres';

const stricter: Policy = buildPolicy({ id: 'stricter', rules: { icpc: { offset: { amount: 10 } } } }).policy;
const sendLater: Policy = { ...DEFAULT_POLICY, id: 'later', sendTime: '10:00' };

test('canonical JSON does not depend on the order keys were written in', () => {
  expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: undefined } })).toBe(
    canonicalJson({ a: { d: [2, { x: 0, y: 1 }] }, b: 1 }),
  );
  expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
});

test("cases under another policy's timescales are grouped by that policy; a new send time is not another policy", () => {
  const cases = [
    { caseRef: 'CP-1', policy: DEFAULT_POLICY },
    { caseRef: 'CP-2', policy: stricter },
    { caseRef: 'CP-3', policy: stricter },
    { caseRef: 'CP-4', policy: sendLater },
    { caseRef: 'CP-5' },
  ];
  expect(casesUnderOtherPolicies(DEFAULT_POLICY, cases)).toEqual([
    { policyId: 'stricter', cases: ['CP-2', 'CP-3'] },
  ]);
  expect(casesUnderOtherPolicies(stricter, cases)).toEqual([
    { policyId: DEFAULT_POLICY.id, cases: ['CP-1'] },
    { policyId: 'later', cases: ['CP-4'] },
  ]);
});

test('peers that differ: only those seen lately, and saying what differs', () => {
  const me = {
    workerId: 'a',
    policyId: 'p',
    policyFingerprint: 'P1',
    directoryFingerprint: 'D1',
    seenAt: '',
  };
  const now = new Date('2026-11-28T10:00:00Z');
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000).toISOString();
  expect(
    peersThatDiffer(
      me,
      [
        { ...me, seenAt: at(0) },
        { ...me, workerId: 'b', seenAt: at(1) },
        { ...me, workerId: 'c', directoryFingerprint: 'D2', seenAt: at(2) },
        { ...me, workerId: 'd', policyFingerprint: 'P2', directoryFingerprint: 'D2', seenAt: at(4) },
        { ...me, workerId: 'e', directoryFingerprint: 'D2', seenAt: at(30) },
      ],
      now,
      5 * 60_000,
    ),
  ).toEqual([
    { workerId: 'c', differs: ['directory'] },
    { workerId: 'd', differs: ['policy', 'directory'] },
  ]);
});

test("at start, a worker names the cases whose policy's timescales are not its own", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-drift-'));
  const ledger = await openLedger({ dataDir }, testKeys().ring);
  const entry = (caseRef: string, policy: Policy) => ({
    case: {
      caseRef,
      region: 'england-and-wales',
      openedAt: '2026-11-02T09:00:00Z',
      openedBy: 'admin-1',
      policyId: policy.id,
      policy,
      children: [],
      staff: { socialWorker: 'SW-101', teamManager: 'TM-201' },
      agencies: [],
    },
    events: [],
    outcomes: [],
  });
  await ledger.write(entry('CP-D-1', DEFAULT_POLICY));
  await ledger.write(entry('CP-D-2', stricter));
  const said: string[] = [];
  await checkCasePolicies(ledger, DEFAULT_POLICY, (m) => said.push(m));
  await ledger.close();
  expect(said).toEqual([
    `1 case runs under policy 'stricter', whose timescales differ from this worker's policy '${DEFAULT_POLICY.id}': each ` +
      "keeps the timescales it was opened with; this worker's digests and closure days follow its own file",
  ]);
});

const runPg = postgresAvailable() || process.env.CI === 'true';
(runPg ? describe : describe.skip)('workers comparing their configuration through PostgreSQL', () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await startPostgres();
  }, 60_000);
  afterAll(() => pg?.stop());

  test('a worker with another directory is named, once, by the worker that sees it', async () => {
    const directory = loadDirectoryFile(path.join(__dirname, '..', '..', 'config', 'directory.example.yaml'));
    const edited = { ...directory, qaManager: 'HS-601' };
    const config = (workerId: string, dir: typeof directory) => ({
      workerId,
      policyId: DEFAULT_POLICY.id,
      policyFingerprint: fingerprint(buildPolicy({})),
      directoryFingerprint: fingerprint(dir),
      seenAt: new Date().toISOString(),
    });
    const [a, b] = [await openPostgresConfigPeers(pg.url), await openPostgresConfigPeers(pg.url)];
    const saidA: string[] = [];
    const saidB: string[] = [];
    const seenA = new Set<string>();
    const seenB = new Set<string>();
    await checkPeers(a, config('host-a:1', directory), (m) => saidA.push(m), seenA);
    await checkPeers(b, config('host-b:2', edited), (m) => saidB.push(m), seenB);
    await checkPeers(a, config('host-a:1', directory), (m) => saidA.push(m), seenA);
    await checkPeers(a, config('host-a:1', directory), (m) => saidA.push(m), seenA);
    expect(saidB).toEqual([
      'worker host-a:1 runs with a different directory from this one (host-b:2): who is told, and when, ' +
        'depends on which worker sends; give every worker the same files',
    ]);
    expect(saidA).toHaveLength(1);
    expect(saidA[0]).toMatch(/^worker host-b:2 runs with a different directory/);
    await Promise.all([a.close(), b.close()]);
  });
});

test("a policy from before CSE cycles has the same timescales as today's defaults (it plans CSE by them)", () => {
  const old = { ...DEFAULT_POLICY, rules: DEFAULT_POLICY.rules.filter((r) => !r.id.startsWith('cse-')) };
  expect(casesUnderOtherPolicies(DEFAULT_POLICY, [{ caseRef: 'CP-OLD', policy: old }])).toEqual([]);
});
