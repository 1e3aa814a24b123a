// The DfE's census rules as someone else wrote them (csc-validator-be-cin, provisioned by
// scripts/cin-validator.js outside the clone): run over a written return, what it finds. CI provisions it; a
// developer without it runs the same tests with cpcase's own checks only (said once, in the test's name).
import { spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { z } from 'zod';

const python =
  process.env.CPCASE_CIN_VALIDATOR_PYTHON ??
  path.join(
    process.env.CPCASE_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'cpcase'),
    'cin-validator',
    'bin',
    'python',
  );

/** Whether the validator is here; in CI it must be (a missing one fails the run, it does not skip it). */
export const dfeValidatorAvailable = fs.existsSync(python) || process.env.CI === 'true';

const verdict = z.object({
  issues: z.array(z.object({ rule: z.string(), child: z.string() })),
  crashed: z.array(z.string()),
  /** The validator could not read this file at all. */
  failed: z.string().optional(),
});
const answer = z.object({ files: z.array(verdict), rules: z.array(z.string()) });
export type DfeVerdict = z.infer<typeof verdict> & { rules: string[] };

/** Every rule of the census year the file breaks, by the independent validator (child '' for the whole return). */
export async function dfeValidate(xmlFile: string, ruleset = 'cin2025_26'): Promise<DfeVerdict> {
  return (await dfeValidateAll([xmlFile], ruleset))[0]!;
}

/** The same for many files in one run of the validator (its start is most of its time). */
export async function dfeValidateAll(xmlFiles: string[], ruleset = 'cin2025_26'): Promise<DfeVerdict[]> {
  const script = path.join(__dirname, 'dfeCinValidator.py');
  const child = spawn(python, [script, ruleset, ...xmlFiles], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new Error(`the DfE validator (${python}) failed, exit ${code}: ${err.slice(-2000)}`);
  const { files, rules } = answer.parse(JSON.parse(out));
  return files.map((f) => ({ ...f, rules }));
}
