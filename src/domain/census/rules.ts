// The DfE's validation rules for the census year, checked before a return leaves: every rule the list in
// ruleset.ts marks checked, each by the check named by its number (numbers as in the DfE's rule list, so a
// council can match a query the DfE raises). Pure.
import type { CensusChild, CensusReturn } from './cin';
import { returnChildren } from './cin';
import { CHILD_CHECKS } from './checkChild';
import { ENQUIRY_CHECKS, PLAN_CHECKS } from './checkEnquiries';
import { EPISODE_CHECKS } from './checkEpisodes';
import { RETURN_CHECKS } from './checkReturn';
import { CIN_RULES_2025_26, isQuery, type CensusRule } from './ruleset';
import type { ChildCheck, ReturnCheck } from './check';

export interface CensusProblem {
  rule: string;
  /** The LA child id the DfE will name; none for a rule about the whole return. */
  childId?: string;
  message: string;
  /** A query ('Q' rules) the DfE asks a council to confirm or explain, not an error that stops the return. */
  query: boolean;
  /** For a query: what a person should check. */
  advice?: string;
}

type Check = { child: ChildCheck } | { all: ReturnCheck };

/** Each checked rule's check: for one Child, or for the whole return. */
export const CHECKS: Record<string, Check> = {
  ...mapValues({ ...CHILD_CHECKS, ...EPISODE_CHECKS, ...ENQUIRY_CHECKS, ...PLAN_CHECKS }, (child) => ({
    child,
  })),
  ...mapValues(RETURN_CHECKS, (all) => ({ all })),
};

function mapValues<A, B>(o: Record<string, A>, f: (a: A) => B): Record<string, B> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
}

const problem = (rule: CensusRule, message: string, childId?: string): CensusProblem => ({
  rule: rule.code,
  ...(childId !== undefined ? { childId } : {}),
  message,
  query: isQuery(rule.code),
  ...(rule.advice ? { advice: rule.advice } : {}),
});

/** Every rule the return breaks, child by child in rule order; none for a return the DfE will accept. */
export function censusProblems(r: CensusReturn): CensusProblem[] {
  const checked = CIN_RULES_2025_26.filter((x) => x.status === 'checked');
  const children = returnChildren(r);
  return checked.flatMap((rule) => {
    const check = CHECKS[rule.code];
    if (!check) throw new Error(`census rule ${rule.code} is marked checked but has no check`);
    if ('all' in check) return check.all(r).map((m) => problem(rule, m));
    return children.flatMap((c) => check.child(c, r).map((m) => problem(rule, m, c.laChildId)));
  });
}

/** Fields the census requires of every child that only the council can supply (cpcase never records them). */
export const COUNCIL_FIELDS = [
  ['UPN or UPNunknown', (c: CensusChild) => c.council.upn ?? c.council.upnUnknown],
  ['Sex', (c: CensusChild) => c.council.sex],
  ['Ethnicity', (c: CensusChild) => c.council.ethnicity],
  ['Disabilities', (c: CensusChild) => c.council.disabilities?.[0]],
  ['CINreferralDate', (c: CensusChild) => c.council.referralDate],
  ['ReferralSource', (c: CensusChild) => c.council.referralSource],
  ['PrimaryNeedCode', (c: CensusChild) => c.council.primaryNeed],
] as const;

/** Which council-supplied fields are missing, and for which children: said, never invented. */
export function missingCouncilFields(r: CensusReturn): { field: string; childIds: string[] }[] {
  return COUNCIL_FIELDS.map(([field, value]) => ({
    field,
    childIds: r.children.filter((c) => value(c) === undefined).map((c) => c.childId),
  })).filter((m) => m.childIds.length > 0);
}
