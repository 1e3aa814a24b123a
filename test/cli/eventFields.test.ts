// `record amend` starts from the event as recorded, turned back into named fields: every field of every event
// type must come back, or an amendment would silently drop what it did not mention.
import { buildEvent, EVENT_SPECS, fieldsOf } from '../../src/client/events';
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
  const built = buildEvent(type, { date: on, fields: fieldsOf(e) }, 'admin-1');
  expect(built).toEqual({ ok: true, event: e });
});
