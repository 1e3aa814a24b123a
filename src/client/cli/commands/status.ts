import type { Command } from 'commander';
import { caseStatus, type CaseStatus } from '../../../domain/case/status';
import { planDeadlines } from '../../../domain/case/plan';
import { londonDate } from '../../../domain/londonTime';
import { asOfNow, caseWorkflowId, statusQuery } from '../../../workflows/messages';
import { failingTask, type BrokenCase } from '../../cases';
import { rebuildCase } from '../../../report/fromLedger';
import { caseLines } from '../caseView';
import { printJson, printLines } from '../io';
import { withTemporal } from '../temporal';
import { askWhenReady } from '../../readiness';
import { caseRefArg } from '../args';
import { CliError, EXIT } from '../errors';
import { openCliLedger } from '../ledger';
import { getCouncil, importedCalendar } from '../context';

/**
 * A closed case Temporal no longer holds (its namespace keeps closed workflows for a while, not for the record's
 * life) is answered from the ledger, rebuilt by the rules it ran under; a destroyed one says so from its tombstone.
 */
async function fromLedger(caseRef: string, notFound: CliError): Promise<CaseStatus> {
  const ledger = await openCliLedger().catch(() => undefined);
  if (!ledger) throw notFound;
  try {
    const council = getCouncil();
    const today = londonDate(Date.now());
    const rebuilt = await rebuildCase(ledger, caseRef, {
      policy: council.policy,
      imported: await importedCalendar(),
      closures: council.closures,
      asOf: today,
    });
    if (rebuilt) {
      const s = rebuilt.state;
      return { ...caseStatus(s, planDeadlines(s, today), today, Date.now()), answeredFrom: 'ledger' };
    }
    const t = (await ledger.records.tombstones()).find((x) => x.caseRef === caseRef);
    if (t)
      throw new CliError(
        `case ${caseRef} was destroyed on ${(t.finishedAt ?? t.startedAt).slice(0, 10)} under the records ` +
          `schedule (rule ${t.ruleId}, by ${t.destroyedBy}): only its tombstone remains`,
        EXIT.notFound,
      );
    throw notFound;
  } finally {
    await ledger.close();
  }
}

export const brokenCase = (b: BrokenCase) =>
  new CliError(
    `case ${b.caseRef} is BROKEN: its workflow task has failed ${(b.attempt ?? 2) - 1} ` +
      `${(b.attempt ?? 2) - 1 === 1 ? 'time' : 'times'}${b.since ? ` since ${b.since.slice(0, 16)}Z` : ''}, so it ` +
      `answers nothing and takes no entries; \`cpcase repair ${b.caseRef}\` says what is wrong and the ways out`,
    EXIT.failure,
  );

export async function gatherStatus(caseRef: string): Promise<CaseStatus> {
  try {
    return await withTemporal(async (t) => {
      // A case whose task keeps failing cannot answer: said at once, rather than after a minute of asking.
      const failing = await failingTask(t.client, caseWorkflowId(caseRef));
      if (failing) throw brokenCase(failing);
      const handle = t.caseHandle(caseRef);
      return askWhenReady(handle, () => handle.query(statusQuery, ...asOfNow()));
    }, caseRef);
  } catch (e) {
    if (e instanceof CliError && e.exitCode === EXIT.notFound) return fromLedger(caseRef, e);
    throw e;
  }
}

export function register(cmd: Command): void {
  cmd
    .argument('<case-ref>', 'the case reference', caseRefArg)
    .option('--json', 'print the status as JSON')
    .action(async (caseRef: string, opts: { json?: boolean }) => {
      const s = await gatherStatus(caseRef);
      if (opts.json) return printJson(s);
      printLines(caseLines(s));
    });
}
