// The records schedule as policy data: what kind of record a closed case is, from when its period runs, and
// whether it has passed; with no rule, nothing is ever due.
import {
  addYears,
  closedRecordOf,
  recordKind,
  retentionStatus,
  type ClosedRecord,
  type RetentionRule,
} from '../../src/domain/retention';
import type { LedgerCaseEntry, LedgerEventEntry } from '../../src/domain/case/ledger';
import type { CaseEvent } from '../../src/domain/case/types';
import { isoDate } from '../../src/domain/dates';
import { buildPolicy, PolicyFileError } from '../../src/policy/file';

const d = isoDate;
const record = (o: Partial<ClosedRecord> = {}): ClosedRecord => ({
  caseRef: 'CP-1',
  closedOn: d('2020-06-30'),
  closedReason: 'closed',
  childProtection: true,
  cse: false,
  births: [d('2012-01-15'), d('2016-02-29')],
  ...o,
});
const RULES: RetentionRule[] = [
  { id: 'cp-35', kind: 'child-protection', years: 35, from: 'closure' },
  { id: 'cse-25', kind: 'cse-only', years: 25, from: 'youngest-child-birth' },
  { id: 'out-6', kind: 'transfer-out', years: 6, from: 'closure' },
];

test.each([
  ['a child protection case', 'child-protection', record()],
  [
    'a transfer out, whatever it held',
    'transfer-out',
    record({ closedReason: 'transferred-out', cse: true }),
  ],
  ['a CSE cycle and nothing more', 'cse-only', record({ childProtection: false, cse: true })],
  ['a CSE cycle that moved to child protection', 'child-protection', record({ cse: true })],
  ['a case closed with nothing in it', 'child-protection', record({ childProtection: false })],
] as const)('%s is a %s record', (_, kind, r) => expect(recordKind(r)).toBe(kind));

test('years are counted to the same day; 29 February falls back to the 28th', () => {
  expect(addYears(d('2020-06-30'), 35)).toBe('2055-06-30');
  expect(addYears(d('2016-02-29'), 25)).toBe('2041-02-28');
  expect(addYears(d('2016-02-29'), 24)).toBe('2040-02-29');
});

test('due on the day the period ends, and after; kept before', () => {
  expect(retentionStatus(record(), RULES, d('2055-06-29'))).toMatchObject({
    state: 'kept',
    dueOn: '2055-06-30',
  });
  expect(retentionStatus(record(), RULES, d('2055-06-30'))).toMatchObject({
    state: 'due',
    dueOn: '2055-06-30',
  });
  expect(retentionStatus(record(), RULES, d('2060-01-01'))).toMatchObject({
    state: 'due',
    kind: 'child-protection',
    anchorDate: '2020-06-30',
    rule: { id: 'cp-35' },
  });
});

test("from the youngest child's birth: an unborn child's expected date counts; an unknown one stops the count", () => {
  const cse = record({ childProtection: false, cse: true });
  expect(retentionStatus(cse, RULES, d('2041-02-28'))).toMatchObject({
    state: 'due',
    anchorDate: '2016-02-29',
  });
  expect(
    retentionStatus({ ...cse, births: [d('2016-02-29'), undefined] }, RULES, d('2090-01-01')),
  ).toMatchObject({
    state: 'no-anchor',
    why: expect.stringContaining('no date of birth'),
  });
});

test('nothing is due by a default the council did not choose', () => {
  expect(retentionStatus(record(), [], d('2999-01-01'))).toEqual({
    state: 'no-rule',
    kind: 'child-protection',
  });
  expect(
    retentionStatus(record({ closedReason: 'transferred-out' }), RULES.slice(0, 1), d('2999-01-01')),
  ).toEqual({
    state: 'no-rule',
    kind: 'transfer-out',
  });
});

const entry = (seq: number, event: Partial<CaseEvent> & { type: CaseEvent['type'] }): LedgerEventEntry => {
  const e = { occurredAt: d('2020-01-10'), recordedBy: 'a', ...event } as CaseEvent;
  return {
    seq,
    eventId: `e${seq}`,
    caseRef: 'CP-1',
    type: e.type,
    occurredAt: e.occurredAt,
    recordedAt: 'x',
    recordedBy: 'a',
    event: e,
  };
};
const opened = {
  caseRef: 'CP-1',
  children: [
    { id: 'CH-1', dateOfBirth: d('2012-01-15') },
    { id: 'CH-2', expectedBirth: d('2020-09-01') },
  ],
} as unknown as LedgerCaseEntry;

test('a closed record from the ledger: corrections applied, a recorded birth before the expected date', () => {
  expect(closedRecordOf(opened, [entry(1, { type: 'strategy-discussion' })])).toBeUndefined(); // still open
  const r = closedRecordOf(opened, [
    entry(1, { type: 'cse-meeting-requested', childId: 'CH-1' }),
    entry(2, {
      type: 'birth-recorded',
      childId: 'CH-2',
      dateOfBirth: d('2020-08-20'),
    }),
    entry(3, { type: 'case-closed', reason: 'closed', occurredAt: d('2021-03-01') }),
  ]);
  expect(r).toMatchObject({
    closedOn: '2021-03-01',
    childProtection: false,
    cse: true,
    births: ['2012-01-15', '2020-08-20'],
  });
  // A withdrawn closure is no closure.
  expect(
    closedRecordOf(opened, [
      entry(1, { type: 'case-closed', reason: 'closed' }),
      entry(2, { type: 'event-withdrawn', target: 'e1', reason: 'wrong case' }),
    ]),
  ).toBeUndefined();
});

test('the policy file takes the schedule, one rule per kind of record', () => {
  expect(buildPolicy({ retention: RULES }).retention).toEqual(RULES);
  expect(buildPolicy({}).retention).toEqual([]);
  const twice = () => buildPolicy({ retention: [RULES[0], { ...RULES[0], id: 'other' }] });
  expect(twice).toThrow(PolicyFileError);
  expect(twice).toThrow(/retention\[1\]\.kind: 'child-protection' has a rule already/);
  expect(() => buildPolicy({ retention: [{ ...RULES[0], years: 0 }] })).toThrow(
    /retention\.0\.years: must be 1 to 150/,
  );
  expect(() => buildPolicy({ retention: [{ ...RULES[0], from: 'opening' }] })).toThrow(/retention\.0\.from/);
});
