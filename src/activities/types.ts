// The activities a case workflow calls. The workflow sees only this interface; the worker builds the real
// implementations from their dependencies, and tests pass fakes or real ones.
import type { HolidayCalendar, Region } from '../domain/workingDays';
import type { Notification } from '../domain/case/actions';
import type { LocalDate } from '../domain/dates';
import type { LedgerBatch } from '../domain/case/ledger';
import type { LedgerWriteResult } from '../ledger/types';
import type { DigestRun } from '../notify/digest';

export interface CaseActivities {
  /** The holiday calendar for a region and span of years: imported list, snapshot, date-holidays, closures. */
  loadCalendar(region: Region, fromYear: number, toYear: number): Promise<HolidayCalendar>;
  /** Sends one notification step (one message per recipient). Idempotent by notification key. */
  notify(n: Notification): Promise<void>;
  /** Appends to the reporting ledger; idempotent (each entry has a natural key). */
  recordInLedger(batch: LedgerBatch): Promise<LedgerWriteResult>;
}

export interface DigestActivities {
  /** Sends the digest for `date` to every person whose role takes one; at most once per person per day. */
  sendMorningDigests(date: LocalDate): Promise<DigestRun>;
}
