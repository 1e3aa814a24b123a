// The DfE's rules on each CINdetails episode: the referral and closure the council supplies, read against the
// enquiries and plans cpcase recorded, and the episodes of one child against each other. Pure.
import { addDays, type LocalDate } from '../dates';
import { after, before, fromFile, identity, inYear, type ChildCheck } from './check';
import type { CensusChild } from './cin';
import { PRIMARY_NEED, REASON_FOR_CLOSURE, REFERRAL_SOURCE } from './codes';

/** Each episode's findings, as one child's. */
const each =
  (f: (e: CensusChild, ...rest: Parameters<ChildCheck>) => string[]): ChildCheck =>
  (c, r) =>
    c.episodes.flatMap((e) => f(e, c, r));

const icpcs = (e: CensusChild): LocalDate[] => [
  ...e.section47.flatMap((s) => (s.dateOfInitialCpc ? [s.dateOfInitialCpc] : [])),
  ...(e.dateOfInitialCpc ? [e.dateOfInitialCpc] : []),
];
const closedAfterAssessment = (e: CensusChild) => ['RC8', 'RC9'].includes(e.council.reasonForClosure ?? '');
/** Dates before the referral, of one kind. */
const beforeReferral = (what: string, dates: (e: CensusChild) => LocalDate[]) =>
  each((e) => {
    const ref = e.council.referralDate;
    return ref
      ? dates(e)
          .filter((d) => before(d, ref))
          .map((d) => `${what} ${d} is before the referral ${ref}${fromFile(e)}`)
      : [];
  });

export const EPISODE_CHECKS: Record<string, ChildCheck> = {
  '8600': each((e, _c, r) => {
    const ref = e.council.referralDate;
    if (!ref) return [`case ${e.caseRef}: referral date missing`];
    return after(ref, r.to) ? [`referral ${ref} is after the reference date${fromFile(e)}`] : [];
  }),
  '8866': each((e) => {
    const s = e.council.referralSource;
    return s && REFERRAL_SOURCE.test(s)
      ? []
      : [`case ${e.caseRef}: source of referral ${s ? `'${s}' invalid` : 'missing'}`];
  }),
  '8650': each((e) => {
    const n = e.council.primaryNeed;
    return n && !PRIMARY_NEED.test(n) ? [`primary need '${n}' is not a census code${fromFile(e)}`] : [];
  }),
  '8610': each((e) => (e.council.primaryNeed ? [] : [`case ${e.caseRef}: primary need missing`])),
  '8640': each((e) => {
    const rc = e.council.reasonForClosure;
    return rc && !REASON_FOR_CLOSURE.test(rc)
      ? [`reason for closure '${rc}' is not a census code${fromFile(e)}`]
      : [];
  }),
  '8620': each((e, _c, r) => {
    const d = e.council.closureDate;
    return d && !inYear(d, r) ? [`closure ${d} is outside the census year${fromFile(e)}`] : [];
  }),
  '8630': each((e) => {
    const [ref, d] = [e.council.referralDate, e.council.closureDate];
    return ref && d && before(d, ref) ? [`closure ${d} is before the referral ${ref}${fromFile(e)}`] : [];
  }),
  '8805': each((e) =>
    e.council.closureDate && !e.council.reasonForClosure
      ? [`closure ${e.council.closureDate} with no reason${fromFile(e)}`]
      : [],
  ),
  '8810': each((e) =>
    e.council.reasonForClosure && !e.council.closureDate
      ? [`reason for closure ${e.council.reasonForClosure} with no closure date${fromFile(e)}`]
      : [],
  ),
  '8565': each((e) => {
    const closed = e.council.closureDate;
    if (!closed) return [];
    const activity = [
      ...e.section47.map((s) => s.s47ActualStartDate),
      ...icpcs(e),
      ...e.plans.flatMap((p) => (p.cppEndDate ? [p.cppEndDate] : [])),
    ];
    return activity
      .filter((d) => after(d, closed))
      .map((d) => `activity on ${d} after the closure ${closed}${fromFile(e)}`);
  }),
  '8606': each((e, c) => {
    const ref = e.council.referralDate;
    const born = identity(c).personBirthDate ?? identity(c).expectedPersonBirthDate;
    return ref && born && before(ref, addDays(born, -280))
      ? [`referral ${ref} is more than 40 weeks before the birth ${born}${fromFile(e)}`]
      : [];
  }),
  '1104': beforeReferral('initial conference', icpcs),
  '1105': beforeReferral('plan start', (e) => e.plans.map((p) => p.cppStartDate)),
  '2889': beforeReferral('enquiry start', (e) => e.section47.map((s) => s.s47ActualStartDate)),
  '8868': each((e) =>
    e.council.closureDate
      ? e.section47
          // Completed means a conference held or one not required: not neither, and not both.
          .filter((s) => (s.dateOfInitialCpc !== undefined) === s.icpcNotRequired)
          .map(
            (s) =>
              `closed ${e.council.closureDate}, the enquiry of ${s.s47ActualStartDate} neither held its conference nor waived it`,
          )
      : [],
  ),
  '8585Q': each((e) =>
    e.council.reasonForClosure === 'RC2' ? [`case ${e.caseRef} closed as died (RC2)`] : [],
  ),
  '2990': each((e) =>
    closedAfterAssessment(e)
      ? [
          `case ${e.caseRef} closed ${e.council.reasonForClosure} (after assessment) but has enquiries or plans`,
        ]
      : [],
  ),
  '8825Q': each((e) =>
    closedAfterAssessment(e) ? [`case ${e.caseRef} closed ${e.council.reasonForClosure}`] : [],
  ),
  '2991Q': each((e) =>
    e.section47.length
      ? [
          `case ${e.caseRef}: ${e.section47.length} enquir${e.section47.length === 1 ? 'y' : 'ies'}, no assessment`,
        ]
      : [],
  ),
  '8815': (c) => {
    const open = c.episodes.filter((e) => !e.council.closureDate);
    return open.length > 1
      ? [`${open.length} open episodes (cases ${open.map((e) => e.caseRef).join(', ')})`]
      : [];
  },
  '8816': (c) => {
    const refs = c.episodes.flatMap((e) => (e.council.referralDate ? [e.council.referralDate] : []));
    const latest = refs.sort().at(-1);
    return c.episodes
      .filter(
        (e) =>
          !e.council.closureDate &&
          e.council.referralDate &&
          latest &&
          before(e.council.referralDate, latest),
      )
      .map((e) => `case ${e.caseRef} is open but a later referral (${latest}) exists`);
  },
  '8820': (c, r) =>
    c.episodes.flatMap((a) =>
      c.episodes
        .filter((b) => b !== a && a.council.referralDate && b.council.referralDate)
        .filter((b) => !before(a.council.referralDate!, b.council.referralDate!))
        .filter((b) => before(a.council.referralDate!, b.council.closureDate ?? r.to))
        .map((b) => `cases ${b.caseRef} and ${a.caseRef} overlap`),
    ),
};
