// Rebuilding cases from the ledger for the reports: each case is counted by the policy it ran under.
import { applyEvent, initialState } from '../../src/domain/case/apply';
import { ledgerDue } from '../../src/domain/case/ledger';
import { planDeadlines } from '../../src/domain/case/plan';
import type { CaseEvent, CaseState } from '../../src/domain/case/types';
import type { LocalDate } from '../../src/domain/dates';
import { DEFAULT_POLICY, type Policy } from '../../src/domain/policy';
import { annualReport } from '../../src/domain/report/annual';
import { rebuildCases } from '../../src/report/fromLedger';
import { caseInput, calendar, wd } from '../support/caseHarness';
import { testLedger } from '../support/ledger';

const SD = '2026-03-02' as LocalDate;
const HELD = wd(SD, 12);
// A council that once held its ICPCs to 10 working days: the case below was 2 days late under it.
const TIGHT: Policy = {
  ...DEFAULT_POLICY,
  id: 'tight-icpc',
  rules: DEFAULT_POLICY.rules.map((r) =>
    r.id === 'icpc' ? { ...r, offset: { ...r.offset, amount: 10 } } : r,
  ),
};

function ranCase(caseRef: string, policy: Policy): CaseState {
  let s = initialState(caseInput(caseRef, { policy }), calendar, `${SD}T09:00:00Z`);
  const events: CaseEvent[] = [
    { type: 'strategy-discussion', occurredAt: SD, recordedBy: 'admin-1' },
    {
      type: 'conference-held',
      conferenceType: 'initial',
      occurredAt: HELD,
      recordedBy: 'admin-1',
      children: [{ childId: 'CH-7Q2', outcome: 'plan-started', category: 'neglect' }],
    },
  ];
  for (const e of events) {
    const r = applyEvent(s, e, e.occurredAt, `${e.occurredAt}T12:00:00Z`);
    if (!r.ok) throw new Error(r.reason);
    s = r.state;
  }
  return s;
}

async function report(write: (ledger: ReturnType<typeof testLedger>) => Promise<void>) {
  const ledger = testLedger();
  await write(ledger);
  const rebuilt = await rebuildCases(ledger, {
    policy: DEFAULT_POLICY,
    imported: null,
    closures: [],
    asOf: wd(HELD, 30),
  });
  await ledger.close();
  const icpc = annualReport(rebuilt.cases, SD, wd(HELD, 30)).table2b.find((i) => i.id === 'icpc-on-time');
  return { icpc: [icpc?.count, icpc?.of], notices: rebuilt.notices, problems: rebuilt.problems };
}

test('a case is counted by the policy it ran under, and the report says so', async () => {
  const s = ranCase('CP-POL-1', TIGHT);
  const r = await report((l) =>
    l.write(ledgerDue(s, planDeadlines(s, HELD), `${HELD}T12:00:00Z`)).then(() => {}),
  );
  // Late under the 10 days it ran under, though on time under today's 15.
  expect(r.icpc).toEqual([0, 1]);
  expect(r.problems).toEqual([]);
  expect(r.notices).toEqual([
    `1 case ran under policy 'tight-icpc', not the current '${DEFAULT_POLICY.id}': counted by the timescales it ran under`,
  ]);
});

test('a case under the current policy needs no note', async () => {
  const s = ranCase('CP-POL-2', DEFAULT_POLICY);
  const r = await report((l) =>
    l.write(ledgerDue(s, planDeadlines(s, HELD), `${HELD}T12:00:00Z`)).then(() => {}),
  );
  expect(r).toEqual({ icpc: [1, 1], notices: [], problems: [] });
});

test('an entry written before the ledger kept policies is counted under the current one, with a note', async () => {
  const s = ranCase('CP-POL-3', TIGHT);
  const batch = ledgerDue(s, planDeadlines(s, HELD), `${HELD}T12:00:00Z`);
  const { policy: _dropped, ...legacy } = batch.case!;
  const r = await report((l) => l.write({ ...batch, case: legacy }).then(() => {}));
  expect(r.icpc).toEqual([1, 1]);
  expect(r.notices).toEqual([
    `1 case was ledgered before the ledger kept each case's policy: counted under the current policy '${DEFAULT_POLICY.id}'`,
  ]);
});
