// Who gets which items in the morning digest.
import type { CaseStatus, DeadlineView } from '../../src/domain/case/status';
import type { LocalDate } from '../../src/domain/dates';
import { digests } from '../../src/domain/digest';
import { calendar, wd } from '../support/caseHarness';

const TODAY = '2026-03-02' as LocalDate; // a Monday, no bank holiday near
const dl = (
  id: string,
  dueDate: LocalDate,
  owner: DeadlineView['owner'],
  extra: Partial<DeadlineView> = {},
) =>
  ({
    id,
    ruleId: id.split(':')[0],
    title: `T ${id}`,
    kind: 'deadline',
    dueDate,
    owner,
    status: 'open',
    ...extra,
  }) as DeadlineView;
const status = (caseRef: string, deadlines: DeadlineView[]) =>
  ({ caseRef, deadlines }) as unknown as CaseStatus;
const sw = (id: string) => ({ role: 'social-worker' as const, id });

test('everything overdue or due within 5 working days, per person, overdue first, then by date', () => {
  const out = digests(
    [
      status('CP-B', [
        dl('icpc:E1', wd(TODAY, 5), sw('SW-1')),
        dl('sw-report-initial:C1', wd(TODAY, 6), sw('SW-1')), // beyond the horizon
        dl('minutes-to-chair:C1', wd(TODAY, 1), { role: 'minute-taker', id: 'MT-1' }), // role not in the digest
      ]),
      status('CP-A', [
        dl('icpc:E1', wd(TODAY, 2), sw('SW-1')),
        dl('old:1', wd(TODAY, -3), sw('SW-1'), { status: 'missed', lateBy: 3 }),
        dl('done:1', wd(TODAY, 1), sw('SW-1'), { status: 'met' }),
        // Missed, then the child's plan ended: nobody owes it any more.
        dl('stopped:1', wd(TODAY, -4), sw('SW-1'), { status: 'missed', lateBy: 2, stoppedOn: wd(TODAY, -2) }),
        dl('alert:1', wd(TODAY, 1), sw('SW-1'), { kind: 'alert' }),
        dl('icpc:E2', wd(TODAY, 1), sw('SW-2')),
      ]),
    ],
    ['social-worker'],
    TODAY,
    calendar,
  );
  expect(
    out.map((d) => [
      d.owner.id,
      d.items.map((i) => `${i.caseRef}/${i.deadlineId}${i.overdueBy ? ` -${i.overdueBy}` : ''}`),
    ]),
  ).toEqual([
    ['SW-1', ['CP-A/old:1 -3', 'CP-A/icpc:E1', 'CP-B/icpc:E1']],
    ['SW-2', ['CP-A/icpc:E2']],
  ]);
});

test('no roles, no digests', () => {
  expect(digests([status('CP-A', [dl('icpc:E1', TODAY, sw('SW-1'))])], [], TODAY, calendar)).toEqual([]);
});
