// When each message goes, decided against the case at that moment: send times, late entries and the wait after
// them, the owner always told, digests, retries after a failed send, and one pass of the loop as a decision.
import { applyEvent, initialState } from '../../src/domain/case/apply';
import { decidePass, nextDayChangeAt, changedAttributes } from '../../src/domain/case/pass';
import { planDeadlines, type Deadline } from '../../src/domain/case/plan';
import {
  dueSends,
  emptySending,
  nextReleaseAt,
  releaseAt,
  sendFailed,
  sendHeld,
  sendSucceeded,
  sendTimeAtOrAfter,
  trackKnown,
} from '../../src/domain/case/sending';
import type { CaseState } from '../../src/domain/case/types';
import type { LocalDate } from '../../src/domain/dates';
import { londonDate, londonInstant } from '../../src/domain/londonTime';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import { caseInput, calendar, wd, type EventWithoutMeta } from '../support/caseHarness';

const at = (date: string, time: string) => londonInstant(date as LocalDate, time);
const iso = (t: number) => new Date(t).toISOString();
const MIN = 60_000;

/** A case as the workflow leaves it after a pass at `now`: events recorded at their given instants. */
function caseWith(events: [LocalDate, EventWithoutMeta, number][], policy = DEFAULT_POLICY): CaseState {
  let s = initialState(caseInput('CP-SEND-1', { policy }), calendar, '2026-01-05T09:00:00Z');
  for (const [on, e, recordedAt] of events) {
    const r = applyEvent(
      s,
      { ...e, occurredAt: on, recordedBy: 'admin-1' },
      londonDate(recordedAt),
      iso(recordedAt),
    );
    if (!r.ok) throw new Error(r.reason);
    s = r.state;
  }
  return s;
}
/** The pass the workflow runs at `now`: what the case knows is refreshed. */
const passAt = (s: CaseState, now: number) => decidePass(s, now, {}).state;
const icpc = (s: CaseState, now: number): Deadline =>
  planDeadlines(s, londonDate(now)).find((d) => d.id === 'icpc:E1')!;
const keysOf = (s: CaseState, now: number) =>
  dueSends(s, planDeadlines(s, londonDate(now)), now).map((d) => [
    d.deadlineId,
    d.notification?.stepId,
    d.notification?.recipients.map((r) => r.id ?? r.role),
  ]);

describe('send times', () => {
  test('the policy time on a working day: later the same day, else the next working day', () => {
    expect(iso(sendTimeAtOrAfter(calendar, '09:00', at('2026-03-06', '08:00')))).toBe(
      '2026-03-06T09:00:00.000Z',
    );
    expect(iso(sendTimeAtOrAfter(calendar, '09:00', at('2026-03-06', '09:00')))).toBe(
      '2026-03-06T09:00:00.000Z',
    );
    // Friday after 9: Monday. Christmas Eve 2026 (Thursday) after 9: Tuesday 29 (25, 26 and 28 are not working).
    expect(iso(sendTimeAtOrAfter(calendar, '09:00', at('2026-03-06', '09:01')))).toBe(
      '2026-03-09T09:00:00.000Z',
    );
    expect(iso(sendTimeAtOrAfter(calendar, '09:00', at('2026-12-24', '23:10')))).toBe(
      '2026-12-29T09:00:00.000Z',
    );
    // Summer time: 09:00 London is 08:00 UTC.
    expect(iso(sendTimeAtOrAfter(calendar, '09:00', at('2026-06-05', '12:00')))).toBe(
      '2026-06-08T08:00:00.000Z',
    );
  });
});

describe('a deadline the case knew of before its step: the step goes at its send time', () => {
  const sd = '2026-03-02' as LocalDate;
  const s0 = passAt(caseWith([[sd, { type: 'strategy-discussion' }, at(sd, '10:00')]]), at(sd, '10:00'));
  const due = wd(sd, 15);

  test('each reminder at 09:00 on its day, to the owner', () => {
    const d = icpc(s0, at(sd, '10:00'));
    expect(releaseAt(s0, d, d.steps[0]!, at(sd, '10:00'))).toBe(at(wd(due, -3), '09:00'));
    expect(keysOf(s0, at(wd(due, -3), '09:00'))).toEqual([['icpc:E1', 'remind-3', ['SW-101']]]);
    expect(keysOf(s0, at(wd(due, -3), '08:59'))).toEqual([]);
    expect(nextReleaseAt(s0, planDeadlines(s0, sd), at(sd, '10:00'))).toBe(at(wd(due, -3), '09:00'));
  });

  test('a worker away at 09:00 sends when it is back, the latest step only, the owner told as well', () => {
    const late = at(wd(due, 4), '15:00'); // nobody sent anything from remind-3 to escalate-2
    expect(keysOf(s0, late)).toEqual([['icpc:E1', 'escalate-2', ['SW-101', 'SM-301']]]);
    const [send] = dueSends(s0, planDeadlines(s0, londonDate(late)), late);
    expect(send!.done.map((k) => k.split('/').pop())).toEqual([
      'remind-3',
      'remind-1',
      'due',
      'escalate-1',
      'escalate-2',
    ]);
    expect(send!.notification).toMatchObject({ level: 2, lateBy: 4 });
  });

  test('nothing about a deadline met, even once its steps are due', () => {
    const met = caseWith([
      [sd, { type: 'strategy-discussion' }, at(sd, '10:00')],
      [
        wd(due, -1),
        { type: 'conference-held', conferenceType: 'initial', children: [] },
        at(wd(due, -1), '16:00'),
      ],
    ]);
    const s = passAt({ ...met, sending: s0.sending }, at(wd(due, -1), '16:00'));
    expect(keysOf(s, at(wd(due, 5), '09:00')).filter(([id]) => id === 'icpc:E1')).toEqual([]);
  });
});

describe('a late entry: its steps wait for the next send time after the administrator has finished', () => {
  const today = '2026-03-10' as LocalDate; // a Tuesday
  const sd = wd(today, -25); // ICPC due 10 working days ago

  test('entered at 14:00: nothing until 09:00 the next working day, then the owner and the level now due', () => {
    const s = passAt(
      caseWith([[sd, { type: 'strategy-discussion' }, at(today, '14:00')]]),
      at(today, '14:00'),
    );
    expect(keysOf(s, at(today, '14:00'))).toEqual([]);
    expect(keysOf(s, at(today, '23:10'))).toEqual([]);
    expect(nextReleaseAt(s, planDeadlines(s, today), at(today, '14:00'))).toBe(at(wd(today, 1), '09:00'));
    const next = at(wd(today, 1), '09:00');
    expect(keysOf(passAt(s, next), next)).toEqual([['icpc:E1', 'escalate-2', ['SW-101', 'SM-301']]]);
  });

  test('entered at 08:30: 09:00 is within the hour after the entry, so the next working day', () => {
    const s = passAt(
      caseWith([[sd, { type: 'strategy-discussion' }, at(today, '08:30')]]),
      at(today, '08:30'),
    );
    expect(nextReleaseAt(s, planDeadlines(s, today), at(today, '08:30'))).toBe(at(wd(today, 1), '09:00'));
  });

  test('every further entry restarts the wait; a policy may shorten it', () => {
    const events: [LocalDate, EventWithoutMeta, number][] = [
      [sd, { type: 'strategy-discussion' }, at(today, '07:00')],
      [
        wd(sd, 1),
        { type: 'conference-scheduled', conferenceType: 'initial', date: wd(sd, 30) },
        at(today, '08:20'),
      ],
    ];
    const s = passAt(caseWith(events), at(today, '08:20'));
    expect(nextReleaseAt(s, planDeadlines(s, today), at(today, '08:20'))).toBe(at(wd(today, 1), '09:00'));
    const quick = passAt(
      caseWith(events, { ...DEFAULT_POLICY, lateEntryWaitMinutes: 30 }),
      at(today, '08:20'),
    );
    expect(nextReleaseAt(quick, planDeadlines(quick, today), at(today, '08:20'))).toBe(at(today, '09:00'));
  });

  test('once released, a later entry no longer holds it back (a send that failed and is tried again)', () => {
    const s1 = passAt(
      caseWith([[sd, { type: 'strategy-discussion' }, at(today, '14:00')]]),
      at(today, '14:00'),
    );
    const nine = at(wd(today, 1), '09:00');
    const s2 = passAt(s1, nine);
    expect(s2.sending?.known['icpc:E1']?.releasedAt).toBe(nine);
    const r = applyEvent(
      s2,
      {
        type: 'staff-reassigned',
        role: 'chair',
        staffId: 'CH-402',
        occurredAt: wd(today, 1),
        recordedBy: 'a',
      },
      wd(today, 1),
      iso(nine + 5 * MIN),
    );
    if (!r.ok) throw new Error(r.reason);
    const s3 = passAt(r.state, nine + 5 * MIN);
    expect(keysOf(s3, nine + 5 * MIN)).toEqual([['icpc:E1', 'escalate-2', ['SW-101', 'SM-301']]]);
  });

  test('a moved due date is a new deadline to the case: known again from the pass that sees it', () => {
    const s1 = passAt(
      caseWith([[sd, { type: 'strategy-discussion' }, at(today, '14:00')]]),
      at(today, '14:00'),
    );
    const known = s1.sending!.known['icpc:E1']!;
    const moved = planDeadlines(s1, today).map((d) =>
      d.id === 'icpc:E1' ? { ...d, dueDate: wd(d.dueDate, 1) } : d,
    );
    const again = trackKnown(s1, moved, at(today, '15:00'));
    expect(again['icpc:E1']).toEqual({ due: wd(known.due, 1), since: at(today, '15:00') });
    // And a deadline with nothing left to send is forgotten.
    const done = { ...s1, stepsDone: icpc(s1, at(today, '15:00')).steps.map((st) => st.key) };
    expect(trackKnown(done, planDeadlines(done, today), at(today, '15:00'))).toEqual({});
  });
});

describe('digests and failed sends', () => {
  const sd = '2026-03-02' as LocalDate;
  const due = wd(sd, 15);

  test('a reminder to a role that takes the morning digest is settled without a message; escalations go', () => {
    const policy = { ...DEFAULT_POLICY, digestRoles: ['social-worker' as const] };
    const s = passAt(
      caseWith([[sd, { type: 'strategy-discussion' }, at(sd, '10:00')]], policy),
      at(sd, '10:00'),
    );
    const reminder = dueSends(s, planDeadlines(s, wd(due, -3)), at(wd(due, -3), '09:00'));
    expect(reminder).toEqual([{ deadlineId: 'icpc:E1', done: [reminder[0]!.done[0]] }]);
    expect(keysOf(s, at(wd(due, 1), '09:00'))[0]?.[1]).toBe('escalate-1');
  });

  test('after a failure nothing is tried for 10 s, doubling to 30 minutes; success clears the fault', () => {
    const s = passAt(caseWith([[sd, { type: 'strategy-discussion' }, at(sd, '10:00')]]), at(sd, '10:00'));
    const t = at(wd(due, -3), '09:00');
    let sending = sendFailed(s.sending!, t, { kind: 'configuration', detail: '535 (AUTH PLAIN)' });
    expect(sending.backoff).toEqual({ failures: 1, until: t + 10_000 });
    const held = { ...s, sending };
    expect(keysOf(held, t + 5_000)).toEqual([]);
    expect(nextReleaseAt(held, planDeadlines(held, londonDate(t)), t + 5_000)).toBe(t + 10_000);
    expect(keysOf(held, t + 10_000)).toHaveLength(1);
    for (let i = 0; i < 12; i++)
      sending = sendFailed(sending, t + 1000, { kind: 'configuration', detail: 'x' });
    expect(sending.backoff!.until - (t + 1000)).toBe(30 * MIN);
    expect(sending.fault).toEqual({ kind: 'configuration', detail: 'x', since: t });
    const ok = sendSucceeded(sending, [
      { key: 'k', recipient: 'agency gp', problem: 'refused', alerted: true, at: t },
    ]);
    expect(ok).toEqual({
      known: s.sending!.known,
      problems: [{ key: 'k', recipient: 'agency gp', problem: 'refused', alerted: true, at: t }],
    });
    expect(emptySending()).toEqual({ known: {}, problems: [] });
  });

  test("another worker's claim: nothing tried until it lapses (and a second), no fault, the failure count kept", () => {
    const s = passAt(caseWith([[sd, { type: 'strategy-discussion' }, at(sd, '10:00')]]), at(sd, '10:00'));
    const t = at(wd(due, -3), '09:00');
    const sending = sendHeld(s.sending!, t, 4 * MIN);
    expect(sending.backoff).toEqual({ failures: 0, until: t + 4 * MIN + 1_000 });
    expect(sending.fault).toBeUndefined();
    const held = { ...s, sending };
    expect(keysOf(held, t + 4 * MIN)).toEqual([]);
    expect(nextReleaseAt(held, planDeadlines(held, londonDate(t)), t + MIN)).toBe(t + 4 * MIN + 1_000);
    expect(keysOf(held, t + 4 * MIN + 1_000)).toHaveLength(1);
    // A fault already shown stays shown, with its count: the hold says nothing of the mail server.
    const faulty = sendFailed(s.sending!, t, { kind: 'unavailable', detail: '421' });
    expect(sendHeld(faulty, t + 20_000, 0)).toEqual({
      ...faulty,
      backoff: { failures: 1, until: t + 21_000 },
    });
    // A lapse reported in the past or absurdly far off is still bounded: at once (a second on), at most 30 minutes.
    expect(sendHeld(s.sending!, t, -5_000).backoff!.until).toBe(t + 1_000);
    expect(sendHeld(s.sending!, t, 10 * 60 * MIN).backoff!.until).toBe(t + 30 * MIN);
  });
});

describe('one pass as a decision', () => {
  const sd = '2026-03-02' as LocalDate;
  const due = wd(sd, 15);
  const s = caseWith([[sd, { type: 'strategy-discussion' }, at(sd, '10:00')]]);

  test('ledger, attributes that changed, what to send, when to wake', () => {
    const d = decidePass(s, at(sd, '10:00'), {
      stage: 'referral',
      socialWorker: 'SW-101',
      region: 'england-and-wales',
      overdue: 0,
    });
    expect(d.ledger?.events.map((e) => e.type)).toEqual(['strategy-discussion']);
    expect(d.attributes).toEqual({ stage: 's47-enquiry', nextDue: due, team: 'T-NORTH' });
    expect(d.sends).toEqual([]);
    expect(d.wakeAt).toBe(at(wd(due, -3), '09:00'));
    expect(d.finished).toBe(false);
  });

  test('wakes at midnight after a due date, so the overdue count is right before the next message', () => {
    const deadlines = planDeadlines(s, due);
    expect(nextDayChangeAt(deadlines, at(due, '10:00'))).toBe(at(wd(due, 1), '00:00'));
    const d = decidePass(passAt(s, at(due, '09:00')), at(due, '09:30'), {});
    expect(d.wakeAt).toBe(at(wd(due, 1), '00:00'));
  });

  test('only changed attributes; a cleared one is null', () => {
    const have = {
      stage: 's47-enquiry' as const,
      overdue: 0,
      socialWorker: 'SW-101',
      region: 'england-and-wales',
      nextDue: due,
    };
    expect(changedAttributes({ ...have, overdue: 1 }, have)).toEqual({ overdue: 1 });
    expect(
      changedAttributes(
        { stage: 'closed', overdue: 0, socialWorker: 'SW-101', region: 'england-and-wales' },
        have,
      ),
    ).toEqual({
      stage: 'closed',
      nextDue: null,
    });
  });

  test('a closed case with nothing left to send is finished', () => {
    const closed = caseWith([
      [sd, { type: 'strategy-discussion' }, at(sd, '10:00')],
      [wd(sd, 2), { type: 'case-closed', reason: 'transferred-out' }, at(wd(sd, 2), '10:00')],
    ]);
    expect(decidePass(closed, at(wd(sd, 2), '10:00'), {})).toMatchObject({ finished: true, sends: [] });
    expect(decidePass(closed, at(wd(sd, 2), '10:00'), {}).wakeAt).toBeUndefined();
  });
});

test('a case from before the patch keeps its next steps on time across the upgrade', () => {
  const sd = '2026-03-02' as LocalDate;
  const due = wd(sd, 15);
  const legacy = caseWith([[sd, { type: 'strategy-discussion' }, at(sd, '10:00')]]);
  expect(legacy.sending).toBeUndefined();
  // The new code's first pass is at 08:30 on the day of the 1-day reminder: that reminder still goes at 09:00.
  const s = passAt(legacy, at(wd(due, -1), '08:30'));
  expect(s.sending?.known['icpc:E1']?.since).toBe(at(sd, '10:00'));
  expect(keysOf(s, at(wd(due, -1), '09:00'))).toEqual([['icpc:E1', 'remind-1', ['SW-101']]]);
});
