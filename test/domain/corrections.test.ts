// Corrections and complete entries (planning rules 4): amend and withdraw, documents attached to exactly the
// conference they fit, a conference never booked booked by being held, and every child accounted for.
import { applyEvent, effectiveEvents, initialState } from '../../src/domain/case/apply';
import { planDeadlines } from '../../src/domain/case/plan';
import { eventViews } from '../../src/domain/case/status';
import type { CaseEvent, CaseState } from '../../src/domain/case/types';
import type { LocalDate } from '../../src/domain/dates';
import { caseInput, calendar, wd, type EventWithoutMeta } from '../support/caseHarness';

const TODAY = '2026-11-27' as LocalDate;
const open = (planRules = 4): CaseState => ({
  ...initialState(caseInput('CP-CORR-1'), calendar, '2026-10-01T09:00:00Z'),
  planRules,
});
function offer(s: CaseState, on: string, e: EventWithoutMeta | CaseEvent) {
  return applyEvent(
    s,
    { ...e, occurredAt: on as LocalDate, recordedBy: 'admin-1' },
    TODAY,
    `${TODAY}T10:00:00Z`,
  );
}
function record(s: CaseState, on: string, e: EventWithoutMeta): CaseState {
  const r = offer(s, on, e);
  if (!r.ok) throw new Error(r.reason);
  return r.state;
}
function refused(s: CaseState, on: string, e: EventWithoutMeta): string {
  const before = JSON.stringify(s);
  const r = offer(s, on, e);
  expect(JSON.stringify(s)).toBe(before);
  if (r.ok) throw new Error('expected a refusal');
  return r.reason;
}
const due = (s: CaseState, id: string) => planDeadlines(s, TODAY).find((d) => d.id === id);
const lastId = (s: CaseState) => s.events[s.events.length - 1]!.eventId;
const allChildren = [
  { childId: 'CH-7Q2', outcome: 'plan-started' as const, category: 'neglect' as const },
  { childId: 'CH-8K5', outcome: 'no-plan' as const },
  { childId: 'CH-9Z1', outcome: 'no-plan' as const },
];
const everyone = {
  children: allChildren,
  participation: [{ childId: 'CH-7Q2', participation: 'attended' as const }],
};

describe('amend and withdraw', () => {
  // The typo: the strategy discussion was on Mon 2 Nov, typed as Fri 20 Nov.
  const typed = record(open(), '2026-11-20', { type: 'strategy-discussion' });
  const typo = lastId(typed);

  test('a second strategy discussion does not mend a typo: the ICPC follows the later date', () => {
    const both = record(typed, '2026-11-02', { type: 'strategy-discussion' });
    expect(due(both, 'icpc:E1')?.dueDate).toBe('2026-12-11');
  });

  test('amending the date puts the ICPC back on 23 Nov; both entries stay in the record', () => {
    const s = record(typed, TODAY, {
      type: 'event-amended',
      target: typo,
      reason: 'typed the wrong date',
      replacement: { type: 'strategy-discussion', occurredAt: '2026-11-02' as LocalDate },
    });
    expect(due(s, 'icpc:E1')?.dueDate).toBe('2026-11-23');
    expect(s.strategyDiscussions).toEqual(['2026-11-02']);
    expect(s.events).toHaveLength(2);
    expect(eventViews(s).map((v) => [v.type, v.standing, v.occurredAt])).toEqual([
      ['strategy-discussion', 'amended', '2026-11-02'],
      ['event-amended', 'correction', TODAY],
    ]);
  });

  test('withdrawing an event takes it out of the history; the deadlines follow', () => {
    const s = record(typed, TODAY, { type: 'event-withdrawn', target: typo, reason: 'wrong case' });
    expect(due(s, 'icpc:E1')).toBeUndefined();
    expect(effectiveEvents(s.events)).toEqual([]);
    expect(eventViews(s)[0]).toMatchObject({ standing: 'withdrawn', correctedBy: lastId(s) });
  });

  test('refused, state unchanged: no such event, a type change, a history that no longer holds, twice', () => {
    expect(refused(typed, TODAY, { type: 'event-withdrawn', target: 'nope', reason: 'x' })).toMatch(
      /no event 'nope' on case CP-CORR-1/,
    );
    expect(
      refused(typed, TODAY, {
        type: 'event-amended',
        target: typo,
        reason: 'x',
        replacement: { type: 'transfer-in-notified', occurredAt: '2026-11-02' as LocalDate },
      }),
    ).toMatch(/keeps the event's type/);
    const held = record(typed, '2026-11-25', {
      type: 'conference-held',
      conferenceType: 'initial',
      ...everyone,
    });
    expect(refused(held, TODAY, { type: 'event-withdrawn', target: typo, reason: 'x' })).toMatch(
      /does not hold together: an initial conference cannot be held before any strategy discussion/,
    );
    const gone = record(typed, TODAY, { type: 'event-withdrawn', target: typo, reason: 'x' });
    expect(refused(gone, TODAY, { type: 'event-withdrawn', target: typo, reason: 'again' })).toMatch(
      /was withdrawn on 2026-11-27/,
    );
  });
});

describe('a conference never booked, and documents for it', () => {
  const sd = '2026-06-01';
  const held = wd(sd as LocalDate, 12);
  const s0 = record(open(), sd, { type: 'strategy-discussion' });

  test('held without booking: booked for that day, so its reports have deadlines and count by their dates', () => {
    let s = record(s0, held, { type: 'conference-held', conferenceType: 'initial', ...everyone });
    s = record(s, wd(held, -2), { type: 'report-received', from: 'social-worker' });
    s = record(s, wd(held, -2), { type: 'report-received', from: { agencyId: 'gp' } });
    expect(due(s, 'sw-report-initial:C1')).toMatchObject({ status: 'met', lateBy: 0 });
    expect(due(s, 'agency-report:C1:gp')).toMatchObject({ status: 'met', lateBy: 0 });
    // The same under rules 3: no report deadline existed at all.
    const v3 = record(
      record({ ...s0, planRules: 3 }, held, {
        type: 'conference-held',
        conferenceType: 'initial',
        children: allChildren,
      }),
      wd(held, -2),
      { type: 'report-received', from: 'social-worker' },
    );
    expect(due(v3, 'sw-report-initial:C1')).toBeUndefined();
  });

  test('a document that fits two conferences is refused with both named; named, it is taken', () => {
    let s = record(s0, held, { type: 'conference-held', conferenceType: 'initial', ...everyone });
    const review = wd(held, 40);
    s = record(s, review, {
      type: 'conference-held',
      conferenceType: 'review',
      ...everyone,
      children: [
        { childId: 'CH-7Q2', outcome: 'plan-continues' },
        { childId: 'CH-8K5', outcome: 'no-plan' },
        { childId: 'CH-9Z1', outcome: 'no-plan' },
      ],
    });
    expect(refused(s, wd(review, 2), { type: 'minutes-sent-to-chair' })).toMatch(
      /minutes sent to chair could be for C1 \(initial, held .*\) or C2 \(review, held .*\): say which with --conference/,
    );
    s = record(s, wd(review, 2), { type: 'minutes-sent-to-chair', conferenceId: 'C1' });
    // Now only C2 lacks its minutes: that one is taken.
    s = record(s, wd(review, 3), { type: 'minutes-sent-to-chair' });
    expect(s.conferences.map((c) => c.minutesToChairOn)).toEqual([wd(review, 2), wd(review, 3)]);
  });

  test('a report with no conference it could be for is refused, not attached to the last one', () => {
    const s = record(s0, held, { type: 'conference-held', conferenceType: 'initial', ...everyone });
    expect(refused(s, wd(held, 3), { type: 'report-received', from: 'social-worker' })).toMatch(
      /fits no conference .*name it with --conference/,
    );
  });
});

describe('every child accounted for', () => {
  const s0 = record(open(), '2026-10-01', { type: 'strategy-discussion' });
  const on = wd('2026-10-01' as LocalDate, 10);

  test('an outcome for each child, naming the missing ones and the form to use', () => {
    expect(
      refused(s0, on, {
        type: 'conference-held',
        conferenceType: 'initial',
        children: [{ childId: 'CH-7Q2', outcome: 'plan-started', category: 'neglect' }],
      }),
    ).toBe(
      'the outcome for every child of the case is needed; missing CH-8K5, CH-9Z1 ' +
        '(e.g. --child CH-8K5=no-plan, or --child CH-8K5=not-discussed:REASON)',
    );
  });

  test('participation for each child aged 10 or over, or not-recorded said explicitly', () => {
    expect(
      refused(s0, on, { type: 'conference-held', conferenceType: 'initial', children: allChildren }),
    ).toMatch(/participation is needed for each child aged 10 or over; missing CH-7Q2/);
    const s = record(s0, on, {
      type: 'conference-held',
      conferenceType: 'initial',
      children: [
        ...allChildren.slice(0, 2),
        { childId: 'CH-9Z1', outcome: 'not-discussed', reason: 'lives elsewhere' },
      ],
      participation: [{ childId: 'CH-7Q2', participation: 'not-recorded' }],
    });
    expect(s.conferences[0]?.status).toBe('held');
  });

  test('a history accepted before is replayed, not judged again (a report rebuilding an older case)', () => {
    const old = {
      type: 'conference-held' as const,
      conferenceType: 'initial' as const,
      children: allChildren.slice(0, 1),
    };
    const r = applyEvent(
      s0,
      { ...old, occurredAt: on, recordedBy: 'a' },
      TODAY,
      `${TODAY}T10:00:00Z`,
      'replaying',
    );
    expect(r.ok).toBe(true);
  });
});
