// Which ledger a process uses: PostgreSQL when DATABASE_URL is set (several workers), else SQLite under the data
// folder (the embedded default).
import path from 'path';
import type { Config } from '../config/env';
import type { Keyring } from '../crypto/keys';
import { openPostgresLedger } from './postgres';
import { openSqliteLedger } from './sqlite';
import type { LedgerStore } from './types';

export const sqliteLedgerFile = (config: Pick<Config, 'dataDir'>) =>
  path.join(config.dataDir, 'ledger.sqlite');

export function openLedger(
  config: Pick<Config, 'dataDir' | 'databaseUrl'>,
  ring: Keyring,
): Promise<LedgerStore> {
  return config.databaseUrl
    ? openPostgresLedger(config.databaseUrl, ring)
    : Promise.resolve(openSqliteLedger(sqliteLedgerFile(config), ring));
}
