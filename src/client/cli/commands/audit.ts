import type { Command } from 'commander';
import type { AuditRow } from '../../../ledger/types';
import { caseRefArg } from '../args';
import { openCliLedger } from '../ledger';
import { CliError, EXIT } from '../errors';
import { printJson, printLines, table } from '../io';

/** One entry of the trail; a correction says which event it corrects and why. */
export type AuditEntry = AuditRow & { corrects?: string; why?: string };

export interface AuditData {
  caseRef: string;
  entries: AuditEntry[];
}

export async function gatherAudit(caseRef: string): Promise<AuditData> {
  const ledger = await openCliLedger();
  try {
    const events = await ledger.events(caseRef);
    if (events.length === 0)
      throw new CliError(`the ledger has nothing recorded for case ${caseRef}`, EXIT.notFound);
    const entries = events.map(({ eventId, type, occurredAt, recordedAt, recordedBy, event }) => ({
      eventId,
      type,
      occurredAt,
      recordedAt,
      recordedBy,
      ...(event.type === 'event-amended' || event.type === 'event-withdrawn'
        ? { corrects: event.target, why: event.reason }
        : {}),
    }));
    return { caseRef, entries };
  } finally {
    await ledger.close();
  }
}

export function register(cmd: Command): void {
  cmd
    .argument('<case-ref>', 'the case reference', caseRefArg)
    .option('--json', 'print the entries as JSON')
    .action(async (caseRef: string, opts: { json?: boolean }) => {
      const d = await gatherAudit(caseRef);
      if (opts.json) return printJson(d);
      printLines([
        `Case ${d.caseRef}: ${d.entries.length} recorded ${d.entries.length === 1 ? 'event' : 'events'}`,
        ...table(
          ['RECORDED AT (UTC)', 'BY', 'EVENT', 'HAPPENED ON', 'EVENT ID', 'CORRECTS'],
          d.entries.map((e) => [
            e.recordedAt.replace('T', ' ').slice(0, 19),
            e.recordedBy,
            e.type,
            e.occurredAt,
            e.eventId,
            e.corrects ? `${e.corrects} (${e.why ?? ''})` : '',
          ]),
        ),
      ]);
    });
}
