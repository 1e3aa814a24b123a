// The pages a signed-in person may open, each from its data and its view: what I owe, a case, the live view,
// the annual report. Access is decided for every page by the rules in src/domain/web/access.ts.
import { compareDates, type LocalDate } from '../domain/dates';
import { londonDate } from '../domain/londonTime';
import type { Viewer } from '../domain/web/access';
import { renderHtml } from '../report/render';
import { gatherAnnualReport } from '../client/cli/commands/report-annual';
import { casePage, livePage, owedPage } from './data';
import type { Directory } from '../domain/directory';
import { caseBody } from './pages/case';
import { liveBody, owedBody } from './pages/lists';
import { notForYou, notFound, type Problem } from './pages/problems';
import type { Html } from './html';

export type Answer =
  | { kind: 'page'; title: string; current?: 'owed' | 'live' | 'report'; body: Html }
  | { kind: 'document'; html: string }
  | { kind: 'problem'; problem: Problem };

const CASE_PATH = /^\/cases\/([A-Za-z0-9][A-Za-z0-9/_-]{0,63})$/;
const LIVE_DAYS = 10;

/** A page a person may be sent to sign in for; any other address (a browser's favicon) never starts a sign-in. */
export const isPage = (path: string) => ['/', '/live', '/report'].includes(path) || CASE_PATH.test(path);

/** The financial year (1 April to 31 March) holding `d`: what the QA manager's report covers unless asked. */
function financialYear(d: LocalDate): { from: LocalDate; to: LocalDate } {
  const y = Number(d.slice(0, 4)) - (d.slice(5) < '04-01' ? 1 : 0);
  return { from: `${y}-04-01` as LocalDate, to: `${y + 1}-03-31` as LocalDate };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class BadQuery extends Error {}

function reportPeriod(q: URLSearchParams): { from: LocalDate; to: LocalDate } {
  const fy = financialYear(londonDate(Date.now()));
  const pick = (name: 'from' | 'to'): LocalDate => {
    const v = q.get(name);
    if (v === null || v === '') return fy[name];
    if (!DATE.test(v) || Number.isNaN(Date.parse(v)))
      throw new BadQuery(`${name}: '${v}' is not a date written YYYY-MM-DD`);
    return v as LocalDate;
  };
  const p = { from: pick('from'), to: pick('to') };
  if (compareDates(p.from, p.to) > 0) throw new BadQuery(`from ${p.from} is after to ${p.to}`);
  return p;
}

export async function route(
  path: string,
  q: URLSearchParams,
  viewer: Viewer,
  directory: Directory,
): Promise<Answer> {
  const c = CASE_PATH.exec(path);
  if (c) {
    const ref = c[1]!;
    const data = await casePage(ref, viewer, directory);
    if (data === 'not-found') return { kind: 'problem', problem: notFound(`case ${ref}`) };
    return { kind: 'page', title: `Case ${ref}`, body: caseBody(data) };
  }
  if (path === '/')
    return {
      kind: 'page',
      title: 'What I owe',
      current: 'owed',
      body: owedBody(await owedPage(viewer), viewer),
    };
  if (path === '/live')
    return {
      kind: 'page',
      title: 'Overdue and due soon',
      current: 'live',
      body: liveBody(await livePage(viewer, LIVE_DAYS), directory, LIVE_DAYS),
    };
  if (path === '/report') {
    if (!viewer.all) return { kind: 'problem', problem: notForYou('annual report') };
    const p = reportPeriod(q);
    return { kind: 'document', html: renderHtml(await gatherAnnualReport(p.from, p.to)) };
  }
  return { kind: 'problem', problem: notFound('page at this address') };
}
