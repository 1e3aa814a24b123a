// `record amend` starts from the event as recorded, turned back into named fields: every field of every event
// type must come back, or an amendment would silently drop what it did not mention.
import { buildEvent, EVENT_SPECS, fieldsOf } from '../../src/client/events';
import { eventIdOf } from '../../src/domain/case/apply';
import type { CaseEvent } from '../../src/domain/case/types';
import type { LocalDate } from '../../src/domain/dates';

const on = '2026-11-02' as LocalDate;
const base = { occurredAt: on, recordedBy: 'admin-1' };
/** One event of each type the CLI records, with every optional field given. */
const EXAMPLES: CaseEvent[] = [
  { ...base, type: 'strategy-discussion' },
  { ...base, type: 'transfer-in-notified' },
  {
    ...base,
    type: 'conference-scheduled',
    conferenceType: 'initial',
    date: '2026-11-20' as LocalDate,
    time: '14:30',
    chair: 'CH-401',
    agencies: ['gp', 'school'],
    requestedBy: 'duty',
  },
  {
    ...base,
    type: 'conference-rescheduled',
    date: '2026-11-23' as LocalDate,
    time: '10:00',
    conferenceId: 'C1',
  },
  { ...base, type: 'conference-cancelled', reason: 'family moved', conferenceId: 'C1' },
  { ...base, type: 'invitations-sent', conferenceId: 'C1' },
  { ...base, type: 'chair-pre-meeting' },
  { ...base, type: 'report-received', from: { agencyId: 'gp' }, conferenceId: 'C2' },
  {
    ...base,
    type: 'conference-held',
    conferenceType: 'initial',
    children: [
      { childId: 'CH-1', outcome: 'plan-started', category: 'neglect' },
      { childId: 'CH-2', outcome: 'not-discussed', reason: 'away' },
    ],
    participation: [{ childId: 'CH-1', participation: 'consulted' }],
    agencies: [{ agencyId: 'gp', invited: true, attended: false, sentReport: true }],
    parents: 'attended-part',
    indicators: ['domestic-violence', 'alcohol'],
    requestedBy: 'long-term',
    conferenceId: 'C1',
  },
  { ...base, type: 'outline-plan-distributed', conferenceId: 'C1' },
  { ...base, type: 'minutes-sent-to-chair', conferenceId: 'C1' },
  { ...base, type: 'minutes-approved' },
  { ...base, type: 'full-record-distributed', conferenceId: 'C1' },
  { ...base, type: 'core-group-held' },
  { ...base, type: 'plan-ended', childId: 'CH-1', reason: 'moved away' },
  // Its date of birth is its --date.
  { ...base, type: 'birth-recorded', childId: 'CH-3', dateOfBirth: on },
  { ...base, type: 'staff-reassigned', role: 'socialWorker', staffId: 'SW-102' },
  {
    ...base,
    type: 'deadline-extended',
    deadlineId: 'icpc:E1',
    newDueDate: '2026-12-01' as LocalDate,
    reason: 'family illness',
    approvedBy: 'SM-301',
  },
  { ...base, type: 'deadline-waived', deadlineId: 'icpc:E1', reason: 'not needed', approvedBy: 'SM-301' },
  { ...base, type: 'case-closed', reason: 'closed', note: 'stepped down' },
  { ...base, type: 'cse-meeting-requested', childId: 'CH-1' },
  { ...base, type: 'cse-meeting-held', childId: 'CH-1', outcome: 'plan' },
  { ...base, type: 'cse-review-held', childId: 'CH-1', outcome: 'risk-reduced' },
  { ...base, type: 'cse-moved-to-cp', childId: 'CH-1' },
];

test('every event type the CLI records has an example here', () => {
  const covered = new Set(EXAMPLES.map((e) => e.type));
  expect(EVENT_SPECS.map((s) => s.type).filter((t) => !covered.has(t))).toEqual([]);
});

test.each(EXAMPLES.map((e) => [e.type, e] as const))('%s comes back whole from its fields', (type, e) => {
  const built = buildEvent(type, { date: on, fields: fieldsOf(e) }, { recordedBy: 'admin-1' });
  expect(built).toEqual({ ok: true, event: e });
});

/**
 * An event recorded without an id is known by a hash of its content as the CLI builds it, key order included: an
 * import file run again is recognised by these ids. Were a change to events.ts to build the same event with its keys
 * in another order, every old file would get new ids and be recorded twice; so the ids are pinned here.
 */
test('content ids of events built from the same fields never change', () => {
  const ids = Object.fromEntries(
    EXAMPLES.map((e) => {
      const built = buildEvent(e.type, { date: on, fields: fieldsOf(e) }, { recordedBy: 'admin-1' });
      return [e.type, built.ok ? eventIdOf(built.event) : built.problems.join('; ')];
    }),
  );
  expect(ids).toEqual(PINNED_IDS);
});

const PINNED_IDS: Record<string, string> = {
  'birth-recorded': 'birth-recorded:2026-11-02:8d947007',
  'case-closed': 'case-closed:2026-11-02:7689bc5d',
  'chair-pre-meeting': 'chair-pre-meeting:2026-11-02:25cfa2ea',
  'conference-cancelled': 'conference-cancelled:2026-11-02:d85bcf11',
  'conference-held': 'conference-held:2026-11-02:9a6d37a4',
  'conference-rescheduled': 'conference-rescheduled:2026-11-02:0efa3676',
  'conference-scheduled': 'conference-scheduled:2026-11-02:fdb771c9',
  'core-group-held': 'core-group-held:2026-11-02:bbca73a8',
  'cse-meeting-held': 'cse-meeting-held:2026-11-02:7a535d33',
  'cse-meeting-requested': 'cse-meeting-requested:2026-11-02:5a37ccc5',
  'cse-moved-to-cp': 'cse-moved-to-cp:2026-11-02:426a755e',
  'cse-review-held': 'cse-review-held:2026-11-02:105c273f',
  'deadline-extended': 'deadline-extended:2026-11-02:9a433468',
  'deadline-waived': 'deadline-waived:2026-11-02:cf8a7f9f',
  'full-record-distributed': 'full-record-distributed:2026-11-02:061413d1',
  'invitations-sent': 'invitations-sent:2026-11-02:16f02259',
  'minutes-approved': 'minutes-approved:2026-11-02:467f74b0',
  'minutes-sent-to-chair': 'minutes-sent-to-chair:2026-11-02:183cfaf8',
  'outline-plan-distributed': 'outline-plan-distributed:2026-11-02:cd59142e',
  'plan-ended': 'plan-ended:2026-11-02:b8498676',
  'report-received': 'report-received:2026-11-02:e3ce3376',
  'staff-reassigned': 'staff-reassigned:2026-11-02:549e0d8f',
  'strategy-discussion': 'strategy-discussion:2026-11-02:952eca47',
  'transfer-in-notified': 'transfer-in-notified:2026-11-02:f1a865a3',
};

/** Rows as import files written before the conference fields of 2026-11-28 carried them, and the ids they had. */
test.each([
  [
    'conference-scheduled',
    { type: 'initial', on: '2026-11-20', at: '14:30', chair: 'CH-401', agency: ['gp', 'school'] },
    'conference-scheduled:2026-11-02:a659c038',
  ],
  [
    'conference-held',
    {
      child: ['CH-1=plan:neglect', 'CH-2=not-discussed:away'],
      type: 'initial',
      participation: ['CH-1=consulted'],
      agency: ['gp=invited,report'],
      conference: 'C1',
    },
    'conference-held:2026-11-02:e2e9ca3c',
  ],
  [
    'deadline-extended',
    { deadline: 'icpc:E1', until: '2026-12-01', reason: 'r', 'approved-by': 'SM-301' },
    'deadline-extended:2026-11-02:c6ada9c2',
  ],
])('an older %s row keeps the id it had', (type, fields, id) => {
  const built = buildEvent(type, { date: on, fields }, { recordedBy: 'admin-1' });
  expect(built.ok && eventIdOf(built.event)).toBe(id);
});
