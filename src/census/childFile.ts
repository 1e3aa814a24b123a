// The council's file of what the census asks about each child that cpcase never records (UPN, sex, ethnicity,
// disabilities, referral details): a CSV keyed by cpcase's child id, checked against the census's code sets.
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { isIsoDate } from '../domain/dates';
import type { CouncilChild } from '../domain/census/cin';
import {
  DISABILITY_CODES,
  ETHNICITY_CODES,
  LA_CHILD_ID,
  PRIMARY_NEED,
  REASON_FOR_CLOSURE,
  REFERRAL_SOURCE,
  SEX,
  UPN_UNKNOWN,
} from '../domain/census/codes';
import { upnProblems } from '../domain/census/upn';
import { formatIssues } from '../shared/issues';

const blankAsAbsent = (v: unknown) => (v === '' ? undefined : v);
const code = (pattern: RegExp, what: string) =>
  z.preprocess(blankAsAbsent, z.string().regex(pattern, `is not ${what}`).optional());
/** A UPN as the DfE checks it (rules 1510-1550): the first problem, said with the rule's number. */
const upn = z.preprocess(
  blankAsAbsent,
  z
    .string()
    .superRefine((v, ctx) => {
      const p = upnProblems(v)[0];
      if (p)
        ctx.addIssue({ code: 'custom', message: `is not a valid UPN: ${p.message} (DfE rule ${p.rule})` });
    })
    .optional(),
);
const date = z.preprocess(
  blankAsAbsent,
  z.string().refine(isIsoDate, 'must be a real date written YYYY-MM-DD').optional(),
);

/** One row; every column but `child` may be blank (then the census's own check says it is missing). */
export const councilChildRow = z
  .object({
    child: z.string().min(1, 'is needed: the child id cpcase knows the child by'),
    'la-child-id': code(LA_CHILD_ID, 'an LA child id the DfE accepts (letters and digits only, at most 20)'),
    upn,
    // A former UPN the DfE only queries (1560Q): the return says so, the file need not be refused for it.
    'former-upn': code(/^[A-Z]\d{11}[0-9A-Z]$/, 'a UPN (a letter, 11 digits, then a digit or letter)'),
    'upn-unknown': code(UPN_UNKNOWN, 'a UPN-unknown code (UN1 to UN10)'),
    sex: code(SEX, 'a census sex code (M, F or U)'),
    ethnicity: z.preprocess(blankAsAbsent, z.enum(ETHNICITY_CODES).optional()),
    disabilities: z.preprocess(
      (v) => (typeof v === 'string' && v !== '' ? v.split(';').map((d) => d.trim()) : undefined),
      z.array(z.enum(DISABILITY_CODES)).optional(),
    ),
    'referral-date': date,
    'referral-source': code(REFERRAL_SOURCE, 'a census referral source code'),
    'primary-need': code(PRIMARY_NEED, 'a census primary need code (N0 to N9)'),
    'closure-date': date,
    'reason-for-closure': code(REASON_FOR_CLOSURE, 'a census reason for closure code (RC1 to RC9)'),
  })
  .strict();
export const COUNCIL_CHILD_COLUMNS = Object.keys(councilChildRow.shape);

export type CouncilChildren =
  { ok: true; children: Map<string, CouncilChild> } | { ok: false; problems: string[] };

/** Parses the council's CSV text: each problem with its line and column, none accepted while any is wrong. */
export function parseCouncilChildren(text: string): CouncilChildren {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, info: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (e) {
    return {
      ok: false,
      problems: [`not a readable CSV file: ${e instanceof Error ? e.message : String(e)}`],
    };
  }
  const problems: string[] = [];
  const children = new Map<string, CouncilChild>();
  for (const { record, info } of records) {
    const row = councilChildRow.safeParse(record);
    if (!row.success) {
      problems.push(...formatIssues(row.error.issues).map((p) => `line ${info.lines}: ${p}`));
      continue;
    }
    const r = row.data;
    if (children.has(r.child)) problems.push(`line ${info.lines}: child ${r.child} is listed twice`);
    children.set(r.child, {
      line: info.lines,
      ...(r['la-child-id'] ? { laChildId: r['la-child-id'] } : {}),
      ...(r.upn ? { upn: r.upn } : {}),
      ...(r['former-upn'] ? { formerUpn: r['former-upn'] } : {}),
      ...(r['upn-unknown'] ? { upnUnknown: r['upn-unknown'] } : {}),
      ...(r.sex ? { sex: r.sex } : {}),
      ...(r.ethnicity ? { ethnicity: r.ethnicity } : {}),
      ...(r.disabilities ? { disabilities: r.disabilities } : {}),
      ...(r['referral-date'] ? { referralDate: r['referral-date'] } : {}),
      ...(r['referral-source'] ? { referralSource: r['referral-source'] } : {}),
      ...(r['primary-need'] ? { primaryNeed: r['primary-need'] } : {}),
      ...(r['closure-date'] ? { closureDate: r['closure-date'] } : {}),
      ...(r['reason-for-closure'] ? { reasonForClosure: r['reason-for-closure'] } : {}),
    });
  }
  return problems.length ? { ok: false, problems } : { ok: true, children };
}
