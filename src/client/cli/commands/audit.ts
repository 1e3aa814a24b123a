import fs from 'fs';
import path from 'path';
import type { Command } from 'commander';
import { loadKeyring } from '../../../crypto/keys';
import { openSqliteLedger } from '../../../ledger/sqlite';
import type { AuditRow } from '../../../ledger/types';
import { caseRefArg } from '../args';
import { getConfig } from '../context';
import { CliError, EXIT } from '../errors';
import { printJson, printLines, table } from '../io';

export interface AuditData {
  caseRef: string;
  entries: AuditRow[];
}

export function gatherAudit(caseRef: string): AuditData {
  const cfg = getConfig();
  const file = path.join(cfg.dataDir, 'ledger.sqlite');
  if (!fs.existsSync(file)) {
    throw new CliError(`no ledger at ${file}: is CPCASE_DATA_DIR the worker's data folder?`, EXIT.notFound);
  }
  const ledger = openSqliteLedger(file, loadKeyring(cfg.keys.file, cfg.keys.json));
  try {
    const entries = ledger.audit(caseRef);
    if (entries.length === 0)
      throw new CliError(`the ledger has nothing recorded for case ${caseRef}`, EXIT.notFound);
    return { caseRef, entries };
  } finally {
    ledger.close();
  }
}

export function register(program: Command): void {
  program
    .command('audit')
    .description('who recorded what on a case, and when: the audit trail from the reporting ledger')
    .argument('<case-ref>', 'the case reference', caseRefArg)
    .option('--json', 'print the entries as JSON')
    .action((caseRef: string, opts: { json?: boolean }) => {
      const d = gatherAudit(caseRef);
      if (opts.json) return printJson(d);
      printLines([
        `Case ${d.caseRef}: ${d.entries.length} recorded ${d.entries.length === 1 ? 'event' : 'events'}`,
        ...table(
          ['RECORDED AT (UTC)', 'BY', 'EVENT', 'HAPPENED ON', 'EVENT ID'],
          d.entries.map((e) => [
            e.recordedAt.replace('T', ' ').slice(0, 19),
            e.recordedBy,
            e.type,
            e.occurredAt,
            e.eventId,
          ]),
        ),
      ]);
    });
}
