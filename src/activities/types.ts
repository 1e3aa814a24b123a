// The activities a case workflow calls. The workflow sees only this interface; the worker builds the real
// implementations from their dependencies, and tests pass fakes or real ones.
import type { HolidayCalendar, Region } from '../domain/workingDays';
import type { Notification } from '../domain/case/actions';
import type { LocalDate } from '../domain/dates';
import type { LedgerBatch } from '../domain/case/ledger';
import type { MailFault } from '../domain/case/sending';
import type { LedgerWriteResult } from '../ledger/types';
import type { DigestRun } from '../notify/digest';

/** The failure type `sendNotification` throws for a fault of the mail set-up; its one detail is MailFaultDetails. */
export const MAIL_FAULT_TYPE = 'MailFault';
export interface MailFaultDetails {
  kind: MailFault['kind'];
  detail: string;
}

/**
 * The failure type `sendNotification` throws when another worker holds the claim on a message (patch
 * 'held-claim-waits'): not a fault; its one detail is SendHeldDetails, how long until the claim lapses.
 */
export const SEND_HELD_TYPE = 'SendHeld';
export interface SendHeldDetails {
  /** A duration, not an instant: the worker's clock and the case's (its server's) need not agree. */
  retryInMs: number;
}

export interface SendResult {
  /** Recipients the message could not reach (the administrator was told, unless `alerted` is false). */
  unreached: { recipient: string; problem: string; alerted: boolean }[];
}

export interface CaseActivities {
  /** The holiday calendar for a region and span of years: imported list, snapshot, date-holidays, closures. */
  loadCalendar(region: Region, fromYear: number, toYear: number): Promise<HolidayCalendar>;
  /** Before patch 'send-at-send-time': sends one step, Temporal retrying every failure. Kept for those histories. */
  notify(n: Notification): Promise<void>;
  /**
   * Sends one step (one message per recipient), once per recipient. A fault of the mail set-up fails it with
   * type MAIL_FAULT_TYPE and is not retried here: the case waits, decides again, and tries again.
   */
  sendNotification(n: Notification): Promise<SendResult>;
  /** Appends to the reporting ledger; idempotent (each entry has a natural key). */
  recordInLedger(batch: LedgerBatch): Promise<LedgerWriteResult>;
}

export interface DigestActivities {
  /** Sends the digest for `date` to every person whose role takes one; at most once per person per day. */
  sendMorningDigests(date: LocalDate): Promise<DigestRun>;
}
