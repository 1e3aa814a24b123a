import fs from 'fs';
import os from 'os';
import path from 'path';
import { buildPolicy, loadPolicyFile, PolicyFileError } from '../../src/policy/file';
import { DEFAULT_POLICY, ruleById } from '../../src/domain/policy';

const problems = (raw: unknown): string[] => {
  try {
    buildPolicy(raw, 'council.yaml');
  } catch (e) {
    if (e instanceof PolicyFileError) return e.problems;
    throw e;
  }
  return [];
};

describe('policy file', () => {
  it('no file gives the defaults of the design brief', () => {
    const { policy } = loadPolicyFile(undefined);
    expect(policy).toEqual(DEFAULT_POLICY);
    expect(ruleById(policy, 'icpc')?.offset).toEqual({
      amount: 15,
      unit: 'working-days',
      direction: 'after',
    });
    expect(ruleById(policy, 'first-review')?.offset).toEqual({
      amount: 3,
      unit: 'months',
      direction: 'after',
    });
    expect(ruleById(policy, 'sw-report-review')?.offset).toEqual({
      amount: 3,
      unit: 'working-days',
      direction: 'before',
    });
    expect(policy.sendTime).toBe('09:00');
  });

  it('overrides one field of one rule and keeps the rest', () => {
    const { policy, closures } = buildPolicy({
      counting: 'same-day',
      rules: { icpc: { offset: { amount: 10 } }, 'plan-18-months': { enabled: false } },
      closures: [{ date: '2026-12-29', title: 'Council closure' }],
    });
    expect(policy.counting).toBe('same-day');
    expect(ruleById(policy, 'icpc')).toEqual({
      ...ruleById(DEFAULT_POLICY, 'icpc'),
      offset: { amount: 10, unit: 'working-days', direction: 'after' },
    });
    expect(ruleById(policy, 'plan-18-months')?.enabled).toBe(false);
    expect(closures).toEqual([{ date: '2026-12-29', title: 'Council closure' }]);
  });

  it('reads YAML', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-pol-')), 'council.yaml');
    fs.writeFileSync(file, 'sendTime: "08:30"\nrules:\n  minutes-to-chair:\n    offset:\n      amount: 7\n');
    const { policy } = loadPolicyFile(file);
    expect(policy.sendTime).toBe('08:30');
    expect(ruleById(policy, 'minutes-to-chair')?.offset.amount).toBe(7);
  });

  it('names the rule and the field of every mistake', () => {
    expect(problems({ rules: { icpc: { offset: { amount: 0 } } } })).toEqual([
      'rules.icpc.offset.amount: must be 1 or more',
    ]);
    expect(problems({ rules: { icpc: { owner: 'caretaker' } } })).toEqual([
      expect.stringMatching(/^rules\.icpc\.owner: /),
    ]);
    expect(problems({ rules: { icpc: { ladder: 'missing' } } })).toEqual([
      "rules.icpc.ladder: no ladder named 'missing' is defined",
    ]);
    expect(problems({ sendTime: '9am' })).toEqual([
      'sendTime: must be a time of day written HH:MM, e.g. 09:00',
    ]);
    expect(problems({ closures: [{ date: '2026-02-30' }] })).toEqual([
      'closures.0.date: must be a real date written YYYY-MM-DD',
    ]);
    expect(problems({ rules: { 'my-rule': { title: 'x' } } })[0]).toMatch(
      /^rules\.my-rule: not a default rule; a new rule needs /,
    );
    expect(problems({ surprise: 1 })[0]).toMatch(/surprise/);
  });

  it('refuses an unreadable or malformed file with its name', () => {
    expect(() => loadPolicyFile('/nonexistent/policy.yaml')).toThrow(
      /\/nonexistent\/policy.yaml.*cannot read/,
    );
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-pol-')), 'p.json');
    fs.writeFileSync(file, '{');
    expect(() => loadPolicyFile(file)).toThrow(/not valid JSON/);
  });
});

describe('report targets', () => {
  test('a target per indicator, in whole per cent; none by default', () => {
    expect(buildPolicy({}).targets).toEqual({});
    expect(buildPolicy({ targets: { 'outline-plan': 90, 'minutes-to-chair': 80 } }).targets).toEqual({
      'outline-plan': 90,
      'minutes-to-chair': 80,
    });
  });

  test.each([
    [{ 'outline-plan': 120 }, /targets\.outline-plan/],
    [{ 'outline-plans': 90 }, /targets/],
    [{ 'outline-plan': 'ninety' }, /targets\.outline-plan/],
  ])('%j is refused, naming the field', (targets, message) => {
    expect(() => buildPolicy({ targets }, 'policy.yaml')).toThrow(PolicyFileError);
    expect(() => buildPolicy({ targets }, 'policy.yaml')).toThrow(message);
  });
});

describe('indicators of need and risk', () => {
  test("the reference report's ten by default; a council's own list replaces them", () => {
    expect(buildPolicy({}).policy.riskIndicators).toBeUndefined();
    const own = [{ id: 'neglect-of-health', label: 'Neglect of health needs' }];
    expect(buildPolicy({ riskIndicators: own }).policy.riskIndicators).toEqual(own);
  });

  test.each([
    [[{ id: 'DV', label: 'x' }], /riskIndicators\.0\.id/],
    [[{ id: 'dv', label: '' }], /riskIndicators\.0\.label/],
    [
      [
        { id: 'dv', label: 'a' },
        { id: 'dv', label: 'b' },
      ],
      /riskIndicators: id 'dv' is used twice/,
    ],
  ])('%j is refused, naming the field', (riskIndicators, message) => {
    expect(() => buildPolicy({ riskIndicators }, 'policy.yaml')).toThrow(message);
  });
});
