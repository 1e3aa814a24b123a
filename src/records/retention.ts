// The records schedule carried out: which closed cases have passed their period (the domain decides, for each
// case the ledger holds), and the destruction of one, everywhere cpcase holds it. A destruction writes its
// tombstone first and finishes it last; each place is cleared by an eraser that may run again harmlessly, so an
// interrupted destruction is resumed by the next run and nothing is destroyed twice.
import type { LocalDate } from '../domain/dates';
import { londonDate } from '../domain/londonTime';
import {
  closedRecordOf,
  retentionStatus,
  type RetentionRule,
  type RetentionStatus,
} from '../domain/retention';
import type { Hold, Tombstone } from '../ledger/records';
import type { LedgerStore } from '../ledger/types';

export interface ReviewedCase {
  caseRef: string;
  openedOn: LocalDate;
  closedOn: LocalDate;
  status: RetentionStatus;
  /** The hold in force, which stops destruction whatever the schedule says. */
  hold?: Hold;
}

export interface RetentionReview {
  /** Closed cases, each with where it stands. */
  closed: ReviewedCase[];
  /** Open cases are never due. */
  open: number;
  /** Destructions begun and not finished (an interruption): the next `retention apply` finishes them. */
  unfinished: Tombstone[];
  /** Finished destructions. */
  destroyed: Tombstone[];
}

/** Every case the ledger holds, against the rules, as of `today`. */
export async function reviewRetention(
  ledger: LedgerStore,
  rules: readonly RetentionRule[],
  today: LocalDate,
): Promise<RetentionReview> {
  const holds = new Map((await ledger.records.holds()).filter((h) => !h.lifted).map((h) => [h.caseRef, h]));
  const tombstones = await ledger.records.tombstones();
  const closed: ReviewedCase[] = [];
  let open = 0;
  for (const c of await ledger.cases()) {
    const record = closedRecordOf(c, await ledger.events(c.caseRef));
    if (!record) {
      open++;
      continue;
    }
    const hold = holds.get(c.caseRef);
    closed.push({
      caseRef: c.caseRef,
      openedOn: londonDate(Date.parse(c.openedAt)),
      closedOn: record.closedOn,
      status: retentionStatus(record, rules, today),
      ...(hold ? { hold } : {}),
    });
  }
  return {
    closed,
    open,
    unfinished: tombstones.filter((t) => !t.finishedAt),
    destroyed: tombstones.filter((t) => t.finishedAt),
  };
}

/** The cases destruction may take now: due, and not held. */
export const destroyable = (r: RetentionReview) =>
  r.closed.filter((c) => c.status.state === 'due' && !c.hold);

/** One place cpcase holds a case: cleared of it, harmlessly again if it already is. */
export interface Eraser {
  /** Where, for the report: "Temporal", "the sent-message record", "the ledger". */
  where: string;
  erase(caseRef: string): Promise<void>;
}

/**
 * Destroys one case: the tombstone (what, which rule, who, when) first, then every place, the ledger last, then
 * the tombstone finished. A case whose tombstone exists is resumed from it.
 */
export async function destroyCase(
  ledger: LedgerStore,
  c: ReviewedCase | Tombstone,
  erasers: readonly Eraser[],
  by: string,
  now: () => string,
): Promise<Tombstone> {
  const tombstone = 'status' in c ? await ledger.records.beginDestruction(tombstoneFor(c, by, now())) : c;
  for (const e of erasers) await e.erase(tombstone.caseRef);
  await ledger.records.eraseCase(tombstone.caseRef);
  await ledger.records.finishDestruction(tombstone.caseRef, now());
  return { ...tombstone, finishedAt: now() };
}

function tombstoneFor(c: ReviewedCase, by: string, at: string): Omit<Tombstone, 'finishedAt'> {
  const s = c.status;
  if (s.state !== 'due') throw new Error(`case ${c.caseRef} is not due for destruction`);
  return {
    caseRef: c.caseRef,
    kind: s.kind,
    ruleId: s.rule.id,
    anchor: s.rule.from,
    anchorDate: s.anchorDate,
    dueOn: s.dueOn,
    openedOn: c.openedOn,
    closedOn: c.closedOn,
    destroyedBy: by,
    startedAt: at,
  };
}
