// One workflow per case: a thin, deterministic shell around the pure domain. Each pass of its loop keeps the
// calendar covering what the case needs, then carries out what the domain decides (`decidePass`): the ledger
// entries, the search attributes that changed, the messages due now (each decided again just before it goes),
// and one timer until the next thing to do. Bookkeeping never waits on email: a failed send is tried again later
// by the loop itself, so events are ledgered and planned meanwhile.
import {
  ActivityFailure,
  ApplicationFailure,
  TimeoutFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { initialState, openingOf } from '../domain/case/apply';
import { checkEvent, checkEvents } from '../domain/case/check';
import { dueActions, nextActionAt } from '../domain/case/actions';
import { isOutstanding, planDeadlines } from '../domain/case/plan';
import { ledgerDue, markLedgered } from '../domain/case/ledger';
import { decidePass, type AttributeChanges, type CaseAttributes } from '../domain/case/pass';
import {
  dueSends,
  emptySending,
  sendFailed,
  sendHeld,
  sendSucceeded,
  type DueSend,
  type MailFault,
} from '../domain/case/sending';
import { STAGES, caseStatus, stageOf, type Stage } from '../domain/case/status';
import { openedAs, recordedAs, type IdentityStamp } from '../domain/case/recorder';
import type { CaseEvent, CaseInput, CaseState } from '../domain/case/types';
import { isoDate, yearOf, type LocalDate } from '../domain/dates';
import {
  CALENDAR_YEARS_AHEAD,
  CALENDAR_YEARS_BEFORE,
  calendarEndsTooSoon,
  firstCalendarYear,
} from '../domain/case/calendarRange';
import { londonDate } from '../domain/londonTime';
import { MAIL_FAULT_TYPE, SEND_HELD_TYPE, type CaseActivities, type SendResult } from '../activities/types';
import { SA } from '../shared/searchAttributes';
import { PATCH_BASELINE_1, inBaseline } from './patchBaseline';
import type { HolidayCalendar } from '../domain/workingDays';
import {
  calendarUpdated,
  checkEventsQuery,
  openedUpdate,
  recordEvent,
  statusQuery,
  readinessQuery,
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
// Before patch 'send-at-send-time' (histories only): Temporal retried a send, holding the whole loop meanwhile.
const { notify } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
});
// One attempt: the case itself tries again after a wait (`sendFailed`), deciding afresh each time, so a message
// about a deadline met during an outage is never sent and the loop keeps its books meanwhile.
const { sendNotification } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumAttempts: 1 },
});

/** Continue-as-new well before Temporal's limits; the SDK's suggestion can come earlier. */
const MAX_HISTORY_EVENTS = 5_000;
/** Sends decided at the send time, against the case as it is when each leaves (see domain/case/sending.ts). */
export const SEND_AT_SEND_TIME = 'send-at-send-time';
/**
 * Who recorded an entry is the server's verified stamp where there is one (src/workflows/interceptors.ts hands it
 * over), never what the caller wrote; without one, as typed and unverified. Before this patch the caller's
 * `recordedBy` was kept as sent.
 */
export const RECORDER_FROM_CREDENTIAL = 'recorder-from-credential';

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
const nowIso = () => new Date(Date.now()).toISOString();

/** `stamp` is never the caller's: the interceptor puts the server's stamp (or nothing) in its place. */
export async function caseWorkflow(args: CaseWorkflowInput, stamp?: IdentityStamp): Promise<CaseResult> {
  const run = new CaseRun(args, stamp);
  await run.open();
  while (!(await run.pass()));
  await condition(allHandlersFinished);
  return run.result();
}

/** A run of one case's workflow: its state, what wakes it, and each pass of its loop. */
class CaseRun {
  private state: CaseState | undefined;
  /** An event was accepted since the pass began: look again before sleeping. */
  private changed = true;
  private reloadCalendar = false;
  /** The patch baseline the case was opened under (src/workflows/patchBaseline.ts); absent for older cases. */
  private readonly baseline: number | undefined;

  constructor(
    private readonly args: CaseWorkflowInput,
    private readonly openingStamp?: IdentityStamp,
  ) {
    this.state = args.state;
    // Decided once, as the case opens (a continued run reads it from the state it carries), before any handler
    // can ask for a patch.
    this.baseline = args.state ? args.state.patchBaseline : patched(PATCH_BASELINE_1) ? 1 : undefined;
    // Registered before the first await so no query or update arrives to find none.
    this.registerHandlers();
  }

  /** Whether the case takes patch `id`: from its baseline when it holds it, else by asking Temporal. */
  private has(id: string): boolean {
    return inBaseline(this.baseline, id) || patched(id);
  }

  private get s(): CaseState {
    if (!this.state) throw new Error(`case ${this.args.input.caseRef} is not open yet`);
    return this.state;
  }

  private registerHandlers(): void {
    const opening = () =>
      new Error(`case ${this.args.input.caseRef} is still opening: try again in a moment`);
    setHandler(statusQuery, (asOf?: StatusAsOf) => {
      if (!this.state) throw opening();
      return this.statusAsOf(this.state, asOf);
    });
    // No patch: it issues no command, and only a start made by a CLI that knows it sends it (a case already
    // running never receives it), so every older history replays as it ran.
    setHandler(openedUpdate, async (asOf?: StatusAsOf) => {
      await condition(() => this.state !== undefined);
      return this.statusAsOf(this.s, asOf);
    });
    setHandler(checkEventsQuery, (events: CaseEvent[]) => {
      if (!this.state) throw opening();
      return checkEvents(this.withOpening(this.state), events, today());
    });
    setHandler(readinessQuery, () => (this.state ? { ready: true } : { ready: false, why: 'opening' }));
    setHandler(calendarUpdated, () => {
      this.reloadCalendar = true;
    });
    setHandler(recordEvent, (event: CaseEvent, stamp?: IdentityStamp) => this.record(event, stamp), {
      validator: (event: CaseEvent) => {
        if (!this.state) return; // still opening: the handler checks once the case is ready
        const r = checkEvent(this.withOpening(this.state), event, today(), '');
        if (!r.ok) throw new Error(r.reason);
      },
    });
  }

  /** A query or update runs on the time of the case's last task unless the caller says what time it is. */
  private statusAsOf(state: CaseState, asOf?: StatusAsOf) {
    const now = typeof asOf?.now === 'number' && Number.isFinite(asOf.now) ? asOf.now : Date.now();
    const day = londonDate(now);
    return caseStatus(state, planDeadlines(state, day), day, now);
  }

  /** The case with what it was opened with, for a correction to replay from (older states lack it). */
  private withOpening(s: CaseState): CaseState {
    return s.opening ? s : { ...s, opening: openingOf(this.args.input) };
  }

  private async record(sent: CaseEvent, stamp?: IdentityStamp): Promise<RecordResult> {
    const event = this.has(RECORDER_FROM_CREDENTIAL) ? recordedAs(sent, stamp) : sent;
    await condition(() => this.state !== undefined);
    const r = checkEvent(this.withOpening(this.s), event, today(), nowIso());
    // Only reachable for an update accepted while the case was opening: fail the update, not the case.
    if (!r.ok) throw ApplicationFailure.nonRetryable(r.reason, 'EventRejected');
    if (!r.duplicate) {
      this.state = r.state;
      this.changed = true;
    }
    const views = caseStatus(this.s, planDeadlines(this.s, today()), today(), Date.now()).deadlines;
    return { eventId: r.eventId, duplicate: r.duplicate, openDeadlines: views.filter(isOutstanding) };
  }

  /** A new case loads its calendar first; until then updates wait and queries say the case is opening. */
  async open(): Promise<void> {
    if (this.state) return;
    const input = this.has(RECORDER_FROM_CREDENTIAL)
      ? openedAs(this.args.input, this.openingStamp)
      : this.args.input;
    const year = yearOf(today());
    const fromYear = year - CALENDAR_YEARS_BEFORE;
    const calendar = await loadCalendar(input.region, fromYear, year + CALENDAR_YEARS_AHEAD);
    this.state = {
      ...initialState(input, calendar, nowIso()),
      calendarFromYear: fromYear,
      calendarToYear: year + CALENDAR_YEARS_AHEAD,
      ...(this.baseline !== undefined ? { patchBaseline: this.baseline } : {}),
    };
  }

  result(): CaseResult {
    return { caseRef: this.s.caseRef, closed: this.s.closed, eventsRecorded: this.s.events.length };
  }

  /** One pass of the loop; true when the case is finished. */
  async pass(): Promise<boolean> {
    // Versioned: a change that arrives while this pass awaits an activity (the ledger, a notification, the
    // calendar) must wake the next pass, so the flag is cleared as the pass starts. Before this patch it was
    // cleared just before sleeping, and such an event waited for the next timer to be ledgered and planned.
    const clearedAtStart = this.has('changes-during-a-pass');
    if (clearedAtStart) this.changed = false;
    await this.keepCalendarCovering();
    // Versioned: a case keeps the planning rules it ran under in replay, and moves to each newer one (see
    // PLAN_RULES_VERSION) from its next step on.
    let state = this.s;
    if ((state.planRules ?? 1) < 2 && this.has('plan-rules-v2')) state = { ...state, planRules: 2 };
    if ((state.planRules ?? 1) < 3 && this.has('plan-rules-v3')) state = { ...state, planRules: 3 };
    if ((state.planRules ?? 1) < 4 && this.has('plan-rules-v4')) state = { ...state, planRules: 4 };
    if ((state.planRules ?? 1) < 5 && this.has('plan-rules-v5')) state = { ...state, planRules: 5 };
    this.state = state;
    if (this.has(SEND_AT_SEND_TIME)) return this.decidedPass();
    return this.legacyPass(clearedAtStart);
  }

  private async keepCalendarCovering(): Promise<void> {
    const state = this.s;
    // An event from before the years the calendar holds (an imported history) needs those bank holidays too.
    // Versioned: cases that already hold such events replay without the extra load.
    const needFrom = firstCalendarYear(
      state.events.map((e) => e.event.occurredAt),
      today(),
    );
    const openedYear = yearOf(state.openedAt.slice(0, 10) as LocalDate);
    const haveFrom = state.calendarFromYear ?? openedYear - CALENDAR_YEARS_BEFORE;
    if (needFrom < haveFrom && this.has('calendar-covers-events')) this.reloadCalendar = true;
    // A case that runs for years outlives the years it loaded: without the next ones its deadlines would count
    // their bank holidays as working days. Versioned like the line above.
    const haveTo = state.calendarToYear ?? openedYear + CALENDAR_YEARS_AHEAD;
    if (calendarEndsTooSoon(haveTo, today()) && this.has('calendar-covers-ahead')) this.reloadCalendar = true;
    if (!this.reloadCalendar) return;
    this.reloadCalendar = false;
    const year = yearOf(today());
    const fromYear = Math.min(needFrom, year - CALENDAR_YEARS_BEFORE);
    const toYear = year + CALENDAR_YEARS_AHEAD;
    // Loaded before the state is read: an event accepted while the calendar loads must not be overwritten.
    const calendar: HolidayCalendar = await loadCalendar(state.region, fromYear, toYear);
    // Planned below in this same pass, so nothing needs to wake another.
    this.state = { ...this.s, calendar, calendarFromYear: fromYear, calendarToYear: toYear };
  }

  /** Patch 'send-at-send-time': carries out the domain's decision for this pass. */
  private async decidedPass(): Promise<boolean> {
    // Whatever was accepted so far is in the state this pass decides from (whichever patches came before).
    this.changed = false;
    const d = decidePass(this.s, Date.now(), attributesSet());
    this.state = d.state;
    // Before any await, so `cpcase list` is current even while the ledger or the mail server is slow.
    upsertChanged(d.attributes);
    if (d.ledger) {
      await recordInLedger(d.ledger);
      this.state = markLedgered(this.s, d.ledger);
    }
    const tried = await this.sendWhatIsDue();
    // Something changed or time passed while awaiting: decide again before sleeping.
    if (this.changed || tried) return false;
    if (d.finished) return true;
    await this.continueAsNewIfDue();
    const wake = () => this.changed || this.reloadCalendar;
    if (d.wakeAt === undefined) await condition(wake);
    else await condition(wake, Math.max(d.wakeAt - Date.now(), 1));
    return false;
  }

  /** Sends what is due, one message at a time, each decided against the case as it is just before it goes. */
  private async sendWhatIsDue(): Promise<boolean> {
    let tried = false;
    for (;;) {
      const now = Date.now();
      const due: DueSend | undefined = dueSends(this.s, planDeadlines(this.s, londonDate(now)), now)[0];
      if (!due) return tried;
      tried = true;
      if (!due.notification) {
        this.markDone(due.done); // the owner's morning digest carries it
        continue;
      }
      let result: SendResult;
      try {
        result = await sendNotification(due.notification);
      } catch (e) {
        const held = heldFor(e);
        if (held !== undefined && this.has('held-claim-waits')) {
          log.info('another worker holds this message; tried again when its claim lapses', {
            key: due.notification.key,
            retryInMs: held,
          });
          this.state = { ...this.s, sending: sendHeld(this.sending(), Date.now(), held) };
          return tried;
        }
        const fault = faultOf(e);
        log.warn('mail not sent; the case will try again', { key: due.notification.key, kind: fault.kind });
        this.state = { ...this.s, sending: sendFailed(this.sending(), Date.now(), fault) };
        return tried;
      }
      this.markDone(due.done);
      const at = Date.now();
      const problems = result.unreached.map((u) => ({ ...u, key: due.notification!.key, at }));
      this.state = { ...this.s, sending: sendSucceeded(this.sending(), problems) };
    }
  }

  private sending() {
    return this.s.sending ?? emptySending();
  }

  private markDone(keys: string[]): void {
    this.state = { ...this.s, stepsDone: [...this.s.stepsDone, ...keys] };
  }

  private async continueAsNewIfDue(): Promise<void> {
    const info = workflowInfo();
    if (
      !info.continueAsNewSuggested &&
      info.historyLength <= (this.args.maxHistoryEvents ?? MAX_HISTORY_EVENTS)
    ) {
      return;
    }
    await condition(allHandlersFinished);
    log.info('continuing as new', { historyLength: info.historyLength });
    // Read after the wait: an event accepted meanwhile is carried (and ledgered by the next run's first pass).
    const { input, maxHistoryEvents = MAX_HISTORY_EVENTS } = this.args;
    await continueAsNew<typeof caseWorkflow>({ input, state: this.s, maxHistoryEvents });
  }

  /** The loop as it ran before patch 'send-at-send-time', kept step for step so those histories replay. */
  private async legacyPass(clearedAtStart: boolean): Promise<boolean> {
    const deadlines = planDeadlines(this.s, today());
    // Versioned: cases started before the ledger replay without these activity calls.
    if (this.has('ledger-v1')) {
      const batch = ledgerDue(this.s, deadlines, nowIso());
      if (batch.events.length > 0 || batch.outcomes.length > 0) {
        await recordInLedger(batch);
        this.state = markLedgered(this.s, batch);
      }
    }
    const actions = dueActions(this.s, deadlines, Date.now());
    for (const n of actions.send) await notify(n);
    if (actions.done.length > 0) this.markDone(actions.done);
    const status = caseStatus(this.s, deadlines, today());
    upsertSearchAttributes({
      [SA.stage.name]: [status.stage],
      [SA.overdue.name]: [status.overdue],
      [SA.socialWorker.name]: [this.s.staff.socialWorker],
      [SA.region.name]: [this.s.region],
      [SA.nextDue.name]: status.nextDue ? [new Date(`${status.nextDue}T00:00:00Z`)] : [],
      ...(this.s.team ? { [SA.team.name]: [this.s.team] } : {}),
    });
    const next = nextActionAt(this.s, deadlines);
    if (stageOf(this.s) === 'closed' && next === undefined) return true;
    if (actions.send.length > 0) return false; // sending took time: look again before sleeping
    if (!clearedAtStart) this.changed = false;
    await this.continueAsNewIfDue();
    const wake = () => this.changed || this.reloadCalendar;
    if (next === undefined) await condition(wake);
    else await condition(wake, Math.max(next - Date.now(), 1));
    return false;
  }
}

/** The search attributes as the case last set them (carried across continue-as-new by the server). */
function attributesSet(): Partial<CaseAttributes> {
  const sa = workflowInfo().typedSearchAttributes;
  const nextDue = sa.get(SA.nextDue);
  const stage = sa.get(SA.stage);
  return {
    ...(isStage(stage) ? { stage } : {}),
    ...(sa.get(SA.overdue) !== undefined ? { overdue: sa.get(SA.overdue) } : {}),
    ...(sa.get(SA.socialWorker) !== undefined ? { socialWorker: sa.get(SA.socialWorker) } : {}),
    ...(sa.get(SA.region) !== undefined ? { region: sa.get(SA.region) } : {}),
    ...(sa.get(SA.team) !== undefined ? { team: sa.get(SA.team) } : {}),
    ...(nextDue ? { nextDue: isoDate(nextDue.toISOString().slice(0, 10)) } : {}),
  };
}

const isStage = (v: string | undefined): v is Stage =>
  (STAGES as readonly (string | undefined)[]).includes(v);

/** Upserts only what changed; `null` removes an attribute (nothing left due, say). */
function upsertChanged(c: AttributeChanges): void {
  const pairs: SearchAttributeUpdatePair[] = [];
  if (c.stage !== undefined) pairs.push({ key: SA.stage, value: c.stage });
  if (c.overdue !== undefined) pairs.push({ key: SA.overdue, value: c.overdue });
  if (c.socialWorker !== undefined) pairs.push({ key: SA.socialWorker, value: c.socialWorker });
  if (c.region !== undefined) pairs.push({ key: SA.region, value: c.region });
  if (c.team !== undefined) pairs.push({ key: SA.team, value: c.team });
  if (c.nextDue !== undefined) {
    pairs.push({ key: SA.nextDue, value: c.nextDue === null ? null : new Date(`${c.nextDue}T00:00:00Z`) });
  }
  if (pairs.length > 0) upsertSearchAttributes(pairs);
}

/** How long until another worker's claim on the message lapses, when that is why the send did not go. */
function heldFor(e: unknown): number | undefined {
  const cause = e instanceof ActivityFailure ? e.cause : undefined;
  if (!(cause instanceof ApplicationFailure) || cause.type !== SEND_HELD_TYPE) return undefined;
  const d: unknown = cause.details?.[0];
  const ms: unknown = typeof d === 'object' && d !== null ? Reflect.get(d, 'retryInMs') : undefined;
  return typeof ms === 'number' && Number.isFinite(ms) ? ms : undefined;
}

/** What went wrong with a send, from the failure's type and details (never its message: that is encoded). */
function faultOf(e: unknown): Omit<MailFault, 'since'> {
  const cause = e instanceof ActivityFailure ? e.cause : undefined;
  if (cause instanceof ApplicationFailure && cause.type === MAIL_FAULT_TYPE) {
    const d: unknown = cause.details?.[0];
    if (isFaultDetails(d)) return { kind: d.kind, detail: d.detail };
  }
  if (cause instanceof TimeoutFailure) {
    return {
      kind: 'unavailable',
      detail: 'the send did not finish in time (a worker stopped, or the mail server hung)',
    };
  }
  return { kind: 'unavailable', detail: `the send failed: ${cause?.message ?? String(e)}` };
}

function isFaultDetails(d: unknown): d is Omit<MailFault, 'since'> {
  if (typeof d !== 'object' || d === null) return false;
  const kind: unknown = Reflect.get(d, 'kind');
  return (kind === 'configuration' || kind === 'unavailable') && typeof Reflect.get(d, 'detail') === 'string';
}
