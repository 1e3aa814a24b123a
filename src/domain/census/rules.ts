// The DfE's published validation rules for the census's child protection blocks, checked before a return leaves
// (numbers as in the DfE's rule list, so a council can match a query the DfE raises). Pure.
import { compareDates, isWeekend, type LocalDate } from '../dates';
import { ABUSE_CODES, type CensusChild, type CensusReturn } from './cin';

export interface CensusProblem {
  rule: string;
  childId: string;
  message: string;
  /** A query ('Q' rules) the DfE asks a council to confirm or explain, not an error that stops the return. */
  query: boolean;
}

const CODES = new Set(Object.values(ABUSE_CODES));
const before = (a: LocalDate, b: LocalDate) => compareDates(a, b) < 0;
const within = (d: LocalDate, r: CensusReturn) => !before(d, r.from) && !before(r.to, d);

type Check = (c: CensusChild, r: CensusReturn) => [rule: string, message: string, query?: boolean][];

const section47: Check = (c, r) =>
  c.section47.flatMap((s) => {
    const out: [string, string, boolean?][] = [];
    const icpc = s.dateOfInitialCpc;
    if (icpc && isWeekend(icpc)) out.push(['8875', `initial conference ${icpc} is at a weekend`]);
    if (isWeekend(s.initialCpcTarget))
      out.push(['8870Q', `initial conference target ${s.initialCpcTarget} is at a weekend`, true]);
    if (icpc && before(icpc, s.s47ActualStartDate))
      out.push(['8615', `enquiry started ${s.s47ActualStartDate}, after its initial conference ${icpc}`]);
    if (icpc && !within(icpc, r)) out.push(['8715', `initial conference ${icpc} is outside the census year`]);
    if (!icpc && !s.icpcNotRequired && !within(s.s47ActualStartDate, r))
      out.push([
        '8740',
        `enquiry of ${s.s47ActualStartDate} with no conference began outside the census year`,
      ]);
    return out;
  });

const plans: Check = (c, r) =>
  c.plans.flatMap((p) => {
    const out: [string, string, boolean?][] = [];
    const end = p.cppEndDate;
    if (before(r.to, p.cppStartDate))
      out.push(['8720', `plan starts ${p.cppStartDate}, after the reference date`]);
    if (end && before(end, p.cppStartDate)) out.push(['8925', `plan ends ${end} before it starts`]);
    if (end && end === p.cppStartDate) out.push(['8840', `plan starts and ends on ${end}`]);
    if (end && !within(end, r)) out.push(['8930', `plan end ${end} is outside the census year`]);
    if (!CODES.has(p.initialCategoryOfAbuse))
      out.push(['8905', `initial category '${p.initialCategoryOfAbuse}'`]);
    if (!CODES.has(p.latestCategoryOfAbuse))
      out.push(['8910', `latest category '${p.latestCategoryOfAbuse}'`]);
    if (!Number.isInteger(p.numberOfPreviousCpp) || p.numberOfPreviousCpp < 0)
      out.push(['8730', 'number of previous plans missing']);
    for (const d of p.reviews) {
      if (!before(p.cppStartDate, d)) out.push(['8841', `review ${d} is not after the plan's start`]);
      if (end && before(end, d)) out.push(['8841', `review ${d} is after the plan ended ${end}`]);
    }
    return out;
  });

const planOverlaps: Check = (c) => {
  const out: [string, string, boolean?][] = [];
  if (c.plans.filter((p) => !p.cppEndDate).length > 1) out.push(['8935', 'more than one plan open']);
  const sorted = [...c.plans].sort((a, b) => compareDates(a.cppStartDate, b.cppStartDate));
  sorted.forEach((p, i) => {
    const next = sorted[i + 1];
    if (next && (!p.cppEndDate || before(next.cppStartDate, p.cppEndDate)))
      out.push(['8940', `plans of ${p.cppStartDate} and ${next.cppStartDate} overlap`]);
  });
  return out;
};

/** Every rule each child breaks; none for a return the DfE will accept as far as these blocks go. */
export function censusProblems(r: CensusReturn): CensusProblem[] {
  return r.children.flatMap((c) =>
    [section47, plans, planOverlaps].flatMap((check) =>
      check(c, r).map(([rule, message, query]) => ({
        rule,
        childId: c.childId,
        message,
        query: query ?? false,
      })),
    ),
  );
}

/** Fields the census requires of every child that only the council can supply (cpcase never records them). */
export const COUNCIL_FIELDS = [
  ['UPN or UPNunknown', (c: CensusChild) => c.council.upn ?? c.council.upnUnknown],
  ['Sex', (c: CensusChild) => c.council.sex],
  // An unborn child has no ethnicity recorded yet.
  ['Ethnicity', (c: CensusChild) => c.council.ethnicity ?? (c.personBirthDate ? undefined : 'unborn')],
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
