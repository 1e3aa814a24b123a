// The DfE's rules on the return as a whole: its reference date, UPNs across children, and shares and counts a
// council is asked to explain. Pure.
import { inYear, type ReturnCheck } from './check';
import { returnChildren, type CensusChild } from './cin';

const children = (r: Parameters<ReturnCheck>[0]) => returnChildren(r).map((c) => c.episodes[0]!);
const unborn = (c: CensusChild) => !c.personBirthDate && c.expectedPersonBirthDate !== undefined;

export const RETURN_CHECKS: Record<string, ReturnCheck> = {
  '100': (r) =>
    r.to.endsWith('-03-31') ? [] : [`reference date ${r.to} is not 31 March, the end of a census year`],
  '1520': (r) => {
    const seen = new Map<string, number>();
    for (const c of children(r))
      if (c.council.upn) seen.set(c.council.upn, (seen.get(c.council.upn) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([upn, n]) => `UPN ${upn} is given to ${n} children`);
  },
  '2883': (r) => {
    const episodes = r.children;
    const starting = episodes.flatMap((e) => e.plans).filter((p) => inYear(p.cppStartDate, r)).length;
    const held = episodes
      .flatMap((e) => [...e.section47.map((s) => s.dateOfInitialCpc), e.dateOfInitialCpc])
      .filter((d) => d !== undefined && inYear(d, r)).length;
    return starting > held ? [`${starting} plans start in the year, on ${held} initial conferences`] : [];
  },
  '2886Q': (r) => {
    const all = children(r);
    const none = all.filter((c) => !unborn(c) && (!c.council.sex || c.council.sex === 'U')).length;
    return all.length && none / all.length > 0.02
      ? [`${none} of ${all.length} children (unborn apart) have no sex recorded`]
      : [];
  },
  '2887Q': (r) => {
    const used = new Set(children(r).flatMap((c) => c.council.disabilities ?? []));
    return r.children.length && used.size < 8 ? [`${used.size} disability codes used in the return`] : [];
  },
  '2888Q': (r) =>
    r.children.length &&
    children(r).every((c) => (c.council.disabilities ?? []).filter((d) => d !== 'NONE').length <= 1)
      ? ['no child has more than one disability recorded']
      : [],
};
