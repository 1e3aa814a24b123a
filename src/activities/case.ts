// The real case activities, built from their dependencies so tests can pass fakes or real ones.
import { ApplicationFailure } from '@temporalio/activity';
import { loadCalendar as loadCalendarFromFiles } from '../calendar/load';
import type { CalendarImports } from '../calendar/imports';
import type { LocalDate } from '../domain/dates';
import type { Notification } from '../domain/case/actions';
import type { CaseActivities, MailFaultDetails, SendHeldDetails, SendResult } from './types';
import { MAIL_FAULT_TYPE, SEND_HELD_TYPE } from './types';
import type { LedgerStore } from '../ledger/types';
import { vouchedFor } from '../domain/case/ledger';
import { ClaimHeldError, MailFaultError, type DeliveryResult } from '../notify/email';
import { noMetrics, type CpcaseMetrics } from '../metrics/metrics';

export interface CaseActivityDeps {
  dataDir: string;
  /** Where imported bank holidays are read from; the data folder when absent. */
  calendarImports?: CalendarImports;
  closures: { date: LocalDate; title: string }[];
  /** Delivers one notification (one message per recipient); idempotent by `n.key` and recipient. */
  deliver: (n: Notification) => Promise<DeliveryResult | void>;
  ledger: LedgerStore;
  /**
   * The Temporal server checks every caller's credential and stamps who they are (CPCASE_IDENTITY=server,
   * confirmed by the worker at start): only then is an entry's stamp written to the ledger as verified.
   */
  serverChecksIdentity?: boolean;
  /** Ledger writes and their failures are counted here. */
  metrics?: CpcaseMetrics;
}

export function createCaseActivities(deps: CaseActivityDeps): CaseActivities {
  return {
    async loadCalendar(region, fromYear, toYear) {
      const { years: _years, ...calendar } = loadCalendarFromFiles({
        region,
        fromYear,
        toYear,
        dataDir: deps.dataDir,
        ...(deps.calendarImports ? { imported: await deps.calendarImports.latest() } : {}),
        closures: deps.closures,
      });
      return calendar;
    },
    // Cases that scheduled it before patch 'send-at-send-time': every failure is retried here, by Temporal.
    async notify(n) {
      await deps.deliver(n);
    },
    async sendNotification(n): Promise<SendResult> {
      try {
        const r = await deps.deliver(n);
        return { unreached: r?.unreached ?? [] };
      } catch (e) {
        if (e instanceof ClaimHeldError) {
          const held: SendHeldDetails = { retryInMs: e.lapsesInMs };
          throw ApplicationFailure.create({
            type: SEND_HELD_TYPE,
            message: e.message,
            nonRetryable: true,
            details: [held],
          });
        }
        if (!(e instanceof MailFaultError)) throw e;
        // Typed, so the case tells a fault of the set-up from anything else without reading the message.
        const details: MailFaultDetails = { kind: e.kind, detail: e.detail };
        throw ApplicationFailure.create({
          type: MAIL_FAULT_TYPE,
          message: e.message,
          nonRetryable: true,
          details: [details],
        });
      }
    },
    async recordInLedger(batch) {
      const metrics = deps.metrics ?? noMetrics;
      try {
        const written = await deps.ledger.write(vouchedFor(batch, deps.serverChecksIdentity ?? false));
        metrics.ledgerWrite('ok');
        return written;
      } catch (e) {
        metrics.ledgerWrite('failed');
        throw e;
      }
    },
  };
}
