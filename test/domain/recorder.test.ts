// Who recorded an entry: the server's stamp when there is one, the caller's words (and no proof) when not.
import {
  openedAs,
  parseStamp,
  recordedAs,
  recorderOf,
  type IdentityStamp,
} from '../../src/domain/case/recorder';
import { eventBody, eventIdOf } from '../../src/domain/case/apply';
import { vouchedFor, type LedgerBatch } from '../../src/domain/case/ledger';
import type { CaseEvent } from '../../src/domain/case/types';
import type { LocalDate } from '../../src/domain/dates';

const stamp: IdentityStamp = { subject: 'ADM-001', method: 'token', issuer: 'https://sign-in.example' };
const event: CaseEvent = {
  type: 'strategy-discussion',
  occurredAt: '2026-11-02' as LocalDate,
  recordedBy: 'SW-9',
};

describe('parseStamp', () => {
  test('takes the server shape', () => {
    expect(parseStamp({ ...stamp, onBehalfOf: 'SW-101' })).toEqual({ ...stamp, onBehalfOf: 'SW-101' });
    expect(parseStamp({ subject: 'worker-1', method: 'certificate' })).toEqual({
      subject: 'worker-1',
      method: 'certificate',
    });
  });
  test.each([
    ['nothing', undefined],
    ['a string', 'ADM-001'],
    ['no subject', { method: 'token' }],
    ['a subject that is not an id', { subject: 'ADM 001; drop', method: 'token' }],
    ['another method', { subject: 'ADM-001', method: 'password' }],
    ['an on-behalf-of that is not an id', { subject: 'ADM-001', method: 'token', onBehalfOf: 'a b' }],
    ['an issuer that is not text', { subject: 'ADM-001', method: 'token', issuer: 7 }],
  ])('refuses %s', (_, v) => expect(parseStamp(v)).toBeUndefined());
});

describe('recordedAs', () => {
  test('the stamp names the recorder, whatever the event claims', () => {
    const claimed = {
      ...event,
      recordedBy: 'TM-201',
      onBehalfOf: 'CH-401',
      proof: { method: 'certificate' as const },
    };
    expect(recordedAs(claimed, { ...stamp, onBehalfOf: 'SW-101' })).toEqual({
      ...event,
      recordedBy: 'ADM-001',
      onBehalfOf: 'SW-101',
      proof: { method: 'token', issuer: 'https://sign-in.example' },
    });
    // A stamp without on-behalf-of drops the event's own.
    expect(recordedAs(claimed, stamp).onBehalfOf).toBeUndefined();
  });
  test('without a stamp the words stay and a claimed proof goes', () => {
    const claimed = { ...event, onBehalfOf: 'SW-101', proof: { method: 'token' as const } };
    expect(recordedAs(claimed, undefined)).toEqual({ ...event, onBehalfOf: 'SW-101' });
  });
  test('does not change what it is given', () => {
    const claimed = { ...event, proof: { method: 'token' as const } };
    recordedAs(claimed, stamp);
    expect(claimed).toEqual({ ...event, proof: { method: 'token' } });
  });
  test('the opening follows the same rule', () => {
    const input = { openedBy: 'typed', openedOnBehalfOf: 'SW-1', openedProof: { method: 'token' as const } };
    expect(openedAs(input, stamp)).toEqual({
      openedBy: 'ADM-001',
      openedProof: { method: 'token', issuer: stamp.issuer },
    });
    expect(openedAs(input, undefined)).toEqual({ openedBy: 'typed', openedOnBehalfOf: 'SW-1' });
  });
});

test('who recorded an event is not what happened: the same event by two people has one id and one body', () => {
  const a = recordedAs(event, stamp);
  const b = { ...event, recordedBy: 'other', onBehalfOf: 'SW-1' };
  expect(eventIdOf(a)).toBe(eventIdOf(b));
  expect(eventBody(a)).toEqual(eventBody(b));
  expect(recorderOf(a)).toEqual({ recordedBy: 'ADM-001', proof: { method: 'token', issuer: stamp.issuer } });
});

describe('vouchedFor', () => {
  const stamped = recordedAs(event, stamp);
  const batch: LedgerBatch = {
    events: [
      {
        seq: 1,
        eventId: 'e1',
        caseRef: 'CP-1',
        type: event.type,
        occurredAt: event.occurredAt,
        recordedAt: 'x',
        recordedBy: 'ADM-001',
        event: stamped,
      },
      {
        seq: 2,
        eventId: 'e2',
        caseRef: 'CP-1',
        type: event.type,
        occurredAt: event.occurredAt,
        recordedAt: 'x',
        recordedBy: 'SW-9',
        event,
      },
    ],
    outcomes: [],
  };
  test('a worker whose server checks identities writes stamped entries as verified, and only those', () => {
    const v = vouchedFor(batch, true);
    expect(v.events.map((e) => e.verifiedBy)).toEqual(['token', undefined]);
  });
  test('any other worker writes none as verified', () => {
    expect(vouchedFor(batch, false).events.map((e) => e.verifiedBy)).toEqual([undefined, undefined]);
  });
});
