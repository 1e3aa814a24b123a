// A real SQLite ledger in a temporary folder, sealed with a test keyring.
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Keyring } from '../../src/crypto/keys';
import { openSqliteLedger } from '../../src/ledger/sqlite';
import { testKeys } from './keys';

export function testLedger(ring: Keyring = testKeys().ring) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-ledger-')), 'ledger.sqlite');
  return openSqliteLedger(file, ring);
}
