// Charts for the one-page HTML report, as inline SVG: they need no script or file beside the page, and print
// to PDF as drawn (a CSS background bar is dropped by most browsers when printing).
import { escapeHtml } from './escape';

export interface Bar {
  label: string;
  value: number;
  /** What is written at the end of the bar. */
  text: string;
  /** A mark across the bar (a target), on the same scale as `value`. */
  target?: number;
}

const LABEL_WIDTH = 430;
const BAR_WIDTH = 380;
const ROW = 24;

const esc = escapeHtml;

/** Horizontal bars, one per row, scaled to `max` (or the largest value). */
export function barChart(bars: Bar[], opts: { title: string; max?: number }): string {
  const max = Math.max(opts.max ?? 0, ...bars.map((b) => b.value), 1);
  const width = LABEL_WIDTH + BAR_WIDTH + 140;
  const height = bars.length * ROW + 8;
  const x = (v: number) => LABEL_WIDTH + Math.round((v / max) * BAR_WIDTH);
  const rows = bars.map((b, i) => {
    const y = 4 + i * ROW;
    const target =
      b.target === undefined
        ? ''
        : `<line x1="${x(b.target)}" x2="${x(b.target)}" y1="${y - 2}" y2="${y + 20}" stroke="#d4351c" stroke-width="2"><title>Target ${b.target}</title></line>`;
    return (
      `<text x="0" y="${y + 14}">${esc(b.label)}</text>` +
      `<rect x="${LABEL_WIDTH}" y="${y}" width="${BAR_WIDTH}" height="18" fill="#f3f2f1"/>` +
      `<rect x="${LABEL_WIDTH}" y="${y}" width="${x(b.value) - LABEL_WIDTH}" height="18" fill="#1d70b8"/>` +
      target +
      `<text x="${LABEL_WIDTH + BAR_WIDTH + 8}" y="${y + 14}">${esc(b.text)}</text>`
    );
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">` +
    `<title>${esc(opts.title)}</title>${rows.join('')}</svg>`
  );
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** '2013-04' as 'Apr 2013'. */
export function monthLabel(month: string): string {
  return `${MONTHS[Number(month.slice(5, 7)) - 1] ?? month.slice(5, 7)} ${month.slice(0, 4)}`;
}
