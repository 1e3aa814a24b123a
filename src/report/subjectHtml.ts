// A child's subject access record as a document a person reviews before release: one page per case, plain
// tables, printable as it looks. Ids only: the reviewer matches them to the case file.
import type { SubjectCase, SubjectEvent, SubjectRecord } from '../domain/subject';
import { escapeHtml as esc } from './escape';

const table = (headers: string[], rows: (string | number)[][]) =>
  rows.length === 0
    ? '<p>None.</p>'
    : `<table><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
        .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;

/** What an event says beyond its type and date, in a line (its fields, ids only). */
function detail(e: SubjectEvent): string {
  const {
    type: _t,
    occurredAt: _o,
    recordedBy: _r,
    eventId: _i,
    onBehalfOf: _b,
    proof: _p,
    ...rest
  } = e.event;
  return Object.entries(rest)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('; ');
}

function caseSection(c: SubjectCase): string {
  const born = c.child.dateOfBirth
    ? `born ${c.child.dateOfBirth}`
    : `expected ${c.child.expectedBirth ?? 'unknown'}`;
  return `<section>
<h2>Case ${esc(c.caseRef)}</h2>
<p>Opened ${esc(c.openedOn)}. The child on this case: ${esc(c.child.id)}, ${esc(born)}.</p>
<h3>What was recorded</h3>
${table(
  ['Happened on', 'Event', 'Detail', 'Recorded', 'By', 'Standing'],
  c.events.map((e) => [
    e.occurredAt,
    e.type,
    detail(e),
    e.recordedAt.replace('T', ' ').slice(0, 16),
    `${e.recordedBy}${e.onBehalfOf ? ` for ${e.onBehalfOf}` : ''}${e.verifiedBy ? '' : ' (unverified)'}`,
    e.standing,
  ]),
)}
<h3>Deadlines and how they went</h3>
${table(
  ['Deadline', 'Due', 'Outcome', 'Met on', 'Working days late'],
  c.deadlines.map((d) => [d.deadlineId, d.dueDate, d.status, d.metOn ?? '', d.lateBy ?? '']),
)}
<h3>Notifications sent about the case</h3>
${table(
  ['Message', 'To', 'Status', 'When'],
  c.notifications.map((n) => [n.key, n.to, n.status, n.at]),
)}
<h3>Withheld for review</h3>
${table(
  ['Another child on the case', 'Entries of theirs left out'],
  c.withheld.map((w) => [w.childId, w.entries]),
)}
</section>`;
}

export function subjectHtml(r: SubjectRecord, produced: { at: string; by: string }): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Subject access: ${esc(r.childId)}</title>
<style>
body{font-family:Arial,sans-serif;margin:2em;color:#0b0c0c}h1{font-size:1.6em}h2{border-top:2px solid #0b0c0c;padding-top:.5em}
table{border-collapse:collapse;width:100%;margin-bottom:1em;font-size:.9em}th,td{border:1px solid #b1b4b6;padding:.3em;text-align:left;vertical-align:top}
.note{background:#f3f2f1;padding:.6em}@media print{section{page-break-before:always}}
</style></head><body>
<h1>Everything cpcase holds about ${esc(r.childId)}</h1>
<p class="note">For review before release (UK GDPR subject access). Produced ${esc(produced.at)} by ${esc(produced.by)};
this export is itself recorded in each case's audit trail. Other children's own entries are withheld and listed per case.
Staff and agencies appear by id; the case file gives their names.</p>
${r.cases.map(caseSection).join('\n')}
</body></html>
`;
}
