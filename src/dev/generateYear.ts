// A realistic year of child protection cases, as the commands an administrator would type (`cpcase open` for
// each case, one CSV of events for `cpcase import`), with the annual report's figures counted independently as
// the cases are made: by construction ("this conference was 2 days late"), not by the report's code.
// `npm run generate-year -- --cases 200 --out ./data/generated` writes open.sh, events.csv and expected.json.
import fs from 'fs';
import path from 'path';
import { addDays, type LocalDate } from '../domain/dates';
import { londonDate } from '../domain/londonTime';
import { BANDS, type Band, type BandCounts } from '../domain/report/annual';
import { PLAN_CATEGORIES, type ChildParticipation, type PlanCategory } from '../domain/case/types';
import { addMonthsRollBack, addWorkingDays, isWorkingDay, type HolidayCalendar } from '../domain/workingDays';

export interface GeneratedYear {
  from: LocalDate;
  to: LocalDate;
  /** Arguments of `cpcase open`, one list per case. */
  opens: string[][];
  /** CSV rows (with a header) for `cpcase import`. */
  csv: string;
  expected: Expected;
}

export interface Expected {
  conferences: { initial: number; review: number; total: number };
  childrenDiscussed: number;
  table2a: { minutesSentToChair: BandCounts; minutesApproved: BandCounts; minutesDistributed: BandCounts };
  table2b: Record<string, { count: number; of: number }>;
  table3: { attended: number; consulted: number; notConsulted: number; under10: number };
  table4: Record<string, { invited: number; attended: number; sentReportOnly: number }>;
  plansStarted: Record<PlanCategory, number>;
  noPlan: number;
  plansEnded: number;
  plansAtEnd: number;
}

/** Mulberry32: a small seeded generator, so a year can be made again exactly. */
function prng(seed: number) {
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
const COLUMNS = ['case', 'event', 'date', 'type', 'on', 'from', 'child', 'participation', 'agency'] as const;

export function generateYear(
  cal: HolidayCalendar,
  opts: { cases: number; seed?: number; today?: LocalDate },
): GeneratedYear {
  const r = prng(opts.seed ?? 20131);
  const today = opts.today ?? londonDate(Date.now());
  const from = addDays(today, -364);
  const wd = (d: LocalDate, n: number) => addWorkingDays(cal, d, n).date;
  const past = (d: LocalDate) => d <= today;
  const e: Expected = {
    conferences: { initial: 0, review: 0, total: 0 },
    childrenDiscussed: 0,
    table2a: { minutesSentToChair: bands(), minutesApproved: bands(), minutesDistributed: bands() },
    table2b: Object.fromEntries(
      [
        'icpc-on-time',
        'review-on-time',
        'sw-report-review',
        'sw-report-initial',
        'outline-plan',
        'minutes-to-chair',
        'minutes-approved',
        'full-record',
      ].map((id) => [id, { count: 0, of: 0 }]),
    ),
    table3: { attended: 0, consulted: 0, notConsulted: 0, under10: 0 },
    table4: Object.fromEntries(AGENCIES.map((a) => [a, { invited: 0, attended: 0, sentReportOnly: 0 }])),
    plansStarted: Object.fromEntries(PLAN_CATEGORIES.map((c) => [c, 0])) as Record<PlanCategory, number>,
    noPlan: 0,
    plansEnded: 0,
    plansAtEnd: 0,
  };
  const tally = (id: string, ok: boolean) => {
    e.table2b[id]!.of += 1;
    if (ok) e.table2b[id]!.count += 1;
  };
  const rows: string[][] = [];
  const row = (fields: Partial<Record<(typeof COLUMNS)[number], string>>) =>
    rows.push(COLUMNS.map((c) => fields[c] ?? ''));
  const opens: string[][] = [];

  for (let i = 1; i <= opts.cases; i++) {
    const ref = `CP-GEN-${String(i).padStart(4, '0')}`;
    const children = Array.from({ length: r.int(1, 3) }, (_, k) => {
      const older = r.chance(0.3);
      // Whole years clear of any birthday inside the period: ages at every conference are certain.
      const dob = addDays(today, -365 * (older ? r.int(12, 15) : r.int(2, 8)) - r.int(0, 300));
      return {
        id: `CH-G${i}-${k + 1}`,
        dob,
        older,
        participation: r.pick<ChildParticipation>(['attended', 'consulted', 'not-consulted']),
      };
    });
    opens.push([
      'open',
      ref,
      ...children.flatMap((c) => ['--child', `${c.id}:${c.dob}`]),
      '--social-worker',
      r.pick(['SW-101', 'SW-102']),
      '--team-manager',
      'TM-201',
      '--chair',
      'CH-401',
      '--minute-taker',
      'MT-501',
    ]);

    let sd = wd(today, -r.int(30, 240));
    while (!isWorkingDay(cal, sd)) sd = addDays(sd, 1);
    const late = r.chance(0.8) ? 0 : r.int(1, 3);
    const icpc = wd(sd, 15 + late);
    row({ case: ref, event: 'strategy-discussion', date: sd });
    row({ case: ref, event: 'conference-scheduled', date: sd, type: 'initial', on: icpc });

    const conference = (kind: 'initial' | 'review', held: LocalDate, onTime: boolean, outcomes: string[]) => {
      e.conferences[kind] += 1;
      e.conferences.total += 1;
      tally(kind === 'initial' ? 'icpc-on-time' : 'review-on-time', onTime);
      const swBefore = r.int(0, 5);
      row({ case: ref, event: 'report-received', date: wd(held, -swBefore), from: 'social-worker' });
      tally(
        kind === 'initial' ? 'sw-report-initial' : 'sw-report-review',
        swBefore >= (kind === 'initial' ? 1 : 3),
      );
      const agencies = AGENCIES.filter(() => r.chance(0.6)).map((a) => {
        const attended = r.chance(0.5);
        const report = !attended && r.chance(0.5);
        e.table4[a]!.invited += 1;
        if (attended) e.table4[a]!.attended += 1;
        if (report) e.table4[a]!.sentReportOnly += 1;
        return `${a}=${['invited', ...(attended ? ['attended'] : []), ...(report ? ['report'] : [])].join(',')}`;
      });
      row({
        case: ref,
        event: 'conference-held',
        date: held,
        child: outcomes.join(';'),
        participation: children
          .filter((c) => c.older)
          .map((c) => `${c.id}=${c.participation}`)
          .join(';'),
        agency: agencies.join(';'),
      });
      const outline = r.int(1, 2);
      if (past(wd(held, outline)))
        row({ case: ref, event: 'outline-plan-distributed', date: wd(held, outline) });
      tally('outline-plan', outline === 1 && past(wd(held, outline)));
      const toChair = r.int(2, 25);
      const approve = r.int(1, 8);
      const record = toChair + approve + r.int(0, 10);
      const sent = past(wd(held, toChair));
      if (sent) {
        row({ case: ref, event: 'minutes-sent-to-chair', date: wd(held, toChair) });
        e.table2a.minutesSentToChair[band(toChair)] += 1;
      }
      tally('minutes-to-chair', toChair <= 5 && sent);
      const approved = sent && past(wd(held, toChair + approve));
      if (approved) {
        row({ case: ref, event: 'minutes-approved', date: wd(held, toChair + approve) });
        e.table2a.minutesApproved[band(approve)] += 1;
      }
      if (sent) tally('minutes-approved', approve <= 5 && approved);
      const distributed = approved && past(wd(held, record));
      if (distributed) {
        row({ case: ref, event: 'full-record-distributed', date: wd(held, record) });
        e.table2a.minutesDistributed[band(record)] += 1;
      }
      tally('full-record', record <= 15 && distributed);
    };

    if (!past(icpc)) {
      // Strategy discussion recorded, conference still to come: in the data, not in the conference tables.
      continue;
    }
    const plans = children.map(() => (r.chance(0.75) ? r.pick(PLAN_CATEGORIES) : undefined));
    conference(
      'initial',
      icpc,
      late === 0,
      children.map((c, k) => (plans[k] ? `${c.id}=plan:${plans[k]}` : `${c.id}=no-plan`)),
    );
    for (const p of plans) {
      if (p) e.plansStarted[p] += 1;
      else e.noPlan += 1;
    }
    for (const c of children) {
      e.childrenDiscussed += 1;
      if (!c.older) e.table3.under10 += 1;
      else if (c.participation === 'attended') e.table3.attended += 1;
      else if (c.participation === 'consulted') e.table3.consulted += 1;
      else e.table3.notConsulted += 1;
    }
    e.plansAtEnd += plans.filter(Boolean).length;

    const onPlan = children.filter((_, k) => plans[k]);
    const reviewDue = addMonthsRollBack(cal, icpc, 3);
    const reviewLate = r.chance(0.85) ? 0 : r.int(1, 2);
    const review = wd(reviewDue, reviewLate);
    if (onPlan.length > 0 && past(review)) {
      row({ case: ref, event: 'conference-scheduled', date: wd(review, -10), type: 'review', on: review });
      conference(
        'review',
        review,
        reviewLate === 0,
        onPlan.map((c) => {
          // About a third of plans end at the first review.
          if (!r.chance(0.3)) return `${c.id}=continues`;
          e.plansEnded += 1;
          e.plansAtEnd -= 1;
          return `${c.id}=ended:risk reduced`;
        }),
      );
    }
  }
  // Events in date order across cases, as a spreadsheet kept over the year would hold them; each case's own
  // rows keep the order they were made in (the order the rules need).
  const ordered = rows
    .map((cells, n) => ({ cells, n }))
    .sort((a, b) => a.cells[2]!.localeCompare(b.cells[2]!) || a.n - b.n)
    .map((x) => x.cells.map(csvCell).join(','));
  return { from, to: today, opens, csv: [COLUMNS.join(','), ...ordered].join('\n') + '\n', expected: e };
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
    const g = generateYear(cal, { cases, seed: Number(arg('--seed', '20131')) });
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'events.csv'), g.csv);
    fs.writeFileSync(
      path.join(out, 'expected.json'),
      JSON.stringify({ from: g.from, to: g.to, ...g.expected }, null, 2),
    );
    fs.writeFileSync(
      path.join(out, 'open.sh'),
      '#!/bin/sh\nset -e\n' + g.opens.map((a) => `node bin/cpcase.js ${a.join(' ')}`).join('\n') + '\n',
      { mode: 0o755 },
    );
    process.stdout.write(
      `${out}: ${cases} cases, ${g.csv.split('\n').length - 2} events, period ${g.from} to ${g.to}.\n` +
        `Play it: sh ${path.join(out, 'open.sh')} && node bin/cpcase.js import ${path.join(out, 'events.csv')}\n` +
        `Then: node bin/cpcase.js report annual --from ${g.from} --to ${g.to}\n`,
    );
  })();
}
