import type { Command } from 'commander';
import type { AuditRow, LedgerStore } from '../../../ledger/types';
import type { ProofMethod } from '../../../domain/case/recorder';
import { caseRefArg } from '../args';
import { openCliLedger } from '../ledger';
import { CliError, EXIT } from '../errors';
import { clip, printJson, printLines, tableWithDetail } from '../io';

/** One entry of the trail; a correction says which event it corrects and why. */
export type AuditEntry = AuditRow & { corrects?: string; why?: string };

export interface AuditData {
  caseRef: string;
  /** Who opened the case, as the ledger holds it (absent for a case the ledger knows only by its events). */
  opened?: { at: string; by: string; onBehalfOf?: string; verifiedBy?: ProofMethod };
  entries: AuditEntry[];
  /** Entries whose recorder nobody verified (made without sign-in): their BY is what was typed. */
  unverified: number;
  /** Each time the record was disclosed (a subject access export), by whom. The child is not named here. */
  disclosures: { at: string; by: string; kind: string }[];
  /** Each time the case was repaired (ended, or started again), by whom and why. */
  repairs: { at: string; by: string; action: string; reason: string }[];
  /** Each time a person opened the case's page (cpcase serve). */
  views: { at: string; by: string }[];
}

export async function gatherAudit(caseRef: string): Promise<AuditData> {
  const ledger = await openCliLedger();
  try {
    const events = await ledger.events(caseRef);
    // A case that never opened has no events, but may have been repaired (ended): that is its whole trail.
    if (events.length === 0 && (await ledger.records.repairs(caseRef)).length === 0)
      throw await nothingFor(ledger, caseRef);
    const c = await ledger.caseEntry(caseRef);
    const entries = events.map((e) => ({
      eventId: e.eventId,
      type: e.type,
      occurredAt: e.occurredAt,
      recordedAt: e.recordedAt,
      recordedBy: e.recordedBy,
      ...(e.onBehalfOf ? { onBehalfOf: e.onBehalfOf } : {}),
      ...(e.verifiedBy ? { verifiedBy: e.verifiedBy } : {}),
      ...(e.event.type === 'event-amended' || e.event.type === 'event-withdrawn'
        ? { corrects: e.event.target, why: e.event.reason }
        : {}),
    }));
    const opened = c && {
      at: c.openedAt,
      by: c.openedBy,
      ...(c.openedOnBehalfOf ? { onBehalfOf: c.openedOnBehalfOf } : {}),
      ...(c.openedVerifiedBy ? { verifiedBy: c.openedVerifiedBy } : {}),
    };
    const unverified = entries.filter((e) => !e.verifiedBy).length + (opened && !opened.verifiedBy ? 1 : 0);
    const disclosures = (await ledger.records.disclosures(caseRef)).map(({ at, by, kind }) => ({
      at,
      by,
      kind,
    }));
    const repairs = (await ledger.records.repairs(caseRef)).map(({ at, by, action, reason }) => ({
      at,
      by,
      action,
      reason,
    }));
    const views = (await ledger.records.views(caseRef)).map(({ at, by }) => ({ at, by }));
    return { caseRef, ...(opened ? { opened } : {}), entries, unverified, disclosures, repairs, views };
  } finally {
    await ledger.close();
  }
}

/** Nothing recorded: a destroyed case says so from its tombstone (who destroyed it, under which rule). */
async function nothingFor(ledger: LedgerStore, caseRef: string): Promise<CliError> {
  const t = (await ledger.records.tombstones()).find((x) => x.caseRef === caseRef);
  return new CliError(
    t
      ? `case ${caseRef} was destroyed under the records schedule: tombstone: ${t.kind} record, opened ` +
          `${t.openedOn}, closed ${t.closedOn}, rule ${t.ruleId} (${t.anchor} ${t.anchorDate}, due ${t.dueOn}), ` +
          `destroyed by ${t.destroyedBy} ${t.startedAt.slice(0, 16)}${t.finishedAt ? '' : ' (not finished)'}`
      : `the ledger has nothing recorded for case ${caseRef}`,
    EXIT.notFound,
  );
}

/** "ADM-001", or "ADM-001 for SW-101" when entered on someone's behalf. */
const who = (by: string, onBehalfOf?: string) => (onBehalfOf ? `${by} for ${onBehalfOf}` : by);
const proof = (v?: ProofMethod) => v ?? 'UNVERIFIED';

export function auditLines(d: AuditData): string[] {
  const n = d.entries.length;
  const opened = d.opened
    ? `opened ${d.opened.at.slice(0, 10)} by ${who(d.opened.by, d.opened.onBehalfOf)} (${proof(d.opened.verifiedBy)}); `
    : '';
  return [
    `Case ${d.caseRef}: ${opened}${n} recorded ${n === 1 ? 'event' : 'events'}`,
    ...(n === 0
      ? []
      : tableWithDetail(
          ['RECORDED AT (UTC)', 'BY', 'PROOF', 'EVENT', 'HAPPENED ON'],
          d.entries.map((e) => ({
            cells: [
              e.recordedAt.replace('T', ' ').slice(0, 16),
              who(e.recordedBy, e.onBehalfOf),
              proof(e.verifiedBy),
              e.type,
              e.occurredAt,
            ],
            detail: `id ${e.eventId}${e.corrects ? `; corrects ${e.corrects} (${clip(e.why ?? '', 60)})` : ''}`,
          })),
        )),
    ...(d.unverified
      ? [
          `UNVERIFIED: ${d.unverified} ${d.unverified === 1 ? 'entry' : 'entries'} made without a checked sign-in (the embedded`,
          '  default): BY is the name given, not a proven one.',
        ]
      : []),
    ...d.disclosures.map((x) => `Disclosed (${x.kind}) ${x.at.replace('T', ' ').slice(0, 16)} by ${x.by}`),
    ...d.repairs.map(
      (x) => `Repaired (${x.action}) ${x.at.replace('T', ' ').slice(0, 16)} by ${x.by}: ${x.reason}`,
    ),
    ...d.views.map((x) => `Viewed (case page) ${x.at.replace('T', ' ').slice(0, 16)} by ${x.by}`),
  ];
}

export function register(cmd: Command): void {
  cmd
    .argument('<case-ref>', 'the case reference', caseRefArg)
    .option('--json', 'print the entries as JSON')
    .action(async (caseRef: string, opts: { json?: boolean }) => {
      const d = await gatherAudit(caseRef);
      if (opts.json) return printJson(d);
      printLines(auditLines(d));
    });
}
