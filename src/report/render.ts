// The annual report as people read it: Markdown to paste into a written report, CSV for a spreadsheet, and one
// self-contained HTML page with bar charts a manager reads at a glance.
import { escapeHtml } from './escape';
import { BANDS, type AnnualReport } from '../domain/report/annual';
import { AGE_BANDS } from '../domain/report/families';
import { barChart, monthLabel } from './charts';

const pct = (p: number | null) => (p === null ? '–' : `${p}%`);

interface Section {
  title: string;
  headers: string[];
  rows: (string | number)[][];
}

/** Said first in every format while the period runs on: its figures will still change. */
export function periodNote(r: AnnualReport): string | undefined {
  if (r.periodEnded) return undefined;
  const waiting = r.table2b.reduce((n, i) => n + i.notYetDue, 0);
  return (
    `This period has not ended: figures as of ${r.asOf}. ${waiting} deadline${waiting === 1 ? ' is' : 's are'} not ` +
    'yet due and counted neither on time nor late (the "Not yet due" column).'
  );
}

/** Every table of the report, in the order the reference report gives them, then the additions. */
function sections(r: AnnualReport): Section[] {
  return [
    ...timelinessSections(r),
    ...participationSections(r),
    ...planSections(r),
    split('Conferences by team', 'Team', r.byTeam),
    split('Conferences by chair', 'Chair', r.byChair),
    ...familySections(r),
    cseSection(r),
    ...appendix2(r),
  ];
}

/** Conferences held, and Tables 2a and 2b: how long each step took. */
function timelinessSections(r: AnnualReport): Section[] {
  return [
    {
      title: 'Conferences held',
      headers: ['Type', 'Number'],
      rows: [
        ['Initial', r.conferences.initial],
        ['Review', r.conferences.review],
        ['Transfer-in', r.conferences.transferIn],
        ['Pre-birth', r.conferences.preBirth],
        ['Total', r.conferences.total],
        ['Children discussed', r.childrenDiscussed],
      ],
    },
    {
      title: 'Table 2a: Timescales – distribution of minutes (working days)',
      headers: ['Timescales', ...BANDS],
      rows: [
        ['Minutes sent to chair', ...BANDS.map((b) => r.table2a.minutesSentToChair[b])],
        ['Minutes approved by chair', ...BANDS.map((b) => r.table2a.minutesApproved[b])],
        ['Minutes distributed', ...BANDS.map((b) => r.table2a.minutesDistributed[b])],
      ],
    },
    table2b(r),
  ];
}

/** Tables 3 and 4: children and agencies at conferences. */
function participationSections(r: AnnualReport): Section[] {
  return [
    {
      title: 'Table 3: Participation of children and young people',
      headers: ['Attendance', 'Number'],
      rows: [
        ['Child 10 years+ attended', r.table3.attended],
        ['Child 10 years+ consulted', r.table3.consulted],
        ["Child 10 years+ didn't attend and not consulted", r.table3.notConsulted],
        ['Child 10 years+ participation not recorded', r.table3.notRecorded],
        ['Child under 10 years', r.table3.under10],
      ],
    },
    {
      title: 'Table 4: Participation of agencies',
      headers: ['Agency', 'Invited', 'Attended', "Didn't attend, sent report"],
      rows: [
        ...r.table4.map((a) => [a.name ?? a.agencyId, a.invited, a.attended, a.sentReportOnly]),
        ['Total', r.table4Total.invited, r.table4Total.attended, r.table4Total.sentReportOnly],
      ],
    },
  ];
}

/** Outcomes, and children subject to a plan over the period and month by month. */
function planSections(r: AnnualReport): Section[] {
  return [
    {
      title: 'Conference outcomes',
      headers: ['Outcome', 'Number'],
      rows: [
        ...Object.entries(r.outcomes.plansStarted).map(([c, n]) => [`Plan started: ${c}`, n]),
        ['No plan', r.outcomes.noPlan],
        ['Plan ended at conference', r.outcomes.plansEnded],
        ['Plan ended between conferences', r.outcomes.plansEndedBetween],
      ],
    },
    {
      title: 'Children subject to a plan',
      headers: ['', 'Number'],
      rows: [
        [`At the start of the period (${r.from})`, r.plans.atStart],
        [`At the end of the period (${r.to})`, r.plans.atEnd],
        ['Plans lasting two years or more', r.plans.overTwoYears],
        ['Second or later plans started in the period', r.plans.secondPlans],
      ],
    },
    {
      title: 'Children subject to a plan at the end of each month',
      headers: ['Month', 'Children'],
      rows: r.monthly.map((m) => [
        monthLabel(m.month) + (m.on.endsWith(lastDay(m.on)) ? '' : ` (to ${m.on})`),
        m.children,
      ]),
    },
  ];
}

/** Parents' and carers' part, and who asked for each initial conference. */
function familySections(r: AnnualReport): Section[] {
  return [
    {
      title: 'Participation of parents and carers (conferences held)',
      headers: ['Parents and carers', 'Conferences'],
      rows: Object.entries(r.parents).map(([k, n]) => [PARENTS[k] ?? k, n]),
    },
    {
      title: 'Initial conferences: who asked for them',
      headers: ['Requested by', 'Conferences'],
      rows: Object.entries(r.icpcRequestedBy).map(([k, n]) => [REQUESTERS[k] ?? k, n]),
    },
  ];
}

function cseSection(r: AnnualReport): Section {
  const c = r.cse;
  return {
    title: 'Child sexual exploitation (CSE) meetings',
    headers: ['', 'Number'],
    rows: [
      ['Requests to chair a CSE meeting', c.requests],
      ['Children', c.children],
      ['Average age at the request', c.averageAge ?? '–'],
      ['Meetings held', c.meetingsHeld],
      ['Meetings held within their timescale', c.meetingsOnTime],
      ['CSE plans started', c.plansStarted],
      ['Reviews of CSE plans held', c.reviewsHeld],
      ['Reviews held within their timescale', c.reviewsOnTime],
      ['Ended at the meeting, no plan needed', c.endedNoPlan],
      ['Plans ended as the risk was reduced', c.endedRiskReduced],
      ['Moved to child protection procedures', c.movedToCp],
      [`On a CSE plan at the end of the period (${r.to})`, c.onPlanAtEnd],
    ],
  };
}

const PARENTS: Record<string, string> = {
  attended: 'Attended',
  'attended-part': 'Attended part of the conference',
  'contributed-not-present': 'Contributed but did not attend',
  'did-not-attend': 'Did not attend',
  'not-recorded': 'Not recorded',
};
const REQUESTERS: Record<string, string> = {
  duty: 'Duty team',
  'long-term': 'Long-term social work team',
  other: 'Another team',
  'not-recorded': 'Not recorded',
};

/** Appendix 2: families with each indicator (Figure 2), their children by age (Figure 3), and each family (Table 1). */
function appendix2(r: AnnualReport): Section[] {
  const a = r.appendix2;
  return [
    {
      title: 'Appendix 2, Figure 2: Indicators of need and risk by type and number of families',
      headers: [
        'Indicator',
        'Families',
        `Of ${a.families.length} ${a.families.length === 1 ? 'family' : 'families'}`,
      ],
      rows: a.byIndicator.map((i) => [
        i.label,
        i.families,
        pct(a.families.length ? Math.round((i.families / a.families.length) * 100) : null),
      ]),
    },
    {
      title: 'Appendix 2, Figure 3: Indicators of need and risk by age of child',
      headers: ['Indicator', ...AGE_BANDS],
      rows: a.byIndicator.map((i) => [i.label, ...AGE_BANDS.map((b) => i.children[b])]),
    },
    {
      title: 'Appendix 2, Table 1: Indicators of need and risk by family',
      headers: ['Family', ...a.byIndicator.map((i) => i.label)],
      rows: a.families.map((f) => [
        String(f.family),
        ...a.byIndicator.map((i) => (f.indicators.includes(i.id) ? '✓' : '')),
      ]),
    },
  ];
}

/** The month's last day, to tell a whole month from one the period has not finished. */
function lastDay(on: string): string {
  const d = new Date(`${on}T00:00:00Z`);
  return String(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate());
}

function table2b(r: AnnualReport): Section {
  const targets = r.table2b.some((i) => i.target !== undefined);
  const against = (i: AnnualReport['table2b'][number]) =>
    i.target === undefined
      ? ''
      : `${i.target}%${i.meetsTarget === undefined ? '' : i.meetsTarget ? ' (met)' : ' (not met)'}`;
  return {
    title: 'Table 2b: Timescales – distribution of documents',
    headers: [
      'Indicator',
      'Number',
      'Of',
      'Per cent',
      'Overdue, not met',
      ...(targets ? ['Target'] : []),
      ...(r.periodEnded ? [] : ['Not yet due']),
    ],
    rows: r.table2b.map((i) => [
      i.label,
      i.count,
      i.of,
      pct(i.percent),
      i.overdueNotMet,
      ...(targets ? [against(i)] : []),
      ...(r.periodEnded ? [] : [i.notYetDue]),
    ]),
  };
}

function split(title: string, what: string, rows: AnnualReport['byTeam']): Section {
  return {
    title,
    headers: [what, 'Conferences held', 'Held within timescale', 'Per cent'],
    rows: rows.map((s) => [s.name ? `${s.name} (${s.id})` : s.id, s.conferences, s.onTime, pct(s.percent)]),
  };
}

export function renderMarkdown(r: AnnualReport): string {
  const note = periodNote(r);
  const out = [
    `# Child protection conferences: ${r.from} to ${r.to}`,
    '',
    ...(note ? [`**${note}**`, ''] : []),
  ];
  for (const s of sections(r)) {
    out.push(
      `## ${s.title}`,
      '',
      `| ${s.headers.join(' | ')} |`,
      `| ${s.headers.map(() => '---').join(' | ')} |`,
    );
    for (const row of s.rows) out.push(`| ${row.join(' | ')} |`);
    out.push('');
  }
  return out.join('\n');
}

const csvCell = (v: string | number) =>
  /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v);

/**
 * For a spreadsheet: one table per file, each opened by Excel as it reads (UTF-8 with a byte-order mark), a blank
 * cell empty rather than a dash; the first file says what the report is and as of when.
 */
export function renderCsvFiles(r: AnnualReport): { name: string; text: string }[] {
  const BOM = '\uFEFF';
  const cell = (v: string | number) => (v === '–' ? '' : csvCell(v));
  const file = (rows: (string | number)[][]) =>
    BOM + rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
  const slug = (title: string) =>
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60);
  const about = [
    ['Report', 'Child protection conferences: annual report'],
    ['From', r.from],
    ['To', r.to],
    ['As of', r.asOf],
    ...(periodNote(r) ? [['Note', periodNote(r)!]] : []),
  ];
  return [
    { name: '00-report.csv', text: file(about) },
    ...sections(r).map((s, i) => ({
      name: `${String(i + 1).padStart(2, '0')}-${slug(s.title)}.csv`,
      text: file([s.headers, ...s.rows]),
    })),
  ];
}

const esc = escapeHtml;

/** The charts at the top of the page: each a figure the tables below give in full. */
function charts(r: AnnualReport): { title: string; svg: string }[] {
  const timeliness = barChart(
    r.table2b.map((i) => ({
      label: i.label,
      value: i.percent ?? 0,
      text: `${pct(i.percent)} (${i.count} of ${i.of})`,
      ...(i.target === undefined ? {} : { target: i.target }),
    })),
    { max: 100, title: "Per cent of each timescale met; a line marks the council's target" },
  );
  const monthly = barChart(
    r.monthly.map((m) => ({ label: monthLabel(m.month), value: m.children, text: String(m.children) })),
    { title: 'Children subject to a plan at the end of each month' },
  );
  const outcomes = barChart(
    [
      ...Object.entries(r.outcomes.plansStarted).map(([c, n]) => ({ label: `Plan started: ${c}`, value: n })),
      { label: 'No plan', value: r.outcomes.noPlan },
      { label: 'Plan ended at conference', value: r.outcomes.plansEnded },
      { label: 'Plan ended between conferences', value: r.outcomes.plansEndedBetween },
    ].map((o) => ({ ...o, text: String(o.value) })),
    { title: 'Conference outcomes' },
  );
  const indicators = barChart(
    r.appendix2.byIndicator.map((i) => ({
      label: i.label,
      value: i.families,
      text: `${i.families} families`,
    })),
    { title: 'Families with each indicator of need and risk', max: r.appendix2.families.length },
  );
  return [
    { title: 'Timeliness at a glance', svg: timeliness },
    { title: 'Children subject to a plan, month by month', svg: monthly },
    { title: 'Conference outcomes at a glance', svg: outcomes },
    {
      title: `Indicators of need and risk at a glance (${r.appendix2.families.length} families)`,
      svg: indicators,
    },
  ];
}

export function renderHtml(r: AnnualReport): string {
  const tables = sections(r)
    .map(
      (s) =>
        `<section><h2>${esc(s.title)}</h2><table><tr>${s.headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>` +
        s.rows
          .map(
            (row) =>
              `<tr>${row.map((c, i) => (i === 0 ? `<td>${esc(c)}</td>` : `<td class="n">${esc(c)}</td>`)).join('')}</tr>`,
          )
          .join('') +
        '</table></section>',
    )
    .join('\n');
  const note = periodNote(r);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Child protection conferences ${esc(r.from)} to ${esc(r.to)}</title>
<style>body{font-family:Arial,sans-serif;color:#0b0c0c;max-width:960px;margin:2em auto}table{border-collapse:collapse;margin-bottom:1.5em}
th,td{border-bottom:1px solid #b1b4b6;padding:4px 10px;text-align:left}td.n{text-align:right}svg{max-width:100%;height:auto}
svg text{font-family:Arial,sans-serif;font-size:12px;fill:#0b0c0c}
@media print{body{margin:0;max-width:none}section,figure{break-inside:avoid}h2{break-after:avoid}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}</style></head>
<body><h1>Child protection conferences: ${esc(r.from)} to ${esc(r.to)}</h1>
${note ? `<p class="note"><strong>${esc(note)}</strong></p>` : ''}
${charts(r)
  .map((c) => `<h2>${esc(c.title)}</h2>\n<figure>${c.svg}</figure>`)
  .join('\n')}
${tables}
</body></html>
`;
}
