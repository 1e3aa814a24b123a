// The order of deadlines due the same day decides the order of notifications and ledger writes in the workflow,
// so from planning rules 5 it is the code-unit order of their ids: the same on every host, whatever its locale.
import { applyEvent, initialState } from '../../src/domain/case/apply';
import { planDeadlines } from '../../src/domain/case/plan';
import type { LocalDate } from '../../src/domain/dates';
import type { CaseState } from '../../src/domain/case/types';
import { byCodeUnits } from '../../src/domain/order';
import { caseInput, calendar, wd } from '../support/caseHarness';

const SD = '2026-03-02' as LocalDate;
const children = [
  { id: 'CH-a1', dateOfBirth: '2019-05-05' as LocalDate },
  { id: 'CH-B1', dateOfBirth: '2020-06-06' as LocalDate },
  { id: 'CH-b1', dateOfBirth: '2021-07-07' as LocalDate },
];
function twoPlans(planRules: number) {
  let s: CaseState = { ...initialState(caseInput('CP-O-1', { children }), calendar, 'opened'), planRules };
  for (const [on, e] of [
    [SD, { type: 'strategy-discussion' as const }],
    [
      wd(SD, 3),
      {
        type: 'conference-held' as const,
        conferenceType: 'initial' as const,
        children: children.map((c) => ({
          childId: c.id,
          outcome: 'plan-started' as const,
          category: 'neglect' as const,
        })),
      },
    ],
  ] as const) {
    const r = applyEvent(
      s,
      { ...e, occurredAt: on, recordedBy: 'admin-1' },
      '2026-12-31' as LocalDate,
      'now',
    );
    if (!r.ok) throw new Error(r.reason);
    s = r.state;
  }
  return planDeadlines(s, '2026-12-31' as LocalDate)
    .filter((d) => d.ruleId === 'plan-18-months')
    .map((d) => d.id);
}

test('code-unit order: upper case before lower, the same on every host', () => {
  expect(['b', 'B', 'a', 'A', '-', ':', '1'].sort(byCodeUnits)).toEqual(['-', '1', ':', 'A', 'B', 'a', 'b']);
});

test('from planning rules 5, deadlines due the same day are in code-unit order of their ids', () => {
  const ids = twoPlans(5);
  expect(ids.map((id) => id.split(':')[1])).toEqual(['CH-B1', 'CH-a1', 'CH-b1']);
});

test("before planning rules 5, histories keep the host locale's order they ran under", () => {
  const ids = twoPlans(4);
  expect(ids).toEqual([...ids].sort((a, b) => a.localeCompare(b)));
});
