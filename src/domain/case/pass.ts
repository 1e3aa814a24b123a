// One pass of the case loop as a pure decision: given the case and the time, what to write to the reporting
// ledger, which search attributes changed, what is due to be sent, and when to look again. The workflow only
// carries it out, and asks again (`dueSends`) before each message, so one decided earlier in the pass cannot
// go about a deadline met, waived or stopped while the pass was awaiting something.
import { addDays, type LocalDate } from '../dates';
import { londonDate, londonInstant } from '../londonTime';
import { ledgerDue, type LedgerBatch } from './ledger';
import { isOutstanding, planDeadlines, type Deadline } from './plan';
import { dueSends, emptySending, nextReleaseAt, trackKnown, type DueSend } from './sending';
import { caseStatus, stageOf, type Stage } from './status';
import type { CaseState } from './types';

/** What `cpcase list` and the Web UI filter on, as plain values (the workflow maps them to search attributes). */
export interface CaseAttributes {
  stage: Stage;
  overdue: number;
  socialWorker: string;
  region: string;
  /** Absent when nothing is outstanding. */
  nextDue?: LocalDate;
  /** Absent for a case opened without a team. */
  team?: string;
}

export function caseAttributes(s: CaseState, deadlines: Deadline[], today: LocalDate): CaseAttributes {
  const status = caseStatus(s, deadlines, today);
  return {
    stage: status.stage,
    overdue: status.overdue,
    socialWorker: s.staff.socialWorker,
    region: s.region,
    ...(status.nextDue ? { nextDue: status.nextDue } : {}),
    ...(s.team ? { team: s.team } : {}),
  };
}

/** The attributes whose value differs from what the case last set; `null` clears one. */
export type AttributeChanges = { [K in keyof CaseAttributes]?: CaseAttributes[K] | null };

export function changedAttributes(want: CaseAttributes, have: Partial<CaseAttributes>): AttributeChanges {
  const out: AttributeChanges = {};
  const keys: (keyof CaseAttributes)[] = ['stage', 'overdue', 'socialWorker', 'region', 'nextDue', 'team'];
  for (const k of keys) {
    if (want[k] === have[k]) continue;
    (out as Record<string, unknown>)[k] = want[k] ?? null;
  }
  return out;
}

/**
 * The next midnight (London) at which an attribute changes by itself: a deadline turns overdue the day after
 * it was due, an alert is reached on its day. Without waking then, `list --overdue` would wait for the next
 * reminder to learn of it.
 */
export function nextDayChangeAt(deadlines: Deadline[], now: number): number | undefined {
  let next: number | undefined;
  for (const d of deadlines) {
    if (!isOutstanding(d) || d.status !== 'open') continue;
    const day = d.kind === 'deadline' ? addDays(d.dueDate, 1) : d.dueDate;
    const at = londonInstant(day, '00:00');
    if (at > now && (next === undefined || at < next)) next = at;
  }
  return next;
}

export interface PassDecision {
  /** The case with what it knows about sending refreshed. */
  state: CaseState;
  /** Absent when the ledger already holds everything. */
  ledger?: LedgerBatch;
  attributes: AttributeChanges;
  /** What is due to go now; the workflow asks again before each. */
  sends: DueSend[];
  /** When to look again if nothing else happens; undefined when only a change can wake the case. */
  wakeAt?: number;
  /** Closed, with nothing left to send: the workflow may end. */
  finished: boolean;
}

export function decidePass(s0: CaseState, now: number, have: Partial<CaseAttributes>): PassDecision {
  const today = londonDate(now);
  const deadlines = planDeadlines(s0, today);
  const sending = s0.sending ?? emptySending();
  const state: CaseState = { ...s0, sending: { ...sending, known: trackKnown(s0, deadlines, now) } };
  const batch = ledgerDue(state, deadlines, new Date(now).toISOString());
  const sends = dueSends(state, deadlines, now);
  const release = nextReleaseAt(state, deadlines, now);
  const closed = stageOf(state) === 'closed';
  const wakes = [release, closed ? undefined : nextDayChangeAt(deadlines, now)].filter(
    (t): t is number => t !== undefined,
  );
  return {
    state,
    ...(batch.events.length || batch.outcomes.length ? { ledger: batch } : {}),
    attributes: changedAttributes(caseAttributes(state, deadlines, today), have),
    sends,
    ...(wakes.length ? { wakeAt: Math.min(...wakes) } : {}),
    finished: closed && sends.length === 0 && release === undefined,
  };
}
