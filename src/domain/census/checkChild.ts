// The DfE's rules on a child's identifiers and characteristics: the LA child id, the UPN, dates of birth, sex,
// ethnicity and disabilities (most of them supplied by the council's file). Pure.
import { addDays, addMonthsClamped, type LocalDate } from '../dates';
import { addYears, after, before, fromFile, identity, type ChildCheck } from './check';
import { ETHNICITY_CODES, DISABILITY_CODES } from './codes';
import { upnProblems } from './upn';

const upnRule =
  (rule: string): ChildCheck =>
  (c) => {
    const upn = identity(c).council.upn;
    return upn
      ? upnProblems(upn)
          .filter((p) => p.rule === rule)
          .map((p) => p.message + fromFile(identity(c)))
      : [];
  };

/** School age at the census: born on or before 31 August six years before the September after the reference date. */
const schoolAgeBy = (to: LocalDate) => addYears(addDays(addMonthsClamped(to, 4), 31), -6);
const dob = (c: Parameters<ChildCheck>[0]) => identity(c).personBirthDate;
const unborn = (c: Parameters<ChildCheck>[0]) => !dob(c) && identity(c).expectedPersonBirthDate !== undefined;

export const CHILD_CHECKS: Record<string, ChildCheck> = {
  '1570': (c) =>
    c.laChildId.length > 20 ? [`LA child id '${c.laChildId}' is longer than 20 characters`] : [],
  '1580': (c) =>
    /^[A-Za-z0-9]*$/.test(c.laChildId)
      ? []
      : [
          `LA child id '${c.laChildId}' has characters other than letters and digits` +
            (identity(c).council.laChildId
              ? fromFile(identity(c))
              : ": it is cpcase's own id; give the council's in the --children file's la-child-id column"),
        ],
  '1510': upnRule('1510'),
  '1530': upnRule('1530'),
  '1540': upnRule('1540'),
  '1550': upnRule('1550'),
  '1560Q': (c) => {
    const former = identity(c).council.formerUpn;
    return former && upnProblems(former).length
      ? [`former UPN '${former}' is not a well-formed UPN${fromFile(identity(c))}`]
      : [];
  },
  '8520': (c, r) => {
    const d = dob(c);
    return d && after(d, r.to) ? [`date of birth ${d} is after the reference date ${r.to}`] : [];
  },
  '8525Q': (c) => {
    const e = identity(c);
    if (e.personBirthDate && e.expectedPersonBirthDate) return ['both a date of birth and an expected date'];
    return e.personBirthDate || e.expectedPersonBirthDate
      ? []
      : ['neither a date of birth nor an expected date'];
  },
  '8530Q': (c, r) => {
    const due = identity(c).expectedPersonBirthDate;
    return due && (before(due, addDays(r.to, -30)) || after(due, addMonthsClamped(r.to, 9)))
      ? [`expected date of birth ${due} is not between a month before and 9 months after the reference date`]
      : [];
  },
  '8775Q': (c, r) => {
    const d = dob(c);
    if (!d || !before(d, addYears(r.to, -25))) return [];
    const stillOpen = c.episodes.some(
      (e) => !e.council.closureDate || after(e.council.closureDate, addYears(d, 25)),
    );
    return stillOpen ? [`born ${d}: over 25 at the reference date`] : [];
  },
  '4180': (c) => {
    const sex = identity(c).council.sex;
    return sex && ['M', 'F', 'U'].includes(sex)
      ? []
      : [`sex ${sex ? `'${sex}' is not M, F or U` : 'missing'}`];
  },
  '8750': (c) => {
    const sex = identity(c).council.sex;
    return unborn(c) && sex !== 'U'
      ? [`an unborn child's sex must be U, not ${sex ?? 'missing'}${fromFile(identity(c))}`]
      : [];
  },
  '8770Q': (c, r) => {
    const k = identity(c).council;
    const d = dob(c);
    if (!d || after(d, schoolAgeBy(r.to)) || k.upn) return [];
    return k.upnUnknown && /^UN[2-7]$/.test(k.upnUnknown)
      ? []
      : [`of school age (born ${d}) with ${k.upnUnknown ? `UPN unknown ${k.upnUnknown}` : 'no UPN'}`];
  },
  '8772': (c) =>
    identity(c).council.upnUnknown === 'UN7'
      ? [
          `UPN unknown UN7 (referral with no further action), but the child had an enquiry or a plan${fromFile(identity(c))}`,
        ]
      : [],
  '4220': (c) => {
    const eth = identity(c).council.ethnicity;
    return eth && (ETHNICITY_CODES as readonly string[]).includes(eth)
      ? []
      : [`ethnicity ${eth ? `'${eth}' is not a census code` : 'missing'}`];
  },
  // Asked of a child born: an unborn child's disabilities are not yet known.
  '8540': (c) => {
    if (unborn(c)) return [];
    const ds = identity(c).council.disabilities ?? [];
    const bad = ds.filter((d) => !(DISABILITY_CODES as readonly string[]).includes(d));
    if (ds.length === 0) return ['disability missing (NONE when the child has none)'];
    return bad.length ? [`disability ${bad.join(', ')} is not a census code`] : [];
  },
  '8790': (c) => {
    const ds = identity(c).council.disabilities ?? [];
    return ds.includes('NONE') && ds.length > 1
      ? [`disabilities ${ds.join(', ')} include NONE and others`]
      : [];
  },
  '8794': (c) => {
    const ds = identity(c).council.disabilities ?? [];
    return new Set(ds).size < ds.length ? [`disabilities ${ds.join(', ')} repeat a code`] : [];
  },
};
