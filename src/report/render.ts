// The annual report as people read it: Markdown to paste into a written report, CSV for a spreadsheet, and one
// self-contained HTML page with bar charts a manager reads at a glance.
import { BANDS, type AnnualReport } from '../domain/report/annual';

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

function sections(r: AnnualReport): Section[] {
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
    {
      title: 'Table 2b: Timescales – distribution of documents',
      headers: ['Indicator', 'Number', 'Of', 'Per cent', ...(r.periodEnded ? [] : ['Not yet due'])],
      rows: r.table2b.map((i) => [
        i.label,
        i.count,
        i.of,
        pct(i.percent),
        ...(r.periodEnded ? [] : [i.notYetDue]),
      ]),
    },
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
      rows: r.table4.map((a) => [a.agencyId, a.invited, a.attended, a.sentReportOnly]),
    },
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
  ];
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

export function renderCsv(r: AnnualReport): string {
  const note = periodNote(r);
  const out: string[] = note ? [csvCell(note), ''] : [];
  for (const s of sections(r)) {
    out.push(
      csvCell(s.title),
      s.headers.map(csvCell).join(','),
      ...s.rows.map((row) => row.map(csvCell).join(',')),
      '',
    );
  }
  return out.join('\n');
}

const esc = (v: string | number) =>
  String(v).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function renderHtml(r: AnnualReport): string {
  const bars = r.table2b
    .map(
      (i) =>
        `<div class="row"><div class="label">${esc(i.label)}</div><div class="bar"><span style="width:${i.percent ?? 0}%"></span></div>` +
        `<div class="num">${esc(pct(i.percent))} <small>(${i.count} of ${i.of})</small></div></div>`,
    )
    .join('\n');
  const tables = sections(r)
    .map(
      (s) =>
        `<h2>${esc(s.title)}</h2><table><tr>${s.headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>` +
        s.rows
          .map(
            (row) =>
              `<tr>${row.map((c, i) => (i === 0 ? `<td>${esc(c)}</td>` : `<td class="n">${esc(c)}</td>`)).join('')}</tr>`,
          )
          .join('') +
        '</table>',
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Child protection conferences ${esc(r.from)} to ${esc(r.to)}</title>
<style>body{font-family:Arial,sans-serif;color:#0b0c0c;max-width:960px;margin:2em auto}table{border-collapse:collapse;margin-bottom:1.5em}
th,td{border-bottom:1px solid #b1b4b6;padding:4px 10px;text-align:left}td.n{text-align:right}.row{display:flex;align-items:center;margin:4px 0}
.label{width:55%}.bar{width:30%;background:#f3f2f1;height:18px}.bar span{display:block;height:18px;background:#1d70b8}.num{width:15%;padding-left:8px}</style></head>
<body><h1>Child protection conferences: ${esc(r.from)} to ${esc(r.to)}</h1>
${periodNote(r) ? `<p class="note"><strong>${esc(periodNote(r)!)}</strong></p>` : ''}
<h2>Timeliness at a glance</h2>
${bars}
${tables}
</body></html>
`;
}
