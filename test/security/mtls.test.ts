// mTLS to Temporal for the CLI and the worker, through the one place each builds its connection
// (src/client/connection.ts from the TEMPORAL_TLS_* variables), against a server that demands a client certificate.
import { testLedger } from '../support/ledger';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { NativeConnection, Runtime, DefaultLogger } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { connectionOptions } from '../../src/client/connection';
import { loadConfig } from '../../src/config/env';
import { cpcaseAsync, STAFF } from '../support/cli';
import { testKeys } from '../support/keys';
import { startDevServer } from '../support/temporal';
import { caseWorker } from '../support/caseWorker';
import { makeCerts, startMtlsProxy, type TestCerts } from '../support/tlsProxy';

Runtime.install({ logger: new DefaultLogger('ERROR') });

let env: TestWorkflowEnvironment;
let certs: TestCerts;
let proxy: Awaited<ReturnType<typeof startMtlsProxy>>;
const keys = testKeys();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-mtls-'));

beforeAll(async () => {
  env = await startDevServer();
  certs = makeCerts();
  proxy = await startMtlsProxy(certs, env.address);
});
afterAll(async () => {
  await proxy?.close();
  await env?.teardown();
});

const tlsEnv = () => ({
  TEMPORAL_ADDRESS: proxy.address,
  TEMPORAL_TASK_QUEUE: 'mtls',
  TEMPORAL_TLS_CERT: certs.clientCert,
  TEMPORAL_TLS_KEY: certs.clientKey,
  TEMPORAL_TLS_CA: certs.ca,
  TEMPORAL_TLS_SERVER_NAME: 'localhost',
  CPCASE_KEYS_FILE: keys.file,
  CPCASE_DATA_DIR: dataDir,
});

test('the worker and the CLI work over mTLS; without a client certificate the CLI cannot connect', async () => {
  const connection = await NativeConnection.connect(connectionOptions(loadConfig(tlsEnv())));
  const worker = await caseWorker({
    connection,
    taskQueue: 'mtls',
    dataConverter: keys.dataConverter,
    dataDir,
    ledger: testLedger(keys.ring),
  });
  await worker.runUntil(async () => {
    const opened = await cpcaseAsync(
      ['open', 'CP-TLS-0001', '--child', 'CH-1:2015-01-01', ...STAFF],
      tlsEnv(),
    );
    expect(opened.stderr).toBe('');
    expect(opened.code).toBe(0);
    const status = await cpcaseAsync(['status', 'CP-TLS-0001', '--json'], tlsEnv());
    expect(JSON.parse(status.stdout)).toMatchObject({ caseRef: 'CP-TLS-0001', stage: 'referral' });

    const { TEMPORAL_TLS_CERT: _c, TEMPORAL_TLS_KEY: _k, ...noClientCert } = tlsEnv();
    const refused = await cpcaseAsync(['status', 'CP-TLS-0001'], noClientCert);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toMatch(/^cpcase: cannot reach Temporal at localhost:\d+/);
  });
  await connection.close();
});
