import type { Command } from 'commander';
import { yearOf, type LocalDate } from '../../../domain/dates';
import { londonDate } from '../../../domain/londonTime';
import { STAGES, type Stage } from '../../../domain/case/status';
import { dueWithinUntil, type HolidayCalendar } from '../../../domain/workingDays';
import { SA } from '../../../shared/searchAttributes';
import { CASE_WORKFLOW_PREFIX } from '../../../workflows/messages';
import { REF_PATTERN } from '../../events';
import { OPEN_CASES_QUERY, brokenCaseIds } from '../../cases';
import { intArg } from '../args';
import { shortDate } from '../caseView';
import { calendarAround } from '../context';
import { badInput } from '../errors';
import { printJson, printLines, table } from '../io';
import { withTemporal } from '../temporal';

export interface ListOptions {
  overdue?: boolean;
  dueWithin?: number;
  socialWorker?: string;
  team?: string;
  stage?: string;
}

export interface ListedCase {
  caseRef: string;
  stage?: string;
  nextDue?: LocalDate;
  overdue: number;
  socialWorker?: string;
  team?: string;
  region?: string;
  /** Its workflow task keeps failing: it takes no entries and sends nothing until repaired. */
  broken?: true;
}

export interface ListData {
  query: string;
  dueBy?: LocalDate;
  cases: ListedCase[];
}

/** The visibility query for the filters; values are validated first, so nothing user-typed is spliced raw. */
export function listQuery(
  o: ListOptions,
  today: LocalDate,
  /** Needed for --due-within only. */
  calendar?: HolidayCalendar,
): { query: string; dueBy?: LocalDate } {
  const parts = [OPEN_CASES_QUERY];
  if (o.overdue) parts.push(`${SA.overdue.name} > 0`);
  let dueBy: LocalDate | undefined;
  if (o.dueWithin !== undefined) {
    if (o.dueWithin < 0) throw badInput('--due-within: must be 0 or more working days');
    if (!calendar) throw new Error('listQuery: --due-within needs the calendar');
    dueBy = dueWithinUntil(calendar, today, o.dueWithin);
    parts.push(`${SA.nextDue.name} <= '${dueBy}T23:59:59Z'`);
  }
  if (o.socialWorker !== undefined) {
    if (!REF_PATTERN.test(o.socialWorker))
      throw badInput(`--social-worker: '${o.socialWorker}' is not a staff id`);
    parts.push(`${SA.socialWorker.name} = '${o.socialWorker}'`);
  }
  if (o.team !== undefined) {
    if (!REF_PATTERN.test(o.team)) throw badInput(`--team: '${o.team}' is not a team code`);
    parts.push(`${SA.team.name} = '${o.team}'`);
  }
  if (o.stage !== undefined) {
    if (!(STAGES as readonly string[]).includes(o.stage)) {
      throw badInput(`--stage: '${o.stage}' is not a stage; use one of ${STAGES.join(', ')}`);
    }
    parts.push(`${SA.stage.name} = '${o.stage as Stage}'`);
  }
  return { query: parts.join(' AND '), dueBy };
}

export async function gatherList(o: ListOptions): Promise<ListData> {
  const today = londonDate(Date.now());
  const calendar = o.dueWithin !== undefined ? await calendarAround(undefined, [yearOf(today)]) : undefined;
  const { query, dueBy } = listQuery(o, today, calendar);
  const cases = await withTemporal(async (t) => {
    const out: ListedCase[] = [];
    const broken = await brokenCaseIds(t.client);
    for await (const w of t.client.workflow.list({ query })) {
      const sa = w.typedSearchAttributes;
      const next = sa.get(SA.nextDue);
      out.push({
        caseRef: w.workflowId.slice(CASE_WORKFLOW_PREFIX.length),
        stage: sa.get(SA.stage),
        nextDue: next ? (next.toISOString().slice(0, 10) as LocalDate) : undefined,
        overdue: sa.get(SA.overdue) ?? 0,
        socialWorker: sa.get(SA.socialWorker),
        team: sa.get(SA.team),
        region: sa.get(SA.region),
        ...(broken.has(w.workflowId) ? { broken: true as const } : {}),
      });
    }
    return out;
  });
  // Soonest due first; cases with nothing due last, then by reference so the order is stable.
  cases.sort(
    (a, b) => (a.nextDue ?? '9999').localeCompare(b.nextDue ?? '9999') || a.caseRef.localeCompare(b.caseRef),
  );
  return { query, dueBy, cases };
}

export function register(cmd: Command): void {
  cmd
    .option('--overdue', 'only cases with a deadline overdue now')
    .option(
      '--due-within <n>',
      'only cases with a deadline due within N working days (or overdue)',
      intArg('--due-within', 0, 260),
    )
    .option('--social-worker <id>', 'only cases held by this social worker')
    .option('--team <code>', 'only cases of this team')
    .option('--stage <stage>', `only cases at this stage: ${STAGES.join(', ')}`)
    .option('--json', 'print the cases as JSON')
    .action(async (opts: ListOptions & { json?: boolean }) => {
      const d = await gatherList(opts);
      if (opts.json) return printJson(d);
      if (d.cases.length === 0) return printLines(['No open cases match.']);
      printLines([
        ...table(
          ['CASE', 'STAGE', 'NEXT DUE', 'OVERDUE', 'SOCIAL WORKER', 'TEAM'],
          d.cases.map((c) => [
            c.caseRef,
            c.broken ? `BROKEN (${c.stage ?? ''})` : (c.stage ?? ''),
            shortDate(c.nextDue),
            String(c.overdue),
            c.socialWorker ?? '',
            c.team ?? '',
          ]),
        ),
        '',
        `${d.cases.length} ${d.cases.length === 1 ? 'case' : 'cases'}${d.dueBy ? `, due by ${shortDate(d.dueBy)}` : ''}.`,
        ...(d.cases.some((c) => c.broken)
          ? [
              'BROKEN: its workflow task keeps failing; `cpcase repair CASE` says what is wrong and the ways out.',
            ]
          : []),
      ]);
    });
}
