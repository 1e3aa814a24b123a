// Reads a CIN census file back the way the DfE's validator sees it (elements by name, in the order written),
// and the DfE's rules for the child protection blocks written out again here, apart from the product's own
// check: a return that breaks one fails the test even if src/domain/census/rules.ts has the same mistake.
export interface ReadPlan {
  start: string;
  end?: string;
  initial: string;
  latest: string;
  previous: number;
  reviews: string[];
}
export interface ReadChild {
  laChildId: string;
  fields: Record<string, string>;
  s47: { start: string; target: string; icpc?: string; notRequired: string }[];
  plans: ReadPlan[];
}

const all = (xml: string, tag: string) =>
  [...xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]!);
const one = (xml: string, tag: string) => all(xml, tag)[0];

export function readCinXml(xml: string): { header: Record<string, string>; children: ReadChild[] } {
  const head = one(xml, 'Header') ?? '';
  const header = Object.fromEntries(
    ['Collection', 'Year', 'ReferenceDate', 'LEA', 'SourceLevel'].map((t) => [t, one(head, t) ?? '']),
  );
  const children = all(xml, 'Child').map((c) => ({
    laChildId: one(c, 'LAchildID') ?? '',
    fields: Object.fromEntries(
      [
        'UPN',
        'UPNunknown',
        'PersonBirthDate',
        'ExpectedPersonBirthDate',
        'Sex',
        'Ethnicity',
        'CINreferralDate',
      ]
        .map((t) => [t, one(c, t)])
        .filter(([, v]) => v !== undefined) as [string, string][],
    ),
    s47: all(c, 'Section47').map((s) => ({
      start: one(s, 'S47ActualStartDate')!,
      target: one(s, 'InitialCPCtarget')!,
      icpc: one(s, 'DateOfInitialCPC'),
      notRequired: one(s, 'ICPCnotRequired')!,
    })),
    plans: all(c, 'ChildProtectionPlans').map((p) => ({
      start: one(p, 'CPPstartDate')!,
      end: one(p, 'CPPendDate'),
      initial: one(p, 'InitialCategoryOfAbuse')!,
      latest: one(p, 'LatestCategoryOfAbuse')!,
      previous: Number(one(p, 'NumberOfPreviousCPP')),
      reviews: all(p, 'CPPreviewDate'),
    })),
  }));
  return { header, children };
}

const weekend = (d: string) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
const CATEGORIES = ['NEG', 'PHY', 'SAB', 'EMO', 'MUL'];

/** The DfE's rules for the Section47 and ChildProtectionPlans blocks that the return must meet. */
export function dfeRuleBreaches(r: ReturnType<typeof readCinXml>, from: string, to: string): string[] {
  const out: string[] = [];
  const inYear = (d: string) => d >= from && d <= to;
  for (const c of r.children) {
    const say = (rule: string, what: string) => out.push(`${rule} ${c.laChildId}: ${what}`);
    for (const s of c.s47) {
      if (s.icpc && weekend(s.icpc)) say('8875', `ICPC ${s.icpc} at a weekend`);
      if (!s.start || (s.icpc && s.start > s.icpc)) say('8615', `S47 ${s.start} after ICPC ${s.icpc}`);
      if (s.icpc && !inYear(s.icpc)) say('8715', `ICPC ${s.icpc} outside the year`);
      if (!s.icpc && s.notRequired === 'false' && !inYear(s.start)) say('8740', `open S47 ${s.start}`);
    }
    const open = c.plans.filter((p) => !p.end);
    if (open.length > 1) say('8935', 'two open plans');
    for (const p of c.plans) {
      if (p.start > to) say('8720', `plan starts ${p.start}`);
      if (p.end && p.end <= p.start) say('8925/8840', `plan ${p.start} to ${p.end}`);
      if (p.end && !inYear(p.end)) say('8930', `plan end ${p.end}`);
      if (!CATEGORIES.includes(p.initial)) say('8905', p.initial);
      if (!CATEGORIES.includes(p.latest)) say('8910', p.latest);
      if (!Number.isInteger(p.previous) || p.previous < 0) say('8730', 'previous plans');
      for (const d of p.reviews) {
        if (d <= p.start || (p.end && d > p.end)) say('8841', `review ${d} outside plan ${p.start}-${p.end}`);
      }
    }
    const sorted = [...c.plans].sort((a, b) => (a.start < b.start ? -1 : 1));
    sorted.forEach((p, i) => {
      const next = sorted[i + 1];
      if (next && (!p.end || next.start < p.end)) say('8940', `overlap ${p.start} ${next.start}`);
    });
  }
  return out;
}
