// The child protection part of the DfE's Children in Need census, from the cases as the rules rebuilt them:
// section 47 enquiries (each strategy discussion that starts one, and the initial conference that ends it) and
// child protection plans (start, end, initial and latest category, previous plans, reviews). Pure; what the
// system does not record (UPN, sex, ethnicity, referral details) comes from the council, keyed by child id.
import { addWorkingDays } from '../workingDays';
import { compareDates, type LocalDate } from '../dates';
import { effectiveEvents } from '../case/apply';
import { startsEnquiry } from '../case/cse';
import type { CaseState, ChildState, Conference, PlanCategory } from '../case/types';

/** The census's Category of Abuse codes. */
export const ABUSE_CODES: Record<PlanCategory, string> = {
  neglect: 'NEG',
  physical: 'PHY',
  emotional: 'EMO',
  sexual: 'SAB',
  multiple: 'MUL',
};

/** What the census asks of a child that cpcase never records: supplied by the council, keyed by child id. */
export interface CouncilChild {
  laChildId?: string;
  upn?: string;
  formerUpn?: string;
  upnUnknown?: string;
  sex?: string;
  ethnicity?: string;
  disabilities?: string[];
  referralDate?: LocalDate;
  referralSource?: string;
  primaryNeed?: string;
  closureDate?: LocalDate;
  reasonForClosure?: string;
  /** The line of the council's file the child came from, so a problem with what it says can be found there. */
  line?: number;
}

export interface Section47 {
  s47ActualStartDate: LocalDate;
  initialCpcTarget: LocalDate;
  dateOfInitialCpc?: LocalDate;
  icpcNotRequired: boolean;
}

export interface CensusPlan {
  cppStartDate: LocalDate;
  cppEndDate?: LocalDate;
  initialCategoryOfAbuse: string;
  latestCategoryOfAbuse: string;
  numberOfPreviousCpp: number;
  reviews: LocalDate[];
}

export interface CensusChild {
  /** cpcase's opaque id: the key of the council's file, never written to the return unless it is the LA id. */
  childId: string;
  caseRef: string;
  personBirthDate?: LocalDate;
  expectedPersonBirthDate?: LocalDate;
  council: CouncilChild;
  section47: Section47[];
  plans: CensusPlan[];
  /**
   * CINdetails' own DateOfInitialCPC: the conference that started a plan in the year with no enquiry here to
   * carry it (a transfer-in conference: the DfE's guidance puts that date on the episode, not on a Section47).
   */
  dateOfInitialCpc?: LocalDate;
}

export interface CensusReturn {
  from: LocalDate;
  /** The census's ReferenceDate. */
  to: LocalDate;
  children: CensusChild[];
}

const within = (d: LocalDate | undefined, from: LocalDate, to: LocalDate) =>
  d !== undefined && compareDates(d, from) >= 0 && compareDates(d, to) <= 0;
const byDate = (a: LocalDate, b: LocalDate) => compareDates(a, b);

const INITIAL = new Set<Conference['type']>(['initial', 'pre-birth']);

/** The census's target: 15 working days from the start of the enquiry, whatever the local policy says. */
export const ICPC_TARGET_WORKING_DAYS = 15;

/**
 * Enquiries as the case counted them: a strategy discussion after an initial conference already held starts a
 * new one; each ends at the first initial (or pre-birth) conference held on or after its start.
 */
export function enquiriesOf(state: CaseState): Section47[] {
  const discussions = effectiveEvents(state.events)
    .filter((r) => startsEnquiry(r.event))
    .map((r) => r.event.occurredAt)
    .sort(byDate);
  const icpcs = state.conferences
    .filter((c) => c.status === 'held' && INITIAL.has(c.type) && c.heldOn)
    .map((c) => c.heldOn!)
    .sort(byDate);
  const starts: LocalDate[] = [];
  for (const sd of discussions) {
    const current = starts[starts.length - 1];
    const ended = current && icpcs.some((d) => byDate(d, current) >= 0 && byDate(d, sd) < 0);
    if (!current || ended) starts.push(sd);
  }
  return starts.map((start, n) => {
    const icpc = icpcs.find((d) => byDate(d, start) >= 0);
    const waived = state.overrides[`icpc:E${n + 1}`]?.kind === 'waived';
    return {
      s47ActualStartDate: start,
      initialCpcTarget: addWorkingDays(state.calendar, start, ICPC_TARGET_WORKING_DAYS).date,
      ...(icpc ? { dateOfInitialCpc: icpc } : {}),
      icpcNotRequired: !icpc && waived,
    };
  });
}

/** The category a plan started with: the outcome recorded at the conference that started it. */
function initialCategory(state: CaseState, childId: string, conferenceId: string): PlanCategory | undefined {
  const c = state.conferences.find((x) => x.id === conferenceId);
  const o = c?.outcomes?.find((x) => x.childId === childId);
  return o?.outcome === 'plan-started' ? o.category : undefined;
}

/** Review conferences that considered the child's plan while it ran (the one that ended it included). */
function reviewsOf(
  state: CaseState,
  childId: string,
  start: LocalDate,
  end: LocalDate | undefined,
): LocalDate[] {
  return state.conferences
    .filter(
      (c) =>
        c.status === 'held' &&
        c.type === 'review' &&
        c.heldOn &&
        byDate(c.heldOn, start) > 0 &&
        (!end || byDate(c.heldOn, end) <= 0) &&
        c.outcomes?.some(
          (o) => o.childId === childId && (o.outcome === 'plan-continues' || o.outcome === 'plan-ended'),
        ),
    )
    .map((c) => c.heldOn!)
    .sort(byDate);
}

function plansFor(state: CaseState, ch: ChildState, from: LocalDate, to: LocalDate): CensusPlan[] {
  const all = [
    ...ch.pastPlans,
    ...(ch.plan ? [{ ...ch.plan, endedOn: undefined as LocalDate | undefined }] : []),
  ].sort((a, b) => byDate(a.startedOn, b.startedOn));
  return all.flatMap((p, previous) => {
    const open = byDate(p.startedOn, to) <= 0 && (!p.endedOn || byDate(p.endedOn, from) >= 0);
    if (!open) return [];
    const ended = p.endedOn && byDate(p.endedOn, to) <= 0 ? p.endedOn : undefined;
    const latest = p.category;
    return [
      {
        cppStartDate: p.startedOn,
        ...(ended ? { cppEndDate: ended } : {}),
        initialCategoryOfAbuse: ABUSE_CODES[initialCategory(state, ch.id, p.conferenceId) ?? latest],
        latestCategoryOfAbuse: ABUSE_CODES[latest],
        numberOfPreviousCpp: previous,
        reviews: reviewsOf(state, ch.id, p.startedOn, p.endedOn).filter((d) => within(d, from, to)),
      },
    ];
  });
}

/** Every child with an enquiry or a plan in the period, in case and child order. */
export function cinCensus(
  states: CaseState[],
  from: LocalDate,
  to: LocalDate,
  council: ReadonlyMap<string, CouncilChild>,
): CensusReturn {
  const children: CensusChild[] = [];
  for (const state of states) {
    const section47 = enquiriesOf(state).filter(
      (e) => within(e.s47ActualStartDate, from, to) || within(e.dateOfInitialCpc, from, to),
    );
    for (const ch of state.children) {
      // An enquiry concerns every child of the family, the unborn included (the census counts them too).
      const s47 = section47;
      const plans = plansFor(state, ch, from, to);
      if (s47.length === 0 && plans.length === 0) continue;
      const unheld = plans.find(
        (p) => within(p.cppStartDate, from, to) && !s47.some((e) => e.dateOfInitialCpc === p.cppStartDate),
      );
      children.push({
        childId: ch.id,
        caseRef: state.caseRef,
        ...(ch.dateOfBirth ? { personBirthDate: ch.dateOfBirth } : {}),
        ...(!ch.dateOfBirth && ch.expectedBirth ? { expectedPersonBirthDate: ch.expectedBirth } : {}),
        council: council.get(ch.id) ?? {},
        section47: s47,
        plans,
        ...(unheld ? { dateOfInitialCpc: unheld.cppStartDate } : {}),
      });
    }
  }
  return { from, to, children };
}

/** A Child of the return: one per LA child id, with a CINdetails episode for each case it is known on. */
export interface ReturnChild {
  laChildId: string;
  episodes: CensusChild[];
}

/** The return's children as the DfE reads them: grouped by LA child id (the council's, else cpcase's). */
export function returnChildren(r: CensusReturn): ReturnChild[] {
  const byId = new Map<string, CensusChild[]>();
  for (const c of r.children) {
    const id = c.council.laChildId ?? c.childId;
    byId.set(id, [...(byId.get(id) ?? []), c]);
  }
  return [...byId].map(([laChildId, episodes]) => ({ laChildId, episodes }));
}
