// The DfE's census rules for 2025-26, rule by rule: the list cpcase answers for, one child of each kind the
// census treats apart, and each checked rule broken once and found (test/census/dfeRules.test.ts holds the same
// records to an independent implementation of the rules).
import type { CensusReturn } from '../../src/domain/census/cin';
import { CHECKS, censusProblems } from '../../src/domain/census/rules';
import { CIN_RULES_2025_26 } from '../../src/domain/census/ruleset';
import { FROM, KIND_DATES as K, kindsReturn } from '../support/censusKinds';
import { BREAKS, brokenReturns } from '../support/censusBreaks';

const codes = (r: CensusReturn) => new Set(censusProblems(r).map((p) => p.rule));

test('every rule of the DfE list for 2025-26 is checked, or says why it cannot apply to what cpcase writes', () => {
  const checked = CIN_RULES_2025_26.filter((r) => r.status === 'checked').map((r) => r.code);
  expect(Object.keys(CHECKS).sort()).toEqual([...checked].sort());
  for (const r of CIN_RULES_2025_26) {
    if (r.status !== 'checked') expect(r.status.cannotApply.length).toBeGreaterThan(20);
    // Every query cpcase can raise tells a person what to look at.
    if (r.status === 'checked' && r.code.endsWith('Q')) expect(r.advice).toBeDefined();
  }
  expect(CIN_RULES_2025_26).toHaveLength(109);
  expect(checked.length).toBe(66);
});

describe('one child of each kind', () => {
  const r = kindsReturn();
  const of = (id: string) => r.children.find((c) => c.childId === id)!;

  test('a transfer-in plan starts on its transfer-in conference, given on the episode (no enquiry here)', () => {
    expect(of('CH-TIN')).toMatchObject({ section47: [], dateOfInitialCpc: K.TIN });
    expect(of('CH-TIN').plans[0]!.cppStartDate).toBe(K.TIN);
  });
  test('a pre-birth plan: an expected date of birth, sex U, the enquiry ending at the pre-birth conference', () => {
    const c = of('CH-PRE');
    expect(c).toMatchObject({ expectedPersonBirthDate: '2026-04-20', council: { sex: 'U' } });
    expect(c.personBirthDate).toBeUndefined();
    expect(c.section47[0]!.dateOfInitialCpc).toBe(c.plans[0]!.cppStartDate);
    expect(c.dateOfInitialCpc).toBeUndefined();
  });
  test('a second plan in one episode: two enquiries, each plan on its own conference, one previous plan', () => {
    const c = of('CH-TWO');
    expect(c.section47.map((s) => s.dateOfInitialCpc)).toEqual(c.plans.map((p) => p.cppStartDate));
    expect(c.plans.map((p) => [p.cppEndDate, p.numberOfPreviousCpp])).toEqual([
      [K.ENDED, 0],
      [undefined, 1],
    ]);
  });
  test('a plan that began before the year: its start as it was, no enquiry in the year, reviews in it only', () => {
    const c = of('CH-OLD');
    expect(c.plans[0]!.cppStartDate).toBe(K.OLD_ICPC);
    expect(c.section47).toEqual([]);
    expect(c.plans[0]!.reviews.every((x) => x >= FROM)).toBe(true);
  });
  test('a CSE cycle moved to child protection: the enquiry starts when it moved', () => {
    expect(of('CH-CSE').section47.map((s) => s.s47ActualStartDate)).toEqual([K.MOVED]);
  });
  test('no error; the only queries are the ones cpcase cannot answer (no assessments, few disability codes)', () => {
    expect(censusProblems(r).filter((p) => !p.query)).toEqual([]);
    expect([...codes(r)].sort()).toEqual(['2887Q', '2991Q']);
  });
});

const broken = brokenReturns();

test('every checked rule has a record that breaks it here', () => {
  const checked = CIN_RULES_2025_26.filter((r) => r.status === 'checked').map((r) => r.code);
  expect([...new Set(BREAKS.map(([c]) => c))].sort()).toEqual([...checked].sort());
});

test.each(broken.map((b) => [b.code, b.r] as const))('rule %s, broken, is found by cpcase', (code, r) => {
  expect(codes(r)).toContain(code);
});
