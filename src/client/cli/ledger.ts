// The ledger as the CLI opens it (audit, reports): the configured store, with a clear line when there is none.
import fs from 'fs';
import { loadKeyring } from '../../crypto/keys';
import { openLedger, sqliteLedgerFile } from '../../ledger/open';
import type { LedgerStore } from '../../ledger/types';
import { withDbRetry } from '../../ledger/transient';
import type { LocalDate } from '../../domain/dates';
import { rebuildCases, type Rebuilt } from '../../report/fromLedger';
import { getConfig, getCouncil, importedCalendar } from './context';
import { CliError, EXIT } from './errors';

export async function openCliLedger(): Promise<LedgerStore> {
  const cfg = getConfig();
  if (!cfg.databaseUrl && !fs.existsSync(sqliteLedgerFile(cfg))) {
    throw new CliError(
      `no ledger at ${sqliteLedgerFile(cfg)}: set CPCASE_DATA_DIR to the worker's data folder, or DATABASE_URL`,
      EXIT.notFound,
    );
  }
  const ring = loadKeyring(cfg.keys.file, cfg.keys.json);
  try {
    // PostgreSQL restarting (a crash, a failover) is waited out, as Temporal's passing states are.
    return await withDbRetry(() => openLedger(cfg, ring));
  } catch (e) {
    if (e instanceof CliError || !cfg.databaseUrl) throw e;
    throw new CliError(
      `cannot open the ledger database (DATABASE_URL): ${e instanceof Error ? e.message : String(e)}`,
      EXIT.unreachable,
    );
  }
}

/** Every case of the ledger rebuilt by the rules that ran it, as of `asOf`: what the reports and returns count. */
export async function rebuiltFromLedger(asOf: LocalDate): Promise<Rebuilt> {
  const ledger = await openCliLedger();
  try {
    const council = getCouncil();
    return await rebuildCases(ledger, {
      policy: council.policy,
      imported: await importedCalendar(),
      closures: council.closures,
      asOf,
    });
  } finally {
    await ledger.close();
  }
}
