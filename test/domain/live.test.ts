// The weekly management view: overdue and due soon, grouped by team and owner.
import type { CaseStatus, DeadlineView } from '../../src/domain/case/status';
import type { LocalDate } from '../../src/domain/dates';
import { liveReport } from '../../src/domain/report/live';
import { calendar, wd } from '../support/caseHarness';

const TODAY = '2026-03-02' as LocalDate;
const dl = (id: string, dueDate: LocalDate, ownerId: string, extra: Partial<DeadlineView> = {}) =>
  ({
    id,
    title: `T ${id}`,
    kind: 'deadline',
    dueDate,
    owner: { role: 'social-worker', id: ownerId },
    status: 'open',
    ...extra,
  }) as DeadlineView;
const status = (caseRef: string, team: string | undefined, deadlines: DeadlineView[]) =>
  ({ caseRef, team, deadlines }) as unknown as CaseStatus;

test('overdue and due within the horizon, by team then owner (most overdue first); the rest left out', () => {
  const r = liveReport(
    [
      status('CP-1', 'T-A', [
        dl('a', wd(TODAY, 10), 'SW-1'),
        dl('b', wd(TODAY, 11), 'SW-1'), // beyond 10 working days
        dl('c', wd(TODAY, -2), 'SW-2', { status: 'missed', lateBy: 2 }),
        dl('d', wd(TODAY, -1), 'SW-2', { status: 'met' }),
        // Missed, then its conference was cancelled: nobody owes it any more.
        dl('f', wd(TODAY, -3), 'SW-2', { status: 'missed', lateBy: 1, stoppedOn: wd(TODAY, -2) }),
      ]),
      status('CP-2', undefined, [dl('e', TODAY, 'SW-3')]),
    ],
    TODAY,
    calendar,
  );
  expect(r.until).toBe(wd(TODAY, 10));
  expect(r.teams.map((t) => [t.team, t.overdue, t.dueSoon, t.owners.map((o) => o.owner)])).toEqual([
    ['(no team)', 0, 1, ['social-worker SW-3']],
    ['T-A', 1, 1, ['social-worker SW-2', 'social-worker SW-1']],
  ]);
  expect(r.teams[1]!.owners[0]!.overdue).toEqual([
    { caseRef: 'CP-1', deadlineId: 'c', title: 'T c', dueDate: wd(TODAY, -2), overdueBy: 2 },
  ]);
});

test('cases whose mail is not getting through come first, with the fault and who was not reached', () => {
  const fault = {
    kind: 'configuration' as const,
    since: Date.parse('2026-03-02T09:00:00Z'),
    detail: '535 (AUTH PLAIN)',
  };
  const problem = {
    key: 'CP-2/icpc:E1/due',
    recipient: 'agency gp',
    problem: 'refused',
    alerted: false,
    at: 1,
  };
  const r = liveReport(
    [
      { ...status('CP-2', 'T-A', []), mail: { problems: [problem] } },
      status('CP-3', 'T-A', []),
      { ...status('CP-1', 'T-A', []), mail: { fault, problems: [] } },
    ],
    TODAY,
    calendar,
  );
  expect(r.mail).toEqual([
    { caseRef: 'CP-1', fault, problems: [] },
    { caseRef: 'CP-2', problems: [problem] },
  ]);
});
