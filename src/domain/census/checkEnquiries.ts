// The DfE's rules on the blocks cpcase itself writes: section 47 enquiries with their initial conferences, and
// child protection plans with their reviews, each episode's and across a child's episodes. Pure.
import { isWeekend, type LocalDate } from '../dates';
import { after, before, inYear, type ChildCheck } from './check';
import { ABUSE_CODES, type CensusChild, type CensusPlan, type Section47 } from './cin';

const CATEGORIES: readonly string[] = Object.values(ABUSE_CODES);

const enquiries =
  (f: (s: Section47, e: CensusChild, ...rest: Parameters<ChildCheck>) => string[]): ChildCheck =>
  (c, r) =>
    c.episodes.flatMap((e) => e.section47.flatMap((s) => f(s, e, c, r)));
const plans =
  (f: (p: CensusPlan, ...rest: Parameters<ChildCheck>) => string[]): ChildCheck =>
  (c, r) =>
    c.episodes.flatMap((e) => e.plans.flatMap((p) => f(p, c, r)));
/** An enquiry still waiting for its conference: none held, none waived. */
const awaiting = (s: Section47) => !s.dateOfInitialCpc && !s.icpcNotRequired;

export const ENQUIRY_CHECKS: Record<string, ChildCheck> = {
  '8615': enquiries((s) => {
    const icpc = s.dateOfInitialCpc;
    return icpc && after(s.s47ActualStartDate, icpc)
      ? [`enquiry started ${s.s47ActualStartDate}, after its initial conference ${icpc}`]
      : [];
  }),
  '8715': enquiries((s, _e, _c, r) => {
    const icpc = s.dateOfInitialCpc;
    return icpc && !inYear(icpc, r) ? [`initial conference ${icpc} is outside the census year`] : [];
  }),
  '8740': enquiries((s, _e, _c, r) =>
    awaiting(s) && !inYear(s.s47ActualStartDate, r)
      ? [`enquiry of ${s.s47ActualStartDate} with no conference began outside the census year`]
      : [],
  ),
  '8875': (c) =>
    c.episodes.flatMap((e) =>
      [...e.section47.map((s) => s.dateOfInitialCpc), e.dateOfInitialCpc]
        .filter((d): d is LocalDate => d !== undefined && isWeekend(d))
        .map((d) => `initial conference ${d} is at a weekend`),
    ),
  '8870Q': enquiries((s) =>
    isWeekend(s.initialCpcTarget) ? [`initial conference target ${s.initialCpcTarget} is at a weekend`] : [],
  ),
  // The target is 15 working days on: passed before the reference date with no conference, held or waived.
  '8675Q': enquiries((s, _e, _c, r) =>
    awaiting(s) && before(s.initialCpcTarget, r.to)
      ? [`enquiry of ${s.s47ActualStartDate}: no initial conference by its target ${s.initialCpcTarget}`]
      : [],
  ),
  '8890': (c, r) =>
    c.episodes.flatMap((e) =>
      e.section47.flatMap((a) =>
        e.section47
          .filter((b) => b !== a && !before(a.s47ActualStartDate, b.s47ActualStartDate))
          .filter((b) =>
            b.dateOfInitialCpc
              ? !after(a.s47ActualStartDate, b.dateOfInitialCpc)
              : !b.icpcNotRequired && !after(a.s47ActualStartDate, r.to),
          )
          .map(
            (b) => `enquiry of ${a.s47ActualStartDate} starts while that of ${b.s47ActualStartDate} is open`,
          ),
      ),
    ),
  '8839': (c) =>
    c.episodes.flatMap((e) => {
      const open = e.section47.filter(awaiting);
      return open.length > 1 ? [`case ${e.caseRef}: ${open.length} enquiries await a conference`] : [];
    }),
  '2884': (c) =>
    c.episodes.flatMap((e) =>
      e.dateOfInitialCpc &&
      c.episodes.some((x) => x.section47.some((s) => s.dateOfInitialCpc === e.dateOfInitialCpc))
        ? [`initial conference ${e.dateOfInitialCpc} is on both the episode and an enquiry`]
        : [],
    ),
  '2885': (c, r) =>
    c.episodes.flatMap((e) =>
      e.plans
        .filter((p) => inYear(p.cppStartDate, r))
        .filter(
          (p) =>
            e.dateOfInitialCpc !== p.cppStartDate &&
            !e.section47.some((s) => !s.icpcNotRequired && s.dateOfInitialCpc === p.cppStartDate),
        )
        .map((p) => `plan of ${p.cppStartDate} starts on no initial conference of case ${e.caseRef}`),
    ),
};

export const PLAN_CHECKS: Record<string, ChildCheck> = {
  '8720': plans((p, _c, r) =>
    after(p.cppStartDate, r.to) ? [`plan starts ${p.cppStartDate}, after the reference date`] : [],
  ),
  '8925': plans((p) =>
    p.cppEndDate && before(p.cppEndDate, p.cppStartDate)
      ? [`plan ends ${p.cppEndDate} before it starts`]
      : [],
  ),
  '8840': plans((p) =>
    p.cppEndDate === p.cppStartDate ? [`plan starts and ends on ${p.cppStartDate}`] : [],
  ),
  '8930': plans((p, _c, r) =>
    p.cppEndDate && !inYear(p.cppEndDate, r) ? [`plan end ${p.cppEndDate} is outside the census year`] : [],
  ),
  '8905': plans((p) =>
    CATEGORIES.includes(p.initialCategoryOfAbuse) ? [] : [`initial category '${p.initialCategoryOfAbuse}'`],
  ),
  '8910': plans((p) =>
    CATEGORIES.includes(p.latestCategoryOfAbuse) ? [] : [`latest category '${p.latestCategoryOfAbuse}'`],
  ),
  '8841': plans((p) =>
    p.reviews
      .filter((d) => !after(d, p.cppStartDate))
      .map((d) => `review ${d} is not after the plan's start ${p.cppStartDate}`),
  ),
  '8935': (c) => {
    const open = c.episodes.flatMap((e) => e.plans).filter((p) => !p.cppEndDate);
    return open.length > 1
      ? [`${open.length} plans open (from ${open.map((p) => p.cppStartDate).join(', ')})`]
      : [];
  },
  // A plan starting on or before another's end (or, open, before the reference date) overlaps it.
  '8940': (c, r) => {
    const all = c.episodes.flatMap((e) => e.plans);
    return all.flatMap((a) =>
      all
        .filter(
          (b) =>
            b !== a &&
            !before(a.cppStartDate, b.cppStartDate) &&
            !after(a.cppStartDate, b.cppEndDate ?? r.to),
        )
        .map((b) => `plans of ${b.cppStartDate} and ${a.cppStartDate} overlap`),
    );
  },
};
