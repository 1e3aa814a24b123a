// A realistic year of child protection cases, as the commands an administrator would type (`cpcase open` for
// each case, one CSV of events for `cpcase import`), with the annual report's figures counted independently as
// the cases are made: by construction ("this conference was 2 days late"), not by the report's code.
// `npm run generate-year -- --cases 200 --out ./data/generated` writes open.sh, events.csv and expected.json.
import fs from 'fs';
import path from 'path';
import { addDays, isIsoDate, type LocalDate } from '../domain/dates';
import { londonDate } from '../domain/londonTime';
import { BANDS, type AnnualReport, type Band, type BandCounts } from '../domain/report/annual';
import {
  PARENT_PARTICIPATION,
  PLAN_CATEGORIES,
  type ChildParticipation,
  type ConferenceRequester,
  type ParentParticipation,
  type PlanCategory,
} from '../domain/case/types';
import { DEFAULT_RISK_INDICATORS } from '../domain/policy';
import { INDICATOR_IDS, type IndicatorId } from '../domain/report/annual';
import { AGE_BANDS, type AgeBand } from '../domain/report/families';
import { emptyCseFigures } from '../domain/report/cse';
import { addMonthsRollBack, addWorkingDays, isWorkingDay, type HolidayCalendar } from '../domain/workingDays';

export interface GeneratedYear {
  from: LocalDate;
  to: LocalDate;
  /** Arguments of `cpcase open`, one list per case. */
  opens: string[][];
  /** CSV rows (with a header) for `cpcase import`. */
  csv: string;
  expected: Expected;
  /** What the census return must say, as made: each child's plans and case, each case's enquiries. */
  census: {
    plans: Record<string, GeneratedPlan[]>;
    caseOf: Record<string, string>;
    enquiries: Record<string, { start: LocalDate; icpc?: LocalDate }[]>;
    /** Each child's birth as the case knows it at the year's end: born on a day, or expected. */
    births: Record<string, { dob?: LocalDate; expected?: LocalDate }>;
    /** Each case's first recorded event: where its referral lies, for the council's census file. */
    firstEvent: Record<string, LocalDate>;
  };
}

export interface GeneratedPlan {
  start: LocalDate;
  end?: LocalDate;
  category: PlanCategory;
}

/** The report's figures, keyed for comparison: indicators and agencies by id. */
export type Expected = Omit<
  AnnualReport,
  | 'from'
  | 'to'
  | 'asOf'
  | 'periodEnded'
  | 'table2b'
  | 'table4'
  | 'table4Total'
  | 'monthly'
  | 'byTeam'
  | 'byChair'
> & {
  table2b: Record<string, { count: number; of: number }>;
  table4: Record<string, { invited: number; attended: number; sentReportOnly: number }>;
  /** Children on a plan on the last day of each month (the last month: today). */
  monthly: { month: string; children: number }[];
  /** Conferences held in the period, and how many on time, by the case's team and by its chair. */
  byTeam: Record<string, { conferences: number; onTime: number }>;
  byChair: Record<string, { conferences: number; onTime: number }>;
};

/** Month ends by the UTC calendar (day 0 of the next month), not by the report's code. */
function monthEndsOf(from: LocalDate, to: LocalDate): { month: string; on: LocalDate }[] {
  const out: { month: string; on: LocalDate }[] = [];
  for (let d = new Date(`${from.slice(0, 7)}-01T00:00:00Z`); d.toISOString().slice(0, 10) <= to;) {
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
    out.push({ month: d.toISOString().slice(0, 7), on: (last < to ? last : to) as LocalDate });
    d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
  }
  return out;
}
/** Teams and chairs by the case's number, so the generator's random draws stay as they were. */
const TEAMS = ['T-NORTH', 'T-NORTH', 'T-SOUTH'] as const;
const CHAIRS = ['CH-401', 'CH-402'] as const;

/** Mulberry32: a small seeded generator, so a year can be made again exactly. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}

const band = (days: number): Band =>
  days <= 5 ? '5 or less' : days <= 10 ? '6-10' : days <= 20 ? '11-20' : days <= 30 ? '21-30' : '31 or more';
const bands = (): BandCounts => Object.fromEntries(BANDS.map((b) => [b, 0])) as BandCounts;
const AGENCIES = ['gp', 'school', 'health-visiting', 'police-caiu'] as const;
const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const COLUMNS = [
  'case',
  'event',
  'date',
  'type',
  'on',
  'from',
  'child',
  'participation',
  'agency',
  'reason',
  'event-id',
  'target',
  'why',
  'parents',
  'indicator',
  'requested-by',
  'outcome',
] as const;
/** The date two years on, as text: a plan has lasted two years once the date reaches it. */
const twoYearsOn = (d: LocalDate) => `${Number(d.slice(0, 4)) + 2}${d.slice(4)}`;

/**
 * The kinds of case a council's year holds, in a fixed rotation so every kind is in any sample of ten or more:
 * most begin with a strategy discussion in the year; some are babies not yet born, some move in on a plan from
 * another authority, some have been on a plan for over two years, and some come back for a second plan.
 */
type Kind = 'initial' | 'pre-birth' | 'transfer-in' | 'long' | 'second';
const ROTATION: Kind[] = [
  'long',
  'pre-birth',
  'transfer-in',
  'second',
  'initial',
  'initial',
  'initial',
  'initial',
  'initial',
  'initial',
];

interface Child {
  id: string;
  older: boolean;
  participation: ChildParticipation;
  /** Date of birth, or for an unborn baby the expected date (the case is opened with it). */
  dob?: LocalDate;
  expectedBirth?: LocalDate;
  plans: GeneratedPlan[];
  /** For a baby not yet born when the case opened: the day the birth was recorded, if it was. */
  bornOn?: LocalDate;
}

/** Whole years from a date of birth, by the calendar date (not by the report's code). */
const ageAt = (dob: LocalDate, on: LocalDate) =>
  Number(on.slice(0, 4)) - Number(dob.slice(0, 4)) - (on.slice(5) < dob.slice(5) ? 1 : 0);
function bandAt(c: Child, on: LocalDate): AgeBand {
  const dob = c.expectedBirth ? c.bornOn : c.dob;
  if (!dob || dob > on) return 'unborn';
  const age = ageAt(dob, on);
  return age < 1 ? 'under 1' : age < 5 ? '1-4' : age < 10 ? '5-9' : age < 16 ? '10-15' : '16 and over';
}
const onPlan = (c: Child) => c.plans.length > 0 && c.plans[c.plans.length - 1]!.end === undefined;

/** A fresh set of the report's figures, every count at zero. */
function emptyExpected(): Expected {
  return {
    conferences: { initial: 0, review: 0, transferIn: 0, preBirth: 0, total: 0 },
    childrenDiscussed: 0,
    table2a: { minutesSentToChair: bands(), minutesApproved: bands(), minutesDistributed: bands() },
    table2b: Object.fromEntries(INDICATOR_IDS.map((id) => [id, { count: 0, of: 0 }])),
    table3: { attended: 0, consulted: 0, notConsulted: 0, notRecorded: 0, under10: 0 },
    table4: Object.fromEntries(AGENCIES.map((a) => [a, { invited: 0, attended: 0, sentReportOnly: 0 }])),
    outcomes: {
      plansStarted: Object.fromEntries(PLAN_CATEGORIES.map((c) => [c, 0])) as Record<PlanCategory, number>,
      noPlan: 0,
      plansEnded: 0,
      plansEndedBetween: 0,
    },
    plans: { atStart: 0, atEnd: 0, overTwoYears: 0, secondPlans: 0 },
    monthly: [],
    byTeam: {},
    byChair: {},
    parents: Object.fromEntries(
      [...PARENT_PARTICIPATION, 'not-recorded'].map((k) => [k, 0]),
    ) as Expected['parents'],
    icpcRequestedBy: { duty: 0, 'long-term': 0, other: 0, 'not-recorded': 0 },
    // The starting zeros only: the generator does its own counting, apart from the report's.
    cse: emptyCseFigures(),
    appendix2: {
      families: [],
      byIndicator: DEFAULT_RISK_INDICATORS.map(({ id, label }) => ({
        id,
        label,
        families: 0,
        children: Object.fromEntries(AGE_BANDS.map((b) => [b, 0])) as Record<AgeBand, number>,
      })),
    },
  };
}

type Row = Partial<Record<(typeof COLUMNS)[number], string>>;

/** The year being made: its dates, its random draws, the rows written so far and the figures counted so far. */
interface Year {
  cal: HolidayCalendar;
  r: ReturnType<typeof prng>;
  /** Family details come from a generator of their own, so the year's other draws stay as they were. */
  dr: ReturnType<typeof prng>;
  today: LocalDate;
  from: LocalDate;
  e: Expected;
  census: GeneratedYear['census'];
  rows: { cells: string[]; sortKey: string }[];
  opens: string[][];
  monthEnds: { month: string; on: LocalDate }[];
  onPlanAt: number[];
  /** Initial-conference cases so far: every few carries a mistake (see `enquiry`). */
  initialCases: number;
}

const wdOf = (y: Year) => (d: LocalDate, n: number) => addWorkingDays(y.cal, d, n).date;
const pastOf = (y: Year) => (d: LocalDate) => d <= y.today;
const inPeriodOf = (y: Year) => (d: LocalDate) => d >= y.from && d <= y.today;
/** `after`: where the row sits in a date-ordered file when it is recorded later than its date says. */
const rowOf = (y: Year) => (fields: Row, after?: LocalDate) => {
  const [ref, on] = [fields.case, fields.date];
  const first = ref ? y.census.firstEvent[ref] : undefined;
  if (ref && on && isIsoDate(on) && (!first || on < first)) y.census.firstEvent[ref] = on;
  y.rows.push({ cells: COLUMNS.map((c) => fields[c] ?? ''), sortKey: after ?? fields.date ?? '' });
};

function split(to: Record<string, { conferences: number; onTime: number }>, id: string, onTime: boolean) {
  const t = (to[id] ??= { conferences: 0, onTime: 0 });
  t.conferences += 1;
  if (onTime) t.onTime += 1;
}

/** One family's case as it is made: who is on it, and what the year counted of it. */
interface Kase {
  i: number;
  ref: string;
  kind: Kind;
  team: string;
  chair: string;
  children: Child[];
  discussed: Set<Child>;
  lastDiscussed: Map<Child, LocalDate>;
  familyIndicators: string[];
  periodIndicators: Set<string>;
  heldInPeriod: number;
}

function newCase(y: Year, i: number): Kase {
  const { r, dr, today } = y;
  const kind = ROTATION[(i - 1) % ROTATION.length]!;
  const children: Child[] = Array.from({ length: r.int(1, 3) }, (_, k) => {
    const older = kind !== 'pre-birth' && r.chance(0.3);
    // Whole years clear of any birthday inside the period, so every age at a conference in it is certain; a
    // long case's younger children were born before its first conference.
    const years = older ? r.int(12, 15) : kind === 'long' ? r.int(4, 8) : r.int(2, 8);
    return {
      id: `CH-G${i}-${k + 1}`,
      dob: addDays(today, -365 * years - r.int(0, 300)),
      older,
      participation: r.pick<ChildParticipation>(['attended', 'consulted', 'not-consulted']),
      plans: [],
    };
  });
  return {
    i,
    ref: `CP-GEN-${String(i).padStart(4, '0')}`,
    kind,
    team: TEAMS[i % TEAMS.length]!,
    chair: CHAIRS[i % CHAIRS.length]!,
    children,
    discussed: new Set<Child>(),
    lastDiscussed: new Map<Child, LocalDate>(),
    familyIndicators: DEFAULT_RISK_INDICATORS.map((x) => x.id).filter(() => dr.chance(0.3)),
    periodIndicators: new Set<string>(),
    heldInPeriod: 0,
  };
}

/** A document not recorded by today whose due date is today or later is not yet due: left out, as the report does. */
function tally(y: Year, id: IndicatorId, ok: boolean, counted: boolean, pending?: LocalDate) {
  if (!counted || (pending && pending >= y.today)) return;
  y.e.table2b[id]!.of += 1;
  if (ok) y.e.table2b[id]!.count += 1;
}

type ConferenceType = 'initial' | 'pre-birth' | 'transfer-in' | 'review';
type Outcome = { child: Child; outcome: 'plan' | 'no-plan' | 'continues' | 'ended' | 'not-discussed' };

/** A conference held: counted if in the period, with its reports, outcomes, and the documents after it. */
function conference(
  y: Year,
  k: Kase,
  type: ConferenceType,
  held: LocalDate,
  onTime: boolean,
  outcomes: Outcome[],
  booked = true,
) {
  const counted = inPeriodOf(y)(held);
  countConference(y, k, type, onTime, counted);
  const initial = type === 'initial' || type === 'pre-birth';
  const swBefore = y.r.int(0, 5);
  const swReport = {
    case: k.ref,
    event: 'report-received',
    date: wdOf(y)(held, -swBefore),
    from: 'social-worker',
  };
  // For a conference never booked the report can only be entered once the conference is: just after it.
  if (booked) rowOf(y)(swReport);
  if (initial) tally(y, 'sw-report-initial', swBefore >= 1, counted);
  if (type === 'review') tally(y, 'sw-report-review', swBefore >= 3, counted);
  const agencies = agencyCells(y, counted);
  const cells = outcomes.map((o) => outcomeCell(y, k, o, held, counted));
  heldRow(y, k, { type, held, booked, initial, counted, cells, agencies });
  if (!booked) rowOf(y)(swReport, held);
  documentsAfter(y, k, held, counted);
}

function countConference(y: Year, k: Kase, type: ConferenceType, onTime: boolean, counted: boolean) {
  const { e } = y;
  if (counted) {
    e.conferences.total += 1;
    if (type === 'initial') e.conferences.initial += 1;
    if (type === 'review') e.conferences.review += 1;
    if (type === 'transfer-in') e.conferences.transferIn += 1;
    if (type === 'pre-birth') e.conferences.preBirth += 1;
    split(e.byTeam, k.team, onTime);
    split(e.byChair, k.chair, onTime);
  }
  if (type === 'initial' || type === 'pre-birth') tally(y, 'icpc-on-time', onTime, counted);
  if (type === 'review') tally(y, 'review-on-time', onTime, counted);
  if (type === 'transfer-in') tally(y, 'transfer-in-on-time', onTime, counted);
}

/** The agencies invited, each attending, sending a report, or neither. */
function agencyCells(y: Year, counted: boolean): string[] {
  const { r, e } = y;
  return AGENCIES.filter(() => r.chance(0.6)).map((a) => {
    const attended = r.chance(0.5);
    const report = !attended && r.chance(0.5);
    if (counted) {
      e.table4[a]!.invited += 1;
      if (attended) e.table4[a]!.attended += 1;
      if (report) e.table4[a]!.sentReportOnly += 1;
    }
    return `${a}=${['invited', ...(attended ? ['attended'] : []), ...(report ? ['report'] : [])].join(',')}`;
  });
}

/** One child's outcome, as the import's cell says it; plans started and ended are kept on the child. */
function outcomeCell(
  y: Year,
  k: Kase,
  { child, outcome }: Outcome,
  held: LocalDate,
  counted: boolean,
): string {
  const { r, e } = y;
  if (outcome === 'not-discussed') return `${child.id}=not-discussed:not on a plan`;
  if (counted) {
    k.discussed.add(child);
    k.lastDiscussed.set(child, held);
  }
  if (outcome === 'plan') {
    const category = r.pick(PLAN_CATEGORIES);
    child.plans.push({ start: held, category });
    if (counted) e.outcomes.plansStarted[category] += 1;
    return `${child.id}=plan:${category}`;
  }
  if (outcome === 'ended') {
    child.plans[child.plans.length - 1]!.end = held;
    if (counted) e.outcomes.plansEnded += 1;
    return `${child.id}=ended:risk reduced`;
  }
  if (outcome === 'no-plan' && counted) e.outcomes.noPlan += 1;
  return `${child.id}=${outcome}`;
}

/** The conference-held row: parents' part and the family's indicators (sometimes not recorded), who asked for it. */
function heldRow(
  y: Year,
  k: Kase,
  c: {
    type: ConferenceType;
    held: LocalDate;
    booked: boolean;
    initial: boolean;
    counted: boolean;
    cells: string[];
    agencies: string[];
  },
) {
  const { dr, e } = y;
  const parents = dr.chance(0.1) ? undefined : dr.pick<ParentParticipation>(PARENT_PARTICIPATION);
  const requester =
    c.initial && !dr.chance(0.1) ? dr.pick<ConferenceRequester>(['duty', 'long-term']) : undefined;
  const indicators = dr.chance(0.8) ? k.familyIndicators : [];
  if (c.counted) {
    k.heldInPeriod += 1;
    e.parents[parents ?? 'not-recorded'] += 1;
    if (c.initial) e.icpcRequestedBy[requester ?? 'not-recorded'] += 1;
    for (const x of indicators) k.periodIndicators.add(x);
  }
  rowOf(y)({
    case: k.ref,
    event: 'conference-held',
    date: c.held,
    ...(c.booked ? {} : { type: c.type }),
    ...(parents ? { parents } : {}),
    ...(requester ? { 'requested-by': requester } : {}),
    indicator: indicators.join(';'),
    child: c.cells.join(';'),
    participation: k.children
      .filter((ch) => ch.older)
      .map((ch) => `${ch.id}=${ch.participation}`)
      .join(';'),
    agency: c.agencies.join(';'),
  });
}

/** The outline plan, the minutes to the chair, their approval and the full record, each when its day has come. */
function documentsAfter(y: Year, k: Kase, held: LocalDate, counted: boolean) {
  const { r, e } = y;
  const wd = wdOf(y);
  const past = pastOf(y);
  const row = rowOf(y);
  const outline = r.int(1, 2);
  if (past(wd(held, outline)))
    row({ case: k.ref, event: 'outline-plan-distributed', date: wd(held, outline) });
  const outlined = past(wd(held, outline));
  tally(y, 'outline-plan', outline === 1 && outlined, counted, outlined ? undefined : wd(held, 1));
  const toChair = r.int(2, 25);
  const approve = r.int(1, 8);
  const record = toChair + approve + r.int(0, 10);
  const sent = past(wd(held, toChair));
  if (sent) {
    row({ case: k.ref, event: 'minutes-sent-to-chair', date: wd(held, toChair) });
    if (counted) e.table2a.minutesSentToChair[band(toChair)] += 1;
  }
  tally(y, 'minutes-to-chair', toChair <= 5 && sent, counted, sent ? undefined : wd(held, 5));
  const approved = sent && past(wd(held, toChair + approve));
  if (approved) {
    row({ case: k.ref, event: 'minutes-approved', date: wd(held, toChair + approve) });
    if (counted) e.table2a.minutesApproved[band(approve)] += 1;
  }
  tally(
    y,
    'minutes-approved',
    approve <= 5 && approved,
    counted && sent,
    approved ? undefined : wd(wd(held, toChair), 5),
  );
  const distributed = approved && past(wd(held, record));
  if (distributed) {
    row({ case: k.ref, event: 'full-record-distributed', date: wd(held, record) });
    if (counted) e.table2a.minutesDistributed[band(record)] += 1;
  }
  tally(y, 'full-record', record <= 15 && distributed, counted, distributed ? undefined : wd(held, 15));
}

/** Reviews while any child is on a plan: the first at 3 months, then every 6, each on time or a day or two late. */
function reviews(
  y: Year,
  k: Kase,
  after: LocalDate,
  opts: { endChance: (held: LocalDate) => number; endBetween?: boolean },
) {
  const { r, cal } = y;
  const wd = wdOf(y);
  const { children, ref } = k;
  let due = addMonthsRollBack(cal, after, 3);
  let previous = after;
  let endBetween = opts.endBetween ?? false;
  for (;;) {
    if (!children.some(onPlan)) return;
    const late = r.chance(0.85) ? 0 : r.int(1, 2);
    const held = wd(due, late);
    // Once in the year, a plan ends between conferences (the family moved away).
    if (endBetween && endsBetween(y, k, wd(previous, 20), held)) {
      endBetween = false;
      if (!children.some(onPlan)) return;
    }
    if (!pastOf(y)(held)) return;
    rowOf(y)({ case: ref, event: 'conference-scheduled', date: wd(held, -10), type: 'review', on: held });
    const ending = opts.endChance(held);
    conference(
      y,
      k,
      'review',
      held,
      late === 0,
      // Every child of the family has an outcome; one not on a plan is not discussed at a review.
      children.map((child) => ({
        child,
        outcome: !onPlan(child) ? 'not-discussed' : r.chance(ending) ? 'ended' : 'continues',
      })),
    );
    previous = held;
    due = addMonthsRollBack(cal, held, 6);
  }
}

/** A plan ended between conferences on `between`, if that falls in the period well before the next review. */
function endsBetween(y: Year, k: Kase, between: LocalDate, nextHeld: LocalDate): boolean {
  if (!(inPeriodOf(y)(between) && between < wdOf(y)(nextHeld, -12))) return false;
  const child = k.children.find(onPlan)!;
  child.plans[child.plans.length - 1]!.end = between;
  y.e.outcomes.plansEndedBetween += 1;
  rowOf(y)({ case: k.ref, event: 'plan-ended', date: between, child: child.id, reason: 'moved out of area' });
  return true;
}

/**
 * A strategy discussion and the initial (or pre-birth) conference it leads to, on time or 1-3 days late. Now and
 * then (`mistakes`) the discussion is first typed with a wrong date and amended, a conference is held without
 * having been booked, or an event is recorded on the wrong case and withdrawn.
 */
function enquiry(
  y: Year,
  k: Kase,
  sd: LocalDate,
  type: 'initial' | 'pre-birth',
  plan: (c: Child) => boolean,
  /** The n-th enquiry that may carry a mistake (0: none): every 4th typed wrong, 5th withdrawn, 3rd unbooked. */
  mistakes = 0,
): LocalDate | undefined {
  const { r, cal, census } = y;
  const wd = wdOf(y);
  const past = pastOf(y);
  const row = rowOf(y);
  const { ref } = k;
  while (!isWorkingDay(cal, sd)) sd = addDays(sd, 1);
  const late = r.chance(0.8) ? 0 : r.int(1, 3);
  const icpc = wd(sd, 15 + late);
  if (mistakes % 4 === 1) {
    const typed = wd(sd, -r.int(2, 6));
    const id = `${ref}-sd-typo`;
    row({ case: ref, event: 'strategy-discussion', date: typed, 'event-id': id });
    row({ case: ref, event: 'amend', date: sd, target: id, why: 'typed the wrong date' }, typed);
  } else row({ case: ref, event: 'strategy-discussion', date: sd });
  if (mistakes % 5 === 2) {
    const on = wd(sd, 1);
    const id = `${ref}-wrong-case`;
    row({ case: ref, event: 'transfer-in-notified', date: on, 'event-id': id });
    row({ case: ref, event: 'withdraw', date: on, target: id, reason: 'recorded on the wrong case' });
  }
  (census.enquiries[ref] ??= []).push({ start: sd, ...(past(icpc) ? { icpc } : {}) });
  const booked = !(mistakes % 3 === 0 && mistakes > 0 && past(icpc));
  if (booked) row({ case: ref, event: 'conference-scheduled', date: sd, type, on: icpc });
  // Strategy discussion recorded, conference still to come: in the data, not in the conference tables.
  if (!past(icpc)) return undefined;
  const outcomes = k.children.map((child): Outcome => ({ child, outcome: plan(child) ? 'plan' : 'no-plan' }));
  conference(y, k, type, icpc, late === 0, outcomes, booked);
  return icpc;
}

const ordinaryEnding = () => 0.3;

/** The case's story by its kind. */
function tellCase(y: Year, k: Kase) {
  const { r, today } = y;
  const wd = wdOf(y);
  const usually = () => r.chance(0.75);
  if (k.kind === 'initial') {
    const icpc = enquiry(y, k, wd(today, -r.int(30, 240)), 'initial', usually, (y.initialCases += 1));
    if (icpc) reviews(y, k, icpc, { endChance: ordinaryEnding });
  } else if (k.kind === 'pre-birth') preBirthCase(y, k, usually);
  else if (k.kind === 'transfer-in') transferInCase(y, k);
  else if (k.kind === 'long') {
    // On a plan since two to three years ago: plans only end at reviews inside the year.
    const icpc = enquiry(y, k, wd(today, -r.int(560, 680)), 'initial', () => true)!;
    reviews(y, k, icpc, {
      endChance: (held) => (inPeriodOf(y)(held) ? 0.25 : 0),
      endBetween: Math.floor((k.i - 1) / ROTATION.length) % 2 === 0,
    });
  } else secondPlanCase(y, k, usually);
}

/** The baby is due 12 to 20 weeks after the conference; born (and recorded) around then if that has passed. */
function preBirthCase(y: Year, k: Kase, usually: () => boolean) {
  const { r, today } = y;
  const baby = k.children[0]!;
  const sd = wdOf(y)(today, -r.int(30, 240));
  baby.expectedBirth = addDays(sd, 7 * r.int(15, 23));
  baby.dob = undefined;
  const icpc = enquiry(y, k, sd, 'pre-birth', (c) => c === baby || usually());
  const born = addDays(baby.expectedBirth, r.int(-10, 5));
  if (icpc && pastOf(y)(born) && born > icpc) {
    rowOf(y)({ case: k.ref, event: 'birth-recorded', date: born, child: baby.id });
    baby.bornOn = born;
  }
  if (icpc) reviews(y, k, icpc, { endChance: ordinaryEnding });
}

function transferInCase(y: Year, k: Kase) {
  const { r, today } = y;
  const wd = wdOf(y);
  const notified = wd(today, -r.int(30, 240));
  const offset = r.chance(0.8) ? r.int(8, 15) : r.int(16, 18);
  const held = wd(notified, offset);
  rowOf(y)({ case: k.ref, event: 'transfer-in-notified', date: notified });
  rowOf(y)({ case: k.ref, event: 'conference-scheduled', date: notified, type: 'transfer-in', on: held });
  if (!pastOf(y)(held)) return;
  const outcomes = k.children.map((child): Outcome => ({
    child,
    outcome: r.chance(0.85) ? 'plan' : 'no-plan',
  }));
  conference(y, k, 'transfer-in', held, offset <= 15, outcomes);
  reviews(y, k, held, { endChance: ordinaryEnding });
}

/** Every plan ends at the first review; a new enquiry months later puts the first child on a plan again. */
function secondPlanCase(y: Year, k: Kase, usually: () => boolean) {
  const { r, today, cal } = y;
  const wd = wdOf(y);
  const icpc = enquiry(y, k, wd(today, -r.int(270, 300)), 'initial', () => true)!;
  const due = addMonthsRollBack(cal, icpc, 3);
  const review = wd(due, r.chance(0.85) ? 0 : 1);
  rowOf(y)({ case: k.ref, event: 'conference-scheduled', date: wd(review, -10), type: 'review', on: review });
  const outcomes = k.children.map((child): Outcome => ({
    child,
    outcome: onPlan(child) ? 'ended' : 'not-discussed',
  }));
  conference(y, k, 'review', review, review === due, outcomes);
  const again = enquiry(y, k, wd(review, r.int(50, 90)), 'initial', (c) => c === k.children[0] || usually());
  if (again) reviews(y, k, again, { endChance: ordinaryEnding });
}

/** `cpcase open` for the case. */
function openArgs(y: Year, k: Kase): string[] {
  return [
    'open',
    k.ref,
    ...k.children.flatMap((c) => [
      '--child',
      c.expectedBirth ? `${c.id}:unborn:${c.expectedBirth}` : `${c.id}:${c.dob!}`,
    ]),
    '--social-worker',
    y.r.pick(['SW-101', 'SW-102']),
    ...['--team-manager', 'TM-201', '--service-manager', 'SM-301', '--chair', k.chair, '--team', k.team],
    ...['--minute-taker', 'MT-501'],
  ];
}

/** What the case adds to Table 3, Appendix 2 and the census, once its story is told. */
function countChildren(y: Year, k: Kase) {
  const { e } = y;
  for (const c of k.discussed) {
    if (!c.older) e.table3.under10 += 1;
    else if (c.participation === 'attended') e.table3.attended += 1;
    else if (c.participation === 'consulted') e.table3.consulted += 1;
    else e.table3.notConsulted += 1;
  }
  e.childrenDiscussed += k.discussed.size;
  if (k.heldInPeriod > 0) {
    e.appendix2.families.push({
      family: e.appendix2.families.length + 1,
      caseRef: k.ref,
      indicators: [...k.periodIndicators].sort(),
    });
  }
  for (const x of e.appendix2.byIndicator) {
    if (!k.periodIndicators.has(x.id)) continue;
    x.families += 1;
    for (const c of k.discussed) x.children[bandAt(c, k.lastDiscussed.get(c)!)] += 1;
  }
  for (const c of k.children) countPlans(y, k, c);
}

/** A child's plans: on a plan at each month's end, at the start and end, over two years, second plans. */
function countPlans(y: Year, k: Kase, c: Child) {
  const { e, census, from, today } = y;
  census.plans[c.id] = c.plans;
  census.caseOf[c.id] = k.ref;
  census.births[c.id] = c.expectedBirth
    ? c.bornOn
      ? { dob: c.bornOn }
      : { expected: c.expectedBirth }
    : { dob: c.dob! };
  const activeOn = (d: LocalDate) => c.plans.some((p) => p.start <= d && (!p.end || p.end > d));
  y.monthEnds.forEach(({ on }, m) => (y.onPlanAt[m] = (y.onPlanAt[m] ?? 0) + (activeOn(on) ? 1 : 0)));
  if (activeOn(from)) e.plans.atStart += 1;
  if (activeOn(today)) e.plans.atEnd += 1;
  for (const [n, p] of c.plans.entries()) {
    const end = p.end ?? today;
    if (end >= from && end >= twoYearsOn(p.start)) e.plans.overTwoYears += 1;
    if (n > 0 && inPeriodOf(y)(p.start)) e.plans.secondPlans += 1;
  }
}

/**
 * CSE cycles, on cases of their own after the rest (one in ten, at least two): a young person aged 13 to 16, a
 * meeting on time or a few days late, a plan reviewed every six weeks until the risk is reduced; every third moves
 * to child protection procedures, which starts a section 47 enquiry on its case.
 */
function cseCases(y: Year, cases: number) {
  const count = Math.max(2, Math.round(cases / 10));
  const ages: number[] = [];
  for (let k = 1; k <= count; k++) ages.push(cseCase(y, cases + k, k % 3 === 0));
  y.e.cse.averageAge = Math.round((ages.reduce((a, b) => a + b, 0) / ages.length) * 10) / 10;
}

/** One CSE cycle; its child's age at the request. */
function cseCase(y: Year, i: number, moves: boolean): number {
  const { dr, today, e, census } = y;
  const wd = wdOf(y);
  const row = rowOf(y);
  const ref = `CP-GEN-${String(i).padStart(4, '0')}`;
  const childId = `CH-G${i}-1`;
  const dob = addDays(today, -365 * dr.int(13, 16) - dr.int(0, 300));
  const request = wd(today, -dr.int(40, 200));
  const c = e.cse;
  c.requests += 1;
  c.children += 1;
  census.caseOf[childId] = ref;
  census.plans[childId] = [];
  census.births[childId] = { dob };
  census.enquiries[ref] = [];
  row({ case: ref, event: 'cse-meeting-requested', date: request, child: childId });
  const late = dr.chance(0.75) ? 0 : dr.int(1, 3);
  const meeting = wd(request, 10 + late);
  const plan = moves || dr.chance(0.75);
  row({
    case: ref,
    event: 'cse-meeting-held',
    date: meeting,
    child: childId,
    outcome: plan ? 'plan' : 'no-plan',
  });
  c.meetingsHeld += 1;
  if (late === 0) c.meetingsOnTime += 1;
  if (!plan) c.endedNoPlan += 1;
  else c.plansStarted += 1;
  const ended = !plan || cseReviews(y, ref, childId, meeting, moves);
  if (plan && !ended) c.onPlanAtEnd += 1;
  y.opens.push([
    'open',
    ref,
    '--child',
    `${childId}:${dob}`,
    ...['--social-worker', 'SW-101', '--team-manager', 'TM-201', '--service-manager', 'SM-301'],
    ...[
      '--chair',
      CHAIRS[i % CHAIRS.length]!,
      '--team',
      TEAMS[i % TEAMS.length]!,
      '--minute-taker',
      'MT-501',
    ],
  ]);
  return ageAt(dob, request);
}

/** A CSE plan's reviews from the meeting on, until the risk is reduced or CP procedures take over; ended or not. */
function cseReviews(y: Year, ref: string, childId: string, meeting: LocalDate, moves: boolean): boolean {
  const { dr, today, cal } = y;
  const c = y.e.cse;
  const wd = wdOf(y);
  const row = rowOf(y);
  for (let previous = meeting; ;) {
    let due = addDays(previous, 42);
    while (!isWorkingDay(cal, due)) due = addDays(due, -1);
    if (moves && wd(previous, 10) <= today) {
      row({ case: ref, event: 'cse-moved-to-cp', date: wd(previous, 10), child: childId });
      y.census.enquiries[ref]!.push({ start: wd(previous, 10) });
      c.movedToCp += 1;
      return true;
    }
    const reviewLate = dr.chance(0.85) ? 0 : dr.int(1, 2);
    const review = wd(due, reviewLate);
    if (review > today) return false;
    const reduced = dr.chance(0.3);
    row({
      case: ref,
      event: 'cse-review-held',
      date: review,
      child: childId,
      outcome: reduced ? 'risk-reduced' : 'continues',
    });
    c.reviewsHeld += 1;
    if (reviewLate === 0) c.reviewsOnTime += 1;
    if (reduced) {
      c.endedRiskReduced += 1;
      return true;
    }
    previous = review;
  }
}

/**
 * Events in date order across cases, as a spreadsheet kept over the year would hold them; each case's own rows
 * keep the order they were made in (the order the rules need).
 */
function orderedCsv(rows: Year['rows']): string {
  const ordered = rows
    .map((r, n) => ({ ...r, n }))
    .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : a.n - b.n))
    .map((x) => x.cells.map(csvCell).join(','));
  return [COLUMNS.join(','), ...ordered].join('\n') + '\n';
}

export function generateYear(
  cal: HolidayCalendar,
  opts: { cases: number; seed?: number; today?: LocalDate },
): GeneratedYear {
  const today = opts.today ?? londonDate(Date.now());
  const from = addDays(today, -364);
  const monthEnds = monthEndsOf(from, today);
  const y: Year = {
    cal,
    r: prng(opts.seed ?? 20131),
    dr: prng((opts.seed ?? 20131) + 1),
    today,
    from,
    e: emptyExpected(),
    census: { plans: {}, caseOf: {}, enquiries: {}, births: {}, firstEvent: {} },
    rows: [],
    opens: [],
    monthEnds,
    onPlanAt: monthEnds.map(() => 0),
    initialCases: 0,
  };
  for (let i = 1; i <= opts.cases; i++) {
    const k = newCase(y, i);
    tellCase(y, k);
    y.opens.push(openArgs(y, k));
    countChildren(y, k);
  }
  y.e.monthly = monthEnds.map(({ month }, m) => ({ month, children: y.onPlanAt[m] ?? 0 }));
  cseCases(y, opts.cases);
  return { from, to: today, opens: y.opens, csv: orderedCsv(y.rows), expected: y.e, census: y.census };
}

if (require.main === module) {
  void (async () => {
    const { loadCalendar } = await import('../calendar/load');
    const args = process.argv.slice(2);
    const arg = (name: string, dflt: string) => {
      const i = args.indexOf(name);
      return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
    };
    const cases = Number(arg('--cases', '200'));
    const out = path.resolve(arg('--out', './data/generated'));
    const year = Number(londonDate(Date.now()).slice(0, 4));
    const cal = loadCalendar({
      region: 'england-and-wales',
      fromYear: year - 2,
      toYear: year + 2,
      dataDir: './data',
    });
    const today = arg('--today', '');
    if (today && !isIsoDate(today)) throw new Error(`--today: '${today}' is not a date written YYYY-MM-DD`);
    const g = generateYear(cal, {
      cases,
      seed: Number(arg('--seed', '20131')),
      ...(today && isIsoDate(today) ? { today } : {}),
    });
    // The census year the generated year ends in (1 April to 31 March).
    const censusEnd = Number(g.to.slice(0, 4)) + (g.to.slice(5) > '03-31' ? 1 : 0);
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'events.csv'), g.csv);
    fs.writeFileSync(
      path.join(out, 'expected.json'),
      JSON.stringify({ from: g.from, to: g.to, ...g.expected }, null, 2),
    );
    // What a council would supply for the census, consistent with the cases (see councilFile.ts).
    const { councilFileOf } = await import('./councilFile');
    fs.writeFileSync(path.join(out, 'children.csv'), councilFileOf(g));
    fs.writeFileSync(
      path.join(out, 'open.sh'),
      '#!/bin/sh\nset -e\n' + g.opens.map((a) => `node bin/cpcase.js ${a.join(' ')}`).join('\n') + '\n',
      { mode: 0o755 },
    );
    process.stdout.write(
      `${out}: ${cases} cases, ${g.csv.split('\n').length - 2} events, period ${g.from} to ${g.to}.\n` +
        `Play it: sh ${path.join(out, 'open.sh')} && node bin/cpcase.js import ${path.join(out, 'events.csv')}\n` +
        `Then: node bin/cpcase.js report annual --from ${g.from} --to ${g.to}\n` +
        `And: node bin/cpcase.js export cin-census --from ${censusEnd - 1}-04-01 --to ${censusEnd}-03-31 --la 201 ` +
        `--children ${path.join(out, 'children.csv')} --out ${path.join(out, 'cin.xml')}\n`,
    );
  })();
}
