// The report's figures about families and who took part: parents' participation (§6.16), who asked for each
// initial conference (§6.8), and Appendix 2, the indicators of need and risk by family and by age of child.
// Pure, over the conferences held in the period.
import { ageOn, compareDates, type LocalDate } from '../dates';
import {
  CONFERENCE_REQUESTERS,
  PARENT_PARTICIPATION,
  type CaseState,
  type ChildParticipation,
  type Conference,
} from '../case/types';
import { riskIndicatorsOf, type Policy } from '../policy';

export const AGE_BANDS = ['unborn', 'under 1', '1-4', '5-9', '10-15', '16 and over'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export interface DiscussedChild {
  caseRef: string;
  childId: string;
  /** At the last conference in the period that discussed them; undefined (or below 0) before birth. */
  age?: number;
  participation?: ChildParticipation;
}

export interface FamilyFigures {
  parents: Record<(typeof PARENT_PARTICIPATION)[number] | 'not-recorded', number>;
  icpcRequestedBy: Record<(typeof CONFERENCE_REQUESTERS)[number] | 'not-recorded', number>;
  appendix2: {
    /** Families discussed in the period, numbered in case order, with the indicators any of their conferences recorded. */
    families: { family: number; caseRef: string; indicators: string[] }[];
    /** Each indicator: how many families, and their children discussed, by age band. */
    byIndicator: { id: string; label: string; families: number; children: Record<AgeBand, number> }[];
  };
}

const inPeriod = (d: LocalDate | undefined, from: LocalDate, to: LocalDate): d is LocalDate =>
  d !== undefined && compareDates(d, from) >= 0 && compareDates(d, to) <= 0;

/** A case's conferences held in the period, in date order. */
export function heldIn(state: CaseState, from: LocalDate, to: LocalDate): Conference[] {
  return state.conferences
    .filter((c) => c.status === 'held' && inPeriod(c.heldOn, from, to))
    .sort((a, b) => compareDates(a.heldOn!, b.heldOn!));
}

/** The children the period's conferences discussed, each once, as at the last conference that discussed them. */
export function childrenDiscussed(states: CaseState[], from: LocalDate, to: LocalDate): DiscussedChild[] {
  const out = new Map<string, DiscussedChild>();
  for (const state of states) {
    for (const c of heldIn(state, from, to)) {
      for (const o of c.outcomes ?? []) {
        if (o.outcome === 'not-discussed') continue;
        const child = state.children.find((x) => x.id === o.childId);
        out.set(`${state.caseRef}/${o.childId}`, {
          caseRef: state.caseRef,
          childId: o.childId,
          age: child?.dateOfBirth ? ageOn(child.dateOfBirth, c.heldOn!) : undefined,
          participation: c.participation?.find((p) => p.childId === o.childId)?.participation,
        });
      }
    }
  }
  return [...out.values()];
}

export function ageBand(age: number | undefined): AgeBand {
  if (age === undefined || age < 0) return 'unborn';
  if (age < 1) return 'under 1';
  if (age < 5) return '1-4';
  if (age < 10) return '5-9';
  if (age < 16) return '10-15';
  return '16 and over';
}

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function familyFigures(
  states: CaseState[],
  from: LocalDate,
  to: LocalDate,
  policy: Policy,
): FamilyFigures {
  const parents = zeros([...PARENT_PARTICIPATION, 'not-recorded'] as const);
  const icpcRequestedBy = zeros([...CONFERENCE_REQUESTERS, 'not-recorded'] as const);
  const families: FamilyFigures['appendix2']['families'] = [];
  const sorted = [...states].sort((a, b) => (a.caseRef < b.caseRef ? -1 : a.caseRef > b.caseRef ? 1 : 0));
  for (const state of sorted) {
    const held = heldIn(state, from, to);
    if (held.length === 0) continue;
    for (const c of held) {
      parents[c.parents ?? 'not-recorded'] += 1;
      if (c.type === 'initial' || c.type === 'pre-birth')
        icpcRequestedBy[c.requestedBy ?? 'not-recorded'] += 1;
    }
    const indicators = [...new Set(held.flatMap((c) => c.indicators ?? []))];
    families.push({ family: families.length + 1, caseRef: state.caseRef, indicators });
  }
  const children = childrenDiscussed(states, from, to);
  const known = riskIndicatorsOf(policy);
  // Codes recorded under an older list of the council's still count, under their code.
  const recorded = families.flatMap((f) => f.indicators).filter((id) => !known.some((k) => k.id === id));
  const list = [...known, ...[...new Set(recorded)].map((id) => ({ id, label: id }))];
  const byIndicator = list.map(({ id, label }) => {
    const withIt = new Set(families.filter((f) => f.indicators.includes(id)).map((f) => f.caseRef));
    const bands = zeros(AGE_BANDS);
    for (const ch of children) if (withIt.has(ch.caseRef)) bands[ageBand(ch.age)] += 1;
    return { id, label, families: withIt.size, children: bands };
  });
  return { parents, icpcRequestedBy, appendix2: { families, byIndicator } };
}
