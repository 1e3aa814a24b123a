// What operations are told, decided from facts: each outcome's meaning for the mail server, the delay after the
// send time (either side of midnight and of the clocks changing), every ladder level, overdue deadlines by level.
import {
  ladderLevels,
  mailSignal,
  MESSAGE_OUTCOMES,
  overdueByLevel,
  secondsSinceSendTime,
  type CountedDeadline,
} from '../../src/domain/operations';
import { londonInstant } from '../../src/domain/londonTime';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import type { LocalDate } from '../../src/domain/dates';

const day = (d: string) => d as LocalDate;

test('a fault, mail through (taken, or one recipient refused), or nothing said of the server', () => {
  expect(MESSAGE_OUTCOMES.map((o) => [o, mailSignal(o)])).toEqual([
    ['sent', 'through'],
    ['refused', 'through'],
    ['retry', 'fault'],
    ['held', undefined],
    ['already-sent', undefined],
  ]);
});

describe('seconds after the send time', () => {
  test('the same morning, in winter and in summer (09:00 London is 09:00 and 08:00 UTC)', () => {
    expect(secondsSinceSendTime(Date.parse('2026-12-07T09:01:30Z'), '09:00')).toBe(90);
    expect(secondsSinceSendTime(Date.parse('2026-06-08T08:00:05Z'), '09:00')).toBe(5);
  });

  test('before the send time: late from yesterday’s (a retry after a night-long outage)', () => {
    expect(secondsSinceSendTime(Date.parse('2026-12-08T08:00:00Z'), '09:00')).toBe(23 * 3600);
  });

  test('across the clocks going back: the wall-clock send time, not 24 hours', () => {
    // Sunday 25 October 2026: 09:00 is 09:00 UTC; the day before it was 08:00 UTC.
    const sunday = londonInstant(day('2026-10-25'), '09:00');
    expect(secondsSinceSendTime(sunday + 1000, '09:00')).toBe(1);
    expect(secondsSinceSendTime(sunday - 1000, '09:00')).toBe(25 * 3600 - 1);
  });

  test('exactly at the send time: no delay', () => {
    expect(secondsSinceSendTime(londonInstant(day('2026-12-07'), '09:30'), '09:30')).toBe(0);
  });
});

test('every level of every ladder, lowest first, each once', () => {
  expect(ladderLevels(DEFAULT_POLICY)).toEqual([0, 1, 2, 3]);
  expect(
    ladderLevels({
      ladders: {
        a: [{ id: 'x', kind: 'escalation', offsetWorkingDays: 2, to: ['owner'], level: 5 }],
        b: [{ id: 'y', kind: 'reminder', offsetWorkingDays: -1, to: ['owner'], level: 0 }],
      },
    }),
  ).toEqual([0, 5]);
});

describe('overdue deadlines by level', () => {
  const missed = (levelReached?: number, more: Partial<CountedDeadline> = {}): CountedDeadline => ({
    kind: 'deadline',
    status: 'missed',
    ...(levelReached === undefined ? {} : { levelReached }),
    ...more,
  });

  test('counted at the level reached; every level present, at 0 when none is there', () => {
    expect([...overdueByLevel([missed(3), missed(1), missed(3), missed(0)], [0, 1, 2, 3])]).toEqual([
      [0, 1],
      [1, 1],
      [2, 0],
      [3, 2],
    ]);
  });

  test('open, met, waived or stopped deadlines and alerts are not overdue', () => {
    const counts = overdueByLevel(
      [
        { kind: 'deadline', status: 'open', levelReached: 0 },
        { kind: 'deadline', status: 'met', levelReached: 2 },
        { kind: 'deadline', status: 'waived' },
        missed(2, { stoppedOn: day('2026-11-02') }),
        { kind: 'alert', status: 'alerted', levelReached: 1 },
      ],
      [0, 1, 2, 3],
    );
    expect([...counts.values()]).toEqual([0, 0, 0, 0]);
  });

  test('a deadline missed before any step was due counts at level 0; a level outside the list still counts', () => {
    expect([...overdueByLevel([missed(), missed(7)], [0, 1])]).toEqual([
      [0, 1],
      [1, 0],
      [7, 1],
    ]);
  });
});
