import type { Command } from 'commander';
import { parseDate, type LocalDate } from '../../../domain/dates';
import { londonDate } from '../../../domain/londonTime';
import type { CaseInput, ChildInput } from '../../../domain/case/types';
import type { CaseStatus } from '../../../domain/case/status';
import type { Region } from '../../../domain/workingDays';
import { CASE_WORKFLOW_PREFIX } from '../../../workflows/messages';
import { OPEN_CASES_QUERY } from '../../cases';
import { checkCaseRef, REF_PATTERN } from '../../events';
import { regionArg } from '../args';
import { getConfig, getCouncil } from '../context';
import { badInput, CliError, EXIT, problemsMessage } from '../errors';
import { printJson, printLines } from '../io';
import { recorder, withTemporal, type CliTemporal } from '../temporal';
import type { RecorderClaim } from '../recorder';
import { CaseNotReady } from '../../readiness';
import { openCase } from '../../opening';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { checkCasePeople } from '../../../domain/directory';
import { loadDirectoryFile } from '../../../directory/file';
import { openCliLedger } from '../ledger';
import { agreeWithWorkers } from '../agreement';

export interface OpenOptions {
  child: string[];
  socialWorker: string;
  teamManager: string;
  serviceManager?: string;
  chair?: string;
  minuteTaker?: string;
  team?: string;
  region?: Region;
  agency: string[];
  as?: string;
}

/** CH-1:2015-04-02, CH-2:02/04/2015, CH-3:unborn:2027-01-20 */
export function parseChild(value: string, today: LocalDate): ChildInput {
  const parts = value.split(':');
  const [id, a, b] = parts;
  const usage = 'write --child ID:DATE-OF-BIRTH, or ID:unborn:EXPECTED-DATE for an unborn baby';
  if (!id || !REF_PATTERN.test(id))
    throw badInput(`--child '${value}': '${id ?? ''}' is not a child id; ${usage}`);
  const unborn = a === 'unborn';
  const dateText = unborn ? b : a;
  if (!dateText || parts.length > (unborn ? 3 : 2)) throw badInput(`--child '${value}': ${usage}`);
  const d = parseDate(dateText);
  if (!d.ok) throw badInput(`--child '${value}': ${d.error}`);
  if (!unborn && d.date > today) {
    throw badInput(
      `--child '${value}': date of birth ${d.date} is in the future; an unborn baby is ${id}:unborn:${d.date}`,
    );
  }
  return unborn ? { id, expectedBirth: d.date } : { id, dateOfBirth: d.date };
}

function staffId(option: string, value: string | undefined): string | undefined {
  if (value !== undefined && !REF_PATTERN.test(value))
    throw badInput(`${option}: '${value}' is not a staff id`);
  return value;
}

export function caseInputFrom(caseRef: string, o: OpenOptions, today: LocalDate): CaseInput {
  const refProblem = checkCaseRef(caseRef);
  if (refProblem) throw badInput(`CASE-REF: ${refProblem}`);
  if (o.child.length === 0)
    throw badInput('--child: a case needs at least one child (--child ID:DATE-OF-BIRTH)');
  const children = o.child.map((c) => parseChild(c, today));
  const dup = children.find((c, i) => children.findIndex((x) => x.id === c.id) !== i);
  if (dup) throw badInput(`--child: '${dup.id}' is given twice`);
  for (const a of o.agency) if (!REF_PATTERN.test(a)) throw badInput(`--agency: '${a}' is not an agency id`);
  if (o.team !== undefined && !REF_PATTERN.test(o.team))
    throw badInput(`--team: '${o.team}' is not a team code`);
  const council = getCouncil();
  return {
    caseRef,
    region: o.region ?? getConfig().region,
    ...(o.team ? { team: o.team } : {}),
    children,
    staff: {
      socialWorker: staffId('--social-worker', o.socialWorker)!,
      teamManager: staffId('--team-manager', o.teamManager)!,
      ...(o.serviceManager ? { serviceManager: staffId('--service-manager', o.serviceManager) } : {}),
      ...(o.chair ? { chair: staffId('--chair', o.chair) } : {}),
      ...(o.minuteTaker ? { minuteTaker: staffId('--minute-taker', o.minuteTaker) } : {}),
    },
    agencies: [...new Set(o.agency)],
    policy: council.policy,
    ...openedBy(recorder(o.as)),
  };
}

const openedBy = (by: RecorderClaim) => ({
  openedBy: by.recordedBy,
  ...(by.onBehalfOf ? { openedOnBehalfOf: by.onBehalfOf } : {}),
});

/** Everyone the policy's enabled rules escalate or remind to, by recipient name. */
function escalatesTo(): Set<string> {
  const { policy } = getCouncil();
  const ladders = policy.rules.filter((r) => r.enabled).map((r) => policy.ladders[r.ladder] ?? []);
  return new Set(ladders.flat().flatMap((step) => step.to));
}

/** Refused before anything starts: people or agencies the directory does not know, escalations with nobody. */
function checkAgainstDirectory(input: CaseInput): void {
  const dir = loadDirectoryFile(getConfig().directoryFile);
  const { staff } = input;
  const problems = checkCasePeople(
    dir,
    {
      '--social-worker': staff.socialWorker,
      '--team-manager': staff.teamManager,
      ...(staff.serviceManager ? { '--service-manager': staff.serviceManager } : {}),
      ...(staff.chair ? { '--chair': staff.chair } : {}),
      ...(staff.minuteTaker ? { '--minute-taker': staff.minuteTaker } : {}),
    },
    input.agencies,
    escalatesTo(),
  );
  if (problems.length) throw badInput(problemsMessage(`case ${input.caseRef} was not opened`, problems));
}

/** A reference the ledger already knows was opened before (and closed, or it would still be running). */
async function refuseIfOpenedBefore(caseRef: string): Promise<void> {
  const ledger = await openCliLedger().catch((e: unknown) => {
    if (e instanceof CliError && e.exitCode === EXIT.notFound) return undefined; // no ledger yet: a first case
    throw e;
  });
  if (!ledger) return;
  try {
    const entries = await ledger.audit(caseRef);
    const closed = entries.find((e) => e.type === 'case-closed');
    if (entries.length > 0)
      throw openedBefore(caseRef, entries[0]!.recordedAt.slice(0, 10), closed?.occurredAt);
  } finally {
    await ledger.close();
  }
}

const openedBefore = (caseRef: string, opened: string | undefined, closed: string | undefined) =>
  new CliError(
    `case ${caseRef} was opened before${opened ? ` (first entry ${opened})` : ''}` +
      `${closed ? ` and closed on ${closed}` : ''}: a case reference is opened once. ` +
      `\`cpcase audit ${caseRef}\` shows the old case; a new case needs a new reference`,
    EXIT.rejected,
  );

/** The social worker's team, from the directory, when the case is opened without one. */
function withTeam(input: CaseInput): CaseInput {
  if (input.team) return input;
  const team = loadDirectoryFile(getConfig().directoryFile).staff.find(
    (s) => s.id === input.staff.socialWorker,
  )?.team;
  return team ? { ...input, team } : input;
}

/**
 * Other open cases with one of these children: allowed (a child can be on two), and said. Open cases come from
 * Temporal (few), their children from the ledger, so the ledger's closed cases are never read.
 */
async function alsoOpenElsewhere(t: CliTemporal, input: CaseInput): Promise<string[]> {
  const ledger = await openCliLedger().catch(() => undefined);
  if (!ledger) return [];
  try {
    const ids = new Set(input.children.map((c) => c.id));
    const notes: string[] = [];
    for await (const w of t.client.workflow.list({ query: OPEN_CASES_QUERY })) {
      const c = await ledger.caseEntry(w.workflowId.slice(CASE_WORKFLOW_PREFIX.length));
      const shared = (c?.children ?? []).filter((ch) => ids.has(ch.id)).map((ch) => ch.id);
      if (c && shared.length && c.caseRef !== input.caseRef)
        notes.push(`child ${shared.join(', ')} is also on open case ${c.caseRef}`);
    }
    return notes;
  } finally {
    await ledger.close();
  }
}

export async function gatherOpen(
  caseRef: string,
  o: OpenOptions,
): Promise<CaseStatus & { notes?: string[] }> {
  const input = withTeam(caseInputFrom(caseRef, o, londonDate(Date.now())));
  checkAgainstDirectory(input);
  await refuseIfOpenedBefore(caseRef);
  return withTemporal(async (t) => {
    await agreeWithWorkers(t, { policy: true });
    const notes = await alsoOpenElsewhere(t, input);
    const status = await openOnce(t, input);
    return notes.length ? { ...status, notes } : status;
  }, caseRef);
}

/** Starts the case and returns its first answer; a reference used before, running or closed, is refused. */
async function openOnce(t: CliTemporal, input: CaseInput): Promise<CaseStatus> {
  try {
    return await openCase(t.client, t.taskQueue, input);
  } catch (e) {
    if (e instanceof CaseNotReady)
      throw new CliError(
        `case ${input.caseRef} was opened but has not answered yet: is the worker running? ` +
          '`npm start` runs one; `cpcase status` shows the case once it answers',
        EXIT.failure,
      );
    if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
    const d = await t.caseHandle(input.caseRef).describe();
    if (d.status.name === 'RUNNING') throw e; // "already exists"
    throw openedBefore(
      input.caseRef,
      d.startTime.toISOString().slice(0, 10),
      d.closeTime?.toISOString().slice(0, 10),
    );
  }
}

export function printOpen(s: CaseStatus & { notes?: string[] }): void {
  printLines([
    ...(s.notes ?? []).map((n) => `Note: ${n}.`),
    `Opened case ${s.caseRef} (${s.region}${s.team ? `, team ${s.team}` : ''}): ` +
      `${s.children.length} ${s.children.length === 1 ? 'child' : 'children'}, social worker ${s.staff.socialWorker}, policy ${s.policyId}.`,
    `No deadlines yet. Next: cpcase record strategy-discussion ${s.caseRef} --date <date>`,
  ]);
}

const collect = (v: string, prev: string[]) => [...prev, v];

export function register(cmd: Command): void {
  cmd
    .argument('<case-ref>', 'the council case reference, e.g. CP-2026-0142')
    .requiredOption(
      '--child <id:dob>',
      'a child: ID:DATE-OF-BIRTH, or ID:unborn:EXPECTED-DATE (repeat per child)',
      collect,
      [],
    )
    .requiredOption('--social-worker <id>', 'the allocated social worker (staff id)')
    .requiredOption('--team-manager <id>', "the social worker's team manager (staff id)")
    .option('--service-manager <id>', 'the service manager (staff id)')
    .option('--chair <id>', 'the conference chair (staff id)')
    .option('--minute-taker <id>', 'the minute-taker (staff id)')
    .option('--team <code>', 'the team code, e.g. T-NORTH')
    .option(
      '--region <region>',
      'england-and-wales, scotland or northern-ireland (default from CPCASE_REGION)',
      regionArg,
    )
    .option(
      '--agency <id>',
      'an agency invited to conferences by default, e.g. gp, school (repeatable)',
      collect,
      [],
    )
    .option('--json', "print the new case's status as JSON")
    .addHelpText(
      'after',
      '\nExample:\n  cpcase open CP-2026-0143 --child CH-7Q2:14/03/2013 --child CH-9Z1:unborn:2027-02-01 \\\n' +
        '    --social-worker SW-101 --team-manager TM-201 --service-manager SM-301 --chair CH-401 --agency gp',
    )
    .action(async (caseRef: string, opts: OpenOptions & { json?: boolean }, cmd: Command) => {
      const s = await gatherOpen(caseRef, { ...opts, as: cmd.optsWithGlobals<{ as?: string }>().as });
      if (opts.json) return printJson(s);
      printOpen(s);
    });
}
