// What a case owes the reporting ledger: every accepted event, and every deadline outcome as it becomes known
// (met, on time or late; missed; waived; cancelled; alerted). Pure: the workflow sends the batch through an
// idempotent activity and then marks it written in its state.
import type { Policy } from '../policy';
import type { Deadline, DeadlineStatus } from './plan';
import type { CaseEvent, CaseState } from './types';
import type { IdentityProof, ProofMethod } from './recorder';

export interface LedgerEventEntry {
  /** 1 for the case's first accepted event, and so on: the order to rebuild it in. */
  seq: number;
  eventId: string;
  caseRef: string;
  type: CaseEvent['type'];
  occurredAt: string;
  recordedAt: string;
  recordedBy: string;
  onBehalfOf?: string;
  /** Set by the worker that writes it, and only where the server checks identities (see vouchedFor). */
  verifiedBy?: ProofMethod;
  /** The whole event as recorded (sealed at rest by the store). */
  event: CaseEvent;
}

export interface LedgerOutcomeEntry {
  caseRef: string;
  deadlineId: string;
  ruleId: string;
  dueDate: string;
  status: Exclude<DeadlineStatus, 'open'>;
  metOn?: string;
  /** Working days late (0 = on time); for a missed deadline, how late when first seen missed. */
  lateBy?: number;
  conferenceId?: string;
  agencyId?: string;
  observedAt: string;
}

/** The case as opened: what reports need beyond events (children's dates of birth for ages at conference, the
 * agencies invited, staff, the policy in force). Sealed at rest. */
export interface LedgerCaseEntry {
  caseRef: string;
  region: string;
  team?: string;
  openedAt: string;
  openedBy: string;
  openedOnBehalfOf?: string;
  /** As for events: set by the worker, only where the server checks identities. */
  openedVerifiedBy?: ProofMethod;
  policyId: string;
  /** The whole policy the case runs under, so a report rebuilds it by its own rules. Absent in entries written
   * before it was kept. */
  policy?: Policy;
  children: CaseState['children'];
  staff: CaseState['staff'];
  agencies: string[];
  /** The server's proof of `openedBy`, as the case kept it (sealed; see vouchedFor). */
  openedProof?: IdentityProof;
}

export interface LedgerBatch {
  /** Present once, in the first batch a case writes. */
  case?: LedgerCaseEntry;
  events: LedgerEventEntry[];
  outcomes: LedgerOutcomeEntry[];
}

export const outcomeKey = (o: { deadlineId: string; status: string; metOn?: string }) =>
  `${o.deadlineId}|${o.status}|${o.metOn ?? ''}`;

export function ledgerDue(s: CaseState, deadlines: Deadline[], observedAt: string): LedgerBatch {
  const written = s.ledgered ?? { events: 0, outcomes: [] };
  const known = new Set(written.outcomes);
  const events = s.events.slice(written.events).map((r, i) => ({
    seq: written.events + i + 1,
    eventId: r.eventId,
    caseRef: s.caseRef,
    type: r.event.type,
    occurredAt: r.event.occurredAt,
    recordedAt: r.recordedAt,
    recordedBy: r.event.recordedBy,
    ...(r.event.onBehalfOf ? { onBehalfOf: r.event.onBehalfOf } : {}),
    event: r.event,
  }));
  const outcomes: LedgerOutcomeEntry[] = [];
  for (const d of deadlines) {
    if (d.status === 'open') continue;
    const o: LedgerOutcomeEntry = {
      caseRef: s.caseRef,
      deadlineId: d.id,
      ruleId: d.ruleId,
      dueDate: d.dueDate,
      status: d.status,
      ...(d.metOn ? { metOn: d.metOn } : {}),
      ...(d.lateBy !== undefined ? { lateBy: d.lateBy } : {}),
      ...(d.conferenceId ? { conferenceId: d.conferenceId } : {}),
      ...(d.agencyId ? { agencyId: d.agencyId } : {}),
      observedAt,
    };
    if (!known.has(outcomeKey(o))) outcomes.push(o);
  }
  const opened: LedgerCaseEntry | undefined = s.ledgered
    ? undefined
    : {
        caseRef: s.caseRef,
        region: s.region,
        ...(s.team ? { team: s.team } : {}),
        openedAt: s.openedAt,
        openedBy: s.openedBy,
        ...(s.openedOnBehalfOf ? { openedOnBehalfOf: s.openedOnBehalfOf } : {}),
        ...(s.openedProof ? { openedProof: s.openedProof } : {}),
        policyId: s.policy.id,
        policy: s.policy,
        children: s.children,
        staff: s.staff,
        agencies: s.agencies,
      };
  return { ...(opened ? { case: opened } : {}), events, outcomes };
}

export function markLedgered(s: CaseState, batch: LedgerBatch): CaseState {
  const written = s.ledgered ?? { events: 0, outcomes: [] };
  return {
    ...s,
    ledgered: {
      events: written.events + batch.events.length,
      outcomes: [...written.outcomes, ...batch.outcomes.map(outcomeKey)],
    },
  };
}

/**
 * The batch as a worker vouches for it: an entry's proof (the server's stamp, kept in the event) is written as
 * verified only by a worker that knows its server checks every caller (CPCASE_IDENTITY=server, confirmed at start).
 * Elsewhere a stamp could be anyone's header, so the entry is written unverified.
 */
export function vouchedFor(batch: LedgerBatch, serverChecksIdentity: boolean): LedgerBatch {
  if (!serverChecksIdentity) return batch;
  const opened = batch.case;
  return {
    ...batch,
    ...(opened ? { case: withOpenedProof(opened) } : {}),
    events: batch.events.map((e) => (e.event.proof ? { ...e, verifiedBy: e.event.proof.method } : e)),
  };
}

function withOpenedProof(c: LedgerCaseEntry): LedgerCaseEntry {
  return c.openedProof ? { ...c, openedVerifiedBy: c.openedProof.method } : c;
}
