// The real case activities, built from their dependencies so tests can pass fakes or real ones.
import { loadCalendar as loadCalendarFromFiles } from '../calendar/load';
import type { LocalDate } from '../domain/dates';
import type { Notification } from '../domain/case/actions';
import type { CaseActivities } from './types';
import type { LedgerStore } from '../ledger/types';

export interface CaseActivityDeps {
  dataDir: string;
  closures: { date: LocalDate; title: string }[];
  /** Delivers one notification; must be idempotent by `n.key`. */
  deliver: (n: Notification) => Promise<void>;
  ledger: LedgerStore;
}

export function createCaseActivities(deps: CaseActivityDeps): CaseActivities {
  return {
    loadCalendar(region, fromYear, toYear) {
      const { years: _years, ...calendar } = loadCalendarFromFiles({
        region,
        fromYear,
        toYear,
        dataDir: deps.dataDir,
        closures: deps.closures,
      });
      return Promise.resolve(calendar);
    },
    notify: (n) => deps.deliver(n),
    recordInLedger: (batch) => deps.ledger.write(batch),
  };
}
