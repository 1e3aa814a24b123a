// What a council's IT is told about cpcase at work, decided from facts: which kind a message is, what an attempt
// says of the mail server, how long after the send time a message went, and how many overdue deadlines have
// reached each level of their ladder. Only kinds, outcomes and levels: never a case, a child or a person.
import { addDays } from './dates';
import { londonDate, londonInstant, type TimeOfDay } from './londonTime';
import { isOutstanding, type Deadline } from './case/plan';
import type { Policy } from './policy';

/** What a message is: a step of a deadline's ladder, the administrator's alert, or a morning digest. */
export const MESSAGE_KINDS = [
  'reminder',
  'due-today',
  'overdue',
  'escalation',
  'undeliverable-alert',
  'digest',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/**
 * How one attempt to send one message ended: taken by the mail server; refused by it for that recipient (final);
 * a fault of the mail set-up or the server's availability (tried again later); held, another worker sending it
 * now; or found already sent (a retry after a success, sending nothing).
 */
export const MESSAGE_OUTCOMES = ['sent', 'refused', 'retry', 'held', 'already-sent'] as const;
export type MessageOutcome = (typeof MESSAGE_OUTCOMES)[number];

/**
 * What one attempt says about the mail server: a fault (of the set-up or its availability), or mail getting
 * through (the server took the message, or refused that one recipient: it answered). A message held by another
 * worker, or found already sent, says nothing about it.
 */
export function mailSignal(outcome: MessageOutcome): 'fault' | 'through' | undefined {
  switch (outcome) {
    case 'retry':
      return 'fault';
    case 'sent':
    case 'refused':
      return 'through';
    case 'held':
    case 'already-sent':
      return undefined;
  }
}

/**
 * Seconds from the latest send time (the policy's time of day in London) to `now`: how late a message went.
 * Every ladder step and digest is released at a send time, so this is its delay, whatever held it up.
 */
export function secondsSinceSendTime(now: number, sendTime: TimeOfDay): number {
  const today = londonDate(now);
  const todays = londonInstant(today, sendTime);
  const latest = todays <= now ? todays : londonInstant(addDays(today, -1), sendTime);
  return (now - latest) / 1000;
}

/** Every level the policy's ladders have, lowest first: each is reported, 0 when nothing has reached it. */
export function ladderLevels(policy: Pick<Policy, 'ladders'>): number[] {
  const levels = new Set(Object.values(policy.ladders).flatMap((steps) => steps.map((s) => s.level)));
  return [...levels].sort((a, b) => a - b);
}

/** A deadline as the census reads it: its status and the level its ladder has reached by now. */
export type CountedDeadline = Pick<Deadline, 'kind' | 'status' | 'stoppedOn'> & { levelReached?: number };

/**
 * Overdue deadlines (missed and still owed) by the level their ladder has reached: level 0 when only reminders
 * have fallen due, 1 and up as escalations have. Every level of `levels` is present, at 0 when none is there.
 */
export function overdueByLevel(
  deadlines: Iterable<CountedDeadline>,
  levels: readonly number[],
): Map<number, number> {
  const counts = new Map<number, number>(levels.map((l) => [l, 0]));
  for (const d of deadlines) {
    if (d.kind !== 'deadline' || d.status !== 'missed' || !isOutstanding(d)) continue;
    const level = d.levelReached ?? 0;
    counts.set(level, (counts.get(level) ?? 0) + 1);
  }
  return counts;
}
