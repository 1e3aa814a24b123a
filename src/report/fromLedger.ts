// Rebuilds every case in the ledger with the domain rules (the same that ran it), for the reports.
import { loadCalendar, type ImportedCalendar } from '../calendar/load';
import { applyEvent, initialState } from '../domain/case/apply';
import { firstCalendarYear } from '../domain/case/calendarRange';
import { PLAN_RULES_VERSION, planDeadlines } from '../domain/case/plan';
import { compareDates, yearOf, type LocalDate } from '../domain/dates';
import type { Policy } from '../domain/policy';
import type { Region } from '../domain/workingDays';
import type { ReportCase } from '../domain/report/annual';
import type { LedgerStore } from '../ledger/types';
import type { LedgerCaseEntry, LedgerEventEntry } from '../domain/case/ledger';
import type { CaseState } from '../domain/case/types';
import { timescalesOf } from '../domain/configDrift';

export interface Rebuilt {
  cases: ReportCase[];
  /** Events the rules refuse on replay (should be none; listed so a figure is never silently wrong). */
  problems: string[];
  /** What a reader should know about how figures were counted: cases under another policy than today's. */
  notices: string[];
}

type Loaded = Omit<ReturnType<typeof loadCalendar>, 'years'>;

/** One calendar per region and start year: loading reads files, and a year's cases share a handful. */
function calendarCache(opts: RebuildOptions): (region: Region, fromYear: number) => Loaded {
  const calendars = new Map<string, Loaded>();
  return (region, fromYear) => {
    const key = `${region}/${fromYear}`;
    let calendar = calendars.get(key);
    if (!calendar) {
      const { years: _years, ...loaded } = loadCalendar({
        region,
        fromYear,
        toYear: yearOf(opts.asOf) + 3,
        imported: opts.imported,
        closures: opts.closures,
      });
      calendar = loaded;
      calendars.set(key, calendar);
    }
    return calendar;
  };
}

/** The case as opened, then every event replayed as the case accepted it; refusals go to `problems`. */
function replayCase(
  c: LedgerCaseEntry,
  events: LedgerEventEntry[],
  policy: Policy,
  calendar: Loaded,
  problems: string[],
): CaseState {
  let state = initialState(
    {
      caseRef: c.caseRef,
      region: c.region as Region,
      ...(c.team ? { team: c.team } : {}),
      children: c.children.map(({ id, dateOfBirth, expectedBirth }) => ({ id, dateOfBirth, expectedBirth })),
      staff: c.staff,
      agencies: c.agencies,
      policy,
      openedBy: c.openedBy,
    },
    calendar,
    c.openedAt,
  );
  state = { ...state, planRules: PLAN_RULES_VERSION };
  for (const e of events) {
    // Judged as on the day it was recorded, as the case judged it then.
    const recordedOn = e.recordedAt.slice(0, 10) as LocalDate;
    const today = compareDates(recordedOn, e.event.occurredAt) < 0 ? e.event.occurredAt : recordedOn;
    // Replayed, not judged again: the case accepted it once, under the checks of its day.
    const r = applyEvent(state, e.event, today, e.recordedAt, 'replaying');
    if (r.ok) state = r.state;
    else problems.push(`${c.caseRef} ${e.eventId}: ${r.reason}`);
  }
  return state;
}

interface RebuildOptions {
  policy: Policy;
  /** The bank holidays imported where the deployment keeps them (null: none). */
  imported: ImportedCalendar | null;
  closures: { date: LocalDate; title: string }[];
  asOf: LocalDate;
}

export async function rebuildCases(ledger: LedgerStore, opts: RebuildOptions): Promise<Rebuilt> {
  const problems: string[] = [];
  const cases: ReportCase[] = [];
  const otherPolicies = new Map<string, number>();
  let withoutPolicy = 0;
  // Only the timescales change what a report counts: a new send time or digest setting is not another policy here.
  const current = timescalesOf(opts.policy);
  const calendarFor = calendarCache(opts);
  for (const c of await ledger.cases()) {
    // Each case is counted by the rules it ran under; only entries from before the ledger kept the policy fall
    // back to today's.
    if (!c.policy) withoutPolicy += 1;
    else if (timescalesOf(c.policy) !== current) {
      const name = `'${c.policy.id}'${c.policy.id === opts.policy.id ? ' (as it was then)' : ''}`;
      otherPolicies.set(name, (otherPolicies.get(name) ?? 0) + 1);
    }
    const state = rebuiltState(c, await ledger.events(c.caseRef), opts, calendarFor, problems);
    cases.push({ state, deadlines: planDeadlines(state, opts.asOf) });
  }
  return { cases, problems, notices: policyNotices(otherPolicies, withoutPolicy, opts.policy.id) };
}

/** One case from its ledger entries, under the policy it ran under (today's for an entry from before that). */
function rebuiltState(
  c: LedgerCaseEntry,
  events: LedgerEventEntry[],
  opts: RebuildOptions,
  calendarFor: ReturnType<typeof calendarCache>,
  problems: string[],
): CaseState {
  // Back to the earliest event: an imported history can be years older than the case.
  const fromYear = firstCalendarYear(
    events.map((e) => e.event.occurredAt),
    c.openedAt.slice(0, 10) as LocalDate,
  );
  return replayCase(c, events, c.policy ?? opts.policy, calendarFor(c.region as Region, fromYear), problems);
}

/**
 * One case rebuilt from the ledger alone, as `status` answers for a closed case Temporal no longer holds;
 * undefined when the ledger has no such case.
 */
export async function rebuildCase(
  ledger: LedgerStore,
  caseRef: string,
  opts: RebuildOptions,
): Promise<{ state: CaseState; problems: string[] } | undefined> {
  const c = await ledger.caseEntry(caseRef);
  if (!c) return undefined;
  const problems: string[] = [];
  const state = rebuiltState(c, await ledger.events(caseRef), opts, calendarCache(opts), problems);
  return { state, problems };
}

/** What a reader should know: cases counted under the policy they ran under, or under today's for lack of one. */
function policyNotices(
  otherPolicies: Map<string, number>,
  withoutPolicy: number,
  currentId: string,
): string[] {
  const notices = [...otherPolicies].map(
    ([name, n]) =>
      `${n} case${n === 1 ? '' : 's'} ran under policy ${name}, not the current '${currentId}': ` +
      `counted by the timescales ${n === 1 ? 'it' : 'they'} ran under`,
  );
  if (withoutPolicy > 0) {
    notices.push(
      `${withoutPolicy} case${withoutPolicy === 1 ? ' was' : 's were'} ledgered before the ledger kept each ` +
        `case's policy: counted under the current policy '${currentId}'`,
    );
  }
  return notices;
}
