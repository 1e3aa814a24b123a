// A keys file for a test, and the data converter every worker and client of that test must share.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { encryptedDataConverter } from '../../src/crypto/codec';
import { generateKey, keyringFrom } from '../../src/crypto/keys';

export function testKeys(
  id = 'test-key-a',
  file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-keys-')), 'keys.json'),
) {
  const keyFile = generateKey(file, id);
  const ring = keyringFrom(keyFile);
  return { file, ring, dataConverter: encryptedDataConverter(ring) };
}

/** A client on the test server that encrypts like the CLI and the worker. */
export function encryptedClient(
  env: TestWorkflowEnvironment,
  dataConverter: ReturnType<typeof testKeys>['dataConverter'],
): Client {
  return new Client({ connection: env.connection, namespace: env.namespace ?? 'default', dataConverter });
}
