// Cpcase's census return held to the DfE's rules for 2025-26 as someone else implemented them
// (csc-validator-be-cin, provisioned by scripts/cin-validator.js; always in CI): the kinds' return has no error
// and the same queries cpcase lists, and each record that breaks a rule for cpcase breaks it for the validator.
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { CensusReturn } from '../../src/domain/census/cin';
import { censusProblems } from '../../src/domain/census/rules';
import { renderCinXml } from '../../src/report/cinXml';
import { kindsReturn } from '../support/censusKinds';
import { VALIDATOR_DIFFERS, brokenReturns } from '../support/censusBreaks';
import { dfeValidateAll, dfeValidatorAvailable } from '../support/dfeValidator';

const codes = (r: CensusReturn) => new Set(censusProblems(r).map((p) => p.rule));
const written = (r: CensusReturn) =>
  renderCinXml(r, { lea: '201', dateTime: '2026-04-20T10:00:00', release: 'test' });
const broken = brokenReturns();

(dfeValidatorAvailable ? test : test.skip)(
  'the independent validator finds no error in the kinds, and each rule broken above as cpcase does',
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-dfe-'));
    const files = [{ code: 'none', r: kindsReturn() }, ...broken].map(({ code, r }, i) => {
      const f = path.join(dir, `${i}-${code}.xml`);
      fs.writeFileSync(f, written(r));
      return f;
    });
    const [clean, ...verdicts] = await dfeValidateAll(files);
    expect(clean!.crashed).toEqual([]);
    expect(clean!.issues.map((i) => i.rule).filter((x) => !x.endsWith('Q'))).toEqual([]);
    expect([...new Set(clean!.issues.map((i) => i.rule))].sort()).toEqual([...codes(kindsReturn())].sort());
    const missed = broken
      .map(({ code }, i) => ({ code, v: verdicts[i]! }))
      .filter(({ code, v }) => !VALIDATOR_DIFFERS[code] && !v.issues.some((x) => x.rule === code))
      .map(({ code, v }) => `${code}: ${v.failed ?? v.issues.map((x) => x.rule).join(' ')}`);
    expect(missed).toEqual([]);
  },
  // One run of the DfE's validator over every file, CPU-bound: 40-60 s beside one other test file, over 120 s
  // beside two (npx jest --maxWorkers=3).
  300_000,
);
