// One bad case never blocks the rest. A CLI whose key or policy is not the workers' is refused before anything
// starts; a case broken anyway (its workflow task failing: here, entries encrypted with a key its worker lacks,
// sent past the CLI) is shown as broken by status, list and report live, which answer for the rest; and repair
// says what is wrong and either starts it again from its recorded events or ends it, audited.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Client } from '@temporalio/client';
import { Runtime, DefaultLogger, type Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { openSqliteLedger } from '../../src/ledger/sqlite';
import { londonDate } from '../../src/domain/londonTime';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import { encryptedDataConverter } from '../../src/crypto/codec';
import { generateKey, keyringFrom, loadKeyring } from '../../src/crypto/keys';
import { publishedBy } from '../../src/shared/workerIdentity';
import { caseWorkflowId } from '../../src/workflows/messages';
import { caseInput } from '../../src/dev/benchServers';
import { cpcaseAsync, STAFF, type CliRun } from '../support/cli';
import { startDevServer } from '../support/temporal';
import { caseWorker } from '../support/caseWorker';
import { testKeys } from '../support/keys';

Runtime.install({ logger: new DefaultLogger('ERROR') });

const TASK_QUEUE = 'cli-broken';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-cli-broken-'));
const today = londonDate(Date.now());
const keys = testKeys();
const otherKeys = path.join(dataDir, 'other-keys.json');
const otherRing = keyringFrom(generateKey(otherKeys, 'k-other'));

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let cliEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  env = await startDevServer();
  worker = await caseWorker({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    dataConverter: keys.dataConverter,
    dataDir,
    ledger: openSqliteLedger(path.join(dataDir, 'ledger.sqlite'), keys.ring),
    publish: publishedBy(loadKeyring(keys.file), DEFAULT_POLICY),
  });
  running = worker.run();
  cliEnv = {
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_TASK_QUEUE: TASK_QUEUE,
    CPCASE_KEYS_FILE: keys.file,
    CPCASE_DATA_DIR: dataDir,
    CPCASE_USER: 'admin-7',
  };
  ok(await cli('open', 'CP-BR-0001', '--child', 'CH-1:2015-01-01', ...STAFF));
  ok(await cli('open', 'CP-BR-0002', '--child', 'CH-2:2016-01-01', ...STAFF));
  ok(await cli('record', 'strategy-discussion', 'CP-BR-0002', '--date', today));
}, 120_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

const cli = (...args: string[]) => cpcaseAsync(args, cliEnv);
function ok(r: CliRun): CliRun {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}${r.stdout}`);
  return r;
}
/** A client that skips the CLI's check, with the other key: what it sends, the worker cannot read. */
const foreign = () =>
  new Client({ connection: env.connection, dataConverter: encryptedDataConverter(otherRing) });

async function until(what: string, check: () => Promise<boolean>, within = 90_000) {
  const end = Date.now() + within;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`never: ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

test("a CLI with another key, or another policy, than the workers' is refused in one line, nothing started", async () => {
  const withKey = await cpcaseAsync(['open', 'CP-BR-0009', '--child', 'CH-9:2015-01-01', ...STAFF], {
    ...cliEnv,
    CPCASE_KEYS_FILE: otherKeys,
  });
  expect(withKey.code).toBe(2);
  expect(withKey.stderr).toMatch(
    /^cpcase: CPCASE_KEYS_FILE: this CLI has key k-other but the workers of cli-broken have key .*: nothing was started; set CPCASE_KEYS_FILE as the workers have it\n$/,
  );
  const policy = path.join(dataDir, 'policy.json');
  fs.writeFileSync(policy, JSON.stringify({ sendTime: '10:00' }));
  const withPolicy = await cpcaseAsync(['open', 'CP-BR-0009', '--child', 'CH-9:2015-01-01', ...STAFF], {
    ...cliEnv,
    CPCASE_POLICY_FILE: policy,
  });
  expect(withPolicy.code).toBe(2);
  expect(withPolicy.stderr).toMatch(
    /^cpcase: CPCASE_POLICY_FILE: this CLI has policy cpcase-default-2026-11-local-[0-9a-f]{8} /,
  );
  const described = await env.client.workflow
    .getHandle(caseWorkflowId('CP-BR-0009'))
    .describe()
    .catch(() => 'none');
  expect(described).toBe('none');
});

test('a broken case is shown as broken by status and list, and report live answers for the rest', async () => {
  // Something the worker cannot read (a signal sent past the CLI with another key): its workflow task fails,
  // again and again. (An update it cannot read is refused as an update, and the case goes on.)
  await foreign().workflow.getHandle(caseWorkflowId('CP-BR-0002')).signal('calendarUpdated', 'unreadable');
  await until('status says broken', async () => (await cli('status', 'CP-BR-0002')).code === 1);
  const status = await cli('status', 'CP-BR-0002');
  expect(status.stderr).toMatch(
    /^cpcase: case CP-BR-0002 is BROKEN: its workflow task has failed \d+ times? .*`cpcase repair CP-BR-0002` says what is wrong/,
  );
  await until('list says broken', async () => (await cli('list')).stdout.includes('BROKEN ('));
  const live = ok(await cli('report', 'live', '--json'));
  const r = JSON.parse(live.stdout) as { broken: { caseRef: string }[] };
  expect(r.broken.map((b) => b.caseRef)).toEqual(['CP-BR-0002']);
  expect(ok(await cli('report', 'live')).stdout).toMatch(/^BROKEN: 1 case does not answer/);
  expect(ok(await cli('status', 'CP-BR-0001')).stdout).toContain('Case CP-BR-0001'); // the rest answer
});

test('repair says what is wrong; --restart starts it again from its recorded events, audited', async () => {
  const told = ok(await cli('repair', 'CP-BR-0002'));
  expect(told.stdout).toMatch(/^Case CP-BR-0002 is BROKEN: its workflow task has failed/);
  expect(told.stdout).toContain('--restart --reason');
  const restarted = ok(
    await cli('repair', 'CP-BR-0002', '--restart', '--reason', 'an entry its workers could not read'),
  );
  expect(restarted.stdout).toBe(
    'Case CP-BR-0002 started again from its recorded events; recorded in the audit trail.\n',
  );
  await until('it answers again', async () => (await cli('status', 'CP-BR-0002', '--json')).code === 0);
  const s = JSON.parse(ok(await cli('status', 'CP-BR-0002', '--json')).stdout) as {
    eventsRecorded: number;
    stage: string;
  };
  expect(s).toMatchObject({ eventsRecorded: 1, stage: 's47-enquiry' }); // the unreadable entry was never accepted
  const audit = ok(await cli('audit', 'CP-BR-0002')).stdout;
  expect(audit).toMatch(/Repaired \(restarted\) .* by admin-7: an entry its workers could not read/);
  expect(audit).toContain('1 recorded event');
}, 180_000);

test('a case that never opened (opened past the check with a key its worker lacks) is ended by repair --close', async () => {
  await foreign().workflow.start('caseWorkflow', {
    args: [{ input: caseInput('CP-BR-0003') }],
    taskQueue: TASK_QUEUE,
    workflowId: caseWorkflowId('CP-BR-0003'),
  });
  await until('it is broken', async () => (await cli('status', 'CP-BR-0003')).code === 1);
  const told = ok(await cli('repair', 'CP-BR-0003'));
  expect(told.stdout).toContain('Most likely: it was opened with key k-other');
  expect(told.stdout).toContain('it never opened');
  const closed = ok(await cli('repair', 'CP-BR-0003', '--close', '--reason', 'opened with the wrong key'));
  expect(closed.stdout).toContain('Case CP-BR-0003 ended');
  const d = await env.client.workflow.getHandle(caseWorkflowId('CP-BR-0003')).describe();
  expect(d.status.name).toBe('TERMINATED');
  expect(ok(await cli('audit', 'CP-BR-0003')).stdout).toMatch(
    /Repaired \(closed\) .* by admin-7: opened with the wrong key/,
  );
  expect((await cli('repair', 'CP-BR-0001')).stderr).toBe(
    'cpcase: case CP-BR-0001 is not broken: it answers (`cpcase status CP-BR-0001`)\n',
  );
}, 180_000);
