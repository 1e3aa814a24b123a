// "What I owe": one person's open steps across cases, overdue first (the latest at the top), then by due date.
import { owedBy } from '../../src/domain/web/owed';
import type { CaseStatus, DeadlineView } from '../../src/domain/case/status';
import type { LocalDate } from '../../src/domain/dates';

const deadline = (id: string, o: Partial<DeadlineView>): DeadlineView => ({
  id,
  ruleId: id,
  title: `Step ${id}`,
  kind: 'deadline',
  anchorDate: '2026-11-01' as LocalDate,
  dueDate: '2026-12-01' as LocalDate,
  policyDueDate: '2026-12-01' as LocalDate,
  owner: { role: 'social-worker', id: 'SW-101' },
  status: 'open',
  ...o,
});

const status = (caseRef: string, deadlines: DeadlineView[]): CaseStatus => ({
  caseRef,
  region: 'england-and-wales',
  stage: 's47-enquiry',
  today: '2026-12-07' as LocalDate,
  policyId: 'p',
  planRules: 4,
  calendarSource: 'test',
  staff: { socialWorker: 'SW-101', teamManager: 'TM-201' },
  children: [],
  conferences: [],
  deadlines,
  overdue: 0,
  eventsRecorded: 0,
  events: [],
});

test('overdue first, the latest at the top; then by due date; only what is theirs and still open', () => {
  const owed = owedBy(
    [
      status('CP-A', [
        deadline('soon', { dueDate: '2026-12-09' as LocalDate }),
        deadline('late2', { status: 'missed', lateBy: 2 }),
        deadline('met', { status: 'met', metOn: '2026-11-30' as LocalDate }),
        deadline('theirs', { owner: { role: 'team-manager', id: 'TM-201' } }),
      ]),
      status('CP-B', [
        deadline('late5', { status: 'missed', lateBy: 5 }),
        deadline('sooner', { dueDate: '2026-12-08' as LocalDate }),
        deadline('stopped', { status: 'missed', lateBy: 9, stoppedOn: '2026-12-02' as LocalDate }),
        deadline('alert', { kind: 'alert' }),
      ]),
    ],
    'SW-101',
  );
  expect(owed.map((o) => `${o.caseRef} ${o.deadline.id}${o.overdue ? ' overdue' : ''}`)).toEqual([
    'CP-B late5 overdue',
    'CP-A late2 overdue',
    'CP-B sooner',
    'CP-A soon',
  ]);
});

test('nobody named owes nothing', () => {
  expect(owedBy([status('CP-A', [deadline('x', { owner: { role: 'chair' } })])], 'SW-101')).toEqual([]);
});
