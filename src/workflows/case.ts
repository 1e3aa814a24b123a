// One workflow per case: a thin, deterministic shell around the pure domain. The loop applies accepted
// events, recomputes every deadline, keeps the search attributes current, sends what is due (each step once),
// and sleeps on one timer until the next step or the next change.
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  log,
} from '@temporalio/workflow';
import { initialState } from '../domain/case/apply';
import { checkEvent, checkEvents } from '../domain/case/check';
import { dueActions, nextActionAt } from '../domain/case/actions';
import { isOutstanding, planDeadlines } from '../domain/case/plan';
import { ledgerDue, markLedgered } from '../domain/case/ledger';
import { caseStatus, stageOf } from '../domain/case/status';
import type { CaseEvent, CaseInput, CaseState } from '../domain/case/types';
import { yearOf, type LocalDate } from '../domain/dates';
import {
  CALENDAR_YEARS_AHEAD,
  CALENDAR_YEARS_BEFORE,
  calendarEndsTooSoon,
  firstCalendarYear,
} from '../domain/case/calendarRange';
import { londonDate } from '../domain/londonTime';
import type { CaseActivities } from '../activities/types';
import { SA } from '../shared/searchAttributes';
import type { HolidayCalendar } from '../domain/workingDays';
import {
  calendarUpdated,
  checkEventsQuery,
  recordEvent,
  statusQuery,
  type RecordResult,
  type StatusAsOf,
} from './messages';

const { loadCalendar } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumInterval: '5 minutes' },
});
const { recordInLedger } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '1 minute',
  // The ledger is the audit trail: keep trying (a database restart, a full disk) rather than lose an entry.
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});
const { notify } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '2 minutes',
  // Mail servers go away for a while: keep trying with bounded backoff rather than lose a reminder.
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
});

/** Continue-as-new well before Temporal's limits; the SDK's suggestion can come earlier. */
const MAX_HISTORY_EVENTS = 5_000;

export interface CaseWorkflowInput {
  input: CaseInput;
  /** Present when the workflow continues as new: the state carried over. */
  state?: CaseState;
  /** History length at which the case continues as new (default 5,000): tests set it low to cross the boundary. */
  maxHistoryEvents?: number;
}

export interface CaseResult {
  caseRef: string;
  closed: CaseState['closed'];
  eventsRecorded: number;
}

const today = () => londonDate(Date.now());

export async function caseWorkflow({
  input,
  state: carried,
  maxHistoryEvents = MAX_HISTORY_EVENTS,
}: CaseWorkflowInput): Promise<CaseResult> {
  // Handlers are registered before the first await so no query or update arrives to find none; until the
  // calendar is loaded (the first seconds of a new case) updates wait and queries say the case is opening.
  let state: CaseState | undefined = carried;
  let changed = true;
  let reloadCalendar = false;

  setHandler(statusQuery, (asOf?: StatusAsOf) => {
    if (!state) throw new Error(`case ${input.caseRef} is still opening: try again in a moment`);
    // A query runs on the time of the case's last task unless the caller says what time it is.
    const now = typeof asOf?.now === 'number' && Number.isFinite(asOf.now) ? asOf.now : Date.now();
    const day = londonDate(now);
    return caseStatus(state, planDeadlines(state, day), day, now);
  });
  setHandler(checkEventsQuery, (events: CaseEvent[]) => {
    if (!state) throw new Error(`case ${input.caseRef} is still opening: try again in a moment`);
    return checkEvents(state, events, today());
  });
  setHandler(calendarUpdated, () => {
    reloadCalendar = true;
  });
  setHandler(
    recordEvent,
    async (event: CaseEvent): Promise<RecordResult> => {
      await condition(() => state !== undefined);
      const r = checkEvent(state!, event, today(), new Date(Date.now()).toISOString());
      // Only reachable for an update accepted while the case was opening: fail the update, not the case.
      if (!r.ok) throw ApplicationFailure.nonRetryable(r.reason, 'EventRejected');
      if (!r.duplicate) {
        state = r.state;
        changed = true;
      }
      const views = caseStatus(state!, planDeadlines(state!, today()), today(), Date.now()).deadlines;
      return {
        eventId: r.eventId,
        duplicate: r.duplicate,
        openDeadlines: views.filter(isOutstanding),
      };
    },
    {
      validator: (event: CaseEvent) => {
        if (!state) return; // still opening: the handler checks once the case is ready
        const r = checkEvent(state, event, today(), '');
        if (!r.ok) throw new Error(r.reason);
      },
    },
  );

  if (!state) {
    const year = yearOf(today());
    const fromYear = year - CALENDAR_YEARS_BEFORE;
    const calendar = await loadCalendar(input.region, fromYear, year + CALENDAR_YEARS_AHEAD);
    state = {
      ...initialState(input, calendar, new Date(Date.now()).toISOString()),
      calendarFromYear: fromYear,
      calendarToYear: year + CALENDAR_YEARS_AHEAD,
    };
  }

  for (;;) {
    // Versioned: a change that arrives while this pass awaits an activity (the ledger, a notification, the
    // calendar) must wake the next pass, so the flag is cleared as the pass starts. Before this patch it was
    // cleared just before sleeping, and such an event waited for the next timer to be ledgered and planned.
    const clearedAtStart = patched('changes-during-a-pass');
    if (clearedAtStart) changed = false;
    // An event from before the years the calendar holds (an imported history) needs those bank holidays too.
    // Versioned: cases that already hold such events replay without the extra load.
    const needFrom = firstCalendarYear(
      state.events.map((e) => e.event.occurredAt),
      today(),
    );
    const openedYear = yearOf(state.openedAt.slice(0, 10) as LocalDate);
    const haveFrom = state.calendarFromYear ?? openedYear - CALENDAR_YEARS_BEFORE;
    if (needFrom < haveFrom && patched('calendar-covers-events')) reloadCalendar = true;
    // A case that runs for years outlives the years it loaded: without the next ones its deadlines would count
    // their bank holidays as working days. Versioned like the line above.
    const haveTo = state.calendarToYear ?? openedYear + CALENDAR_YEARS_AHEAD;
    if (calendarEndsTooSoon(haveTo, today()) && patched('calendar-covers-ahead')) reloadCalendar = true;
    if (reloadCalendar) {
      reloadCalendar = false;
      const year = yearOf(today());
      const fromYear = Math.min(needFrom, year - CALENDAR_YEARS_BEFORE);
      const toYear = year + CALENDAR_YEARS_AHEAD;
      // Loaded before the state is read: an event accepted while the calendar loads must not be overwritten.
      const calendar: HolidayCalendar = await loadCalendar(state.region, fromYear, toYear);
      // Planned below in this same pass, so nothing needs to wake another.
      state = { ...state, calendar, calendarFromYear: fromYear, calendarToYear: toYear };
    }
    // Versioned: a case keeps the planning rules it ran under in replay, and moves to each newer one (see
    // PLAN_RULES_VERSION) from its next step on.
    if ((state.planRules ?? 1) < 2 && patched('plan-rules-v2')) state = { ...state, planRules: 2 };
    if ((state.planRules ?? 1) < 3 && patched('plan-rules-v3')) state = { ...state, planRules: 3 };
    const deadlines = planDeadlines(state, today());
    // Versioned: cases started before the ledger replay without these activity calls.
    if (patched('ledger-v1')) {
      const batch = ledgerDue(state, deadlines, new Date(Date.now()).toISOString());
      if (batch.events.length > 0 || batch.outcomes.length > 0) {
        await recordInLedger(batch);
        state = markLedgered(state, batch);
      }
    }
    const actions = dueActions(state, deadlines, Date.now());
    for (const n of actions.send) {
      await notify(n);
    }
    if (actions.done.length > 0) state = { ...state, stepsDone: [...state.stepsDone, ...actions.done] };

    const status = caseStatus(state, deadlines, today());
    upsertSearchAttributes({
      [SA.stage.name]: [status.stage],
      [SA.overdue.name]: [status.overdue],
      [SA.socialWorker.name]: [state.staff.socialWorker],
      [SA.region.name]: [state.region],
      [SA.nextDue.name]: status.nextDue ? [new Date(`${status.nextDue}T00:00:00Z`)] : [],
      ...(state.team ? { [SA.team.name]: [state.team] } : {}),
    });

    const next = nextActionAt(state, deadlines);
    if (stageOf(state) === 'closed' && next === undefined) break;
    if (actions.send.length > 0) continue; // sending took time: look again before sleeping

    if (!clearedAtStart) changed = false;
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > maxHistoryEvents) {
      await condition(allHandlersFinished);
      log.info('continuing as new', { historyLength: info.historyLength });
      // Read after the wait: an event accepted meanwhile is carried (and ledgered by the next run's first pass).
      await continueAsNew<typeof caseWorkflow>({ input, state, maxHistoryEvents });
    }
    const wake = () => changed || reloadCalendar;
    if (next === undefined) await condition(wake);
    else await condition(wake, Math.max(next - Date.now(), 1));
  }
  await condition(allHandlersFinished);
  return { caseRef: state.caseRef, closed: state.closed, eventsRecorded: state.events.length };
}
