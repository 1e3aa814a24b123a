import type { Command } from 'commander';
import path from 'path';
import { grpcCode } from '../../../identity/refusal';
import { caseWorkflowId } from '../../../workflows/messages';
import { destroyCase, destroyable, type Eraser, type ReviewedCase } from '../../../records/retention';
import type { Tombstone } from '../../../ledger/records';
import type { LedgerStore } from '../../../ledger/types';
import { forgetInDatabase, forgetInFile } from '../../../notify/forget';
import { sharedPool } from '../../../ledger/pool';
import { heartbeatHealth } from '../../../worker/heartbeat';
import { getConfig, getCouncil } from '../context';
import { badInput, CliError, EXIT } from '../errors';
import { printJson, printLines } from '../io';
import { openCliLedger } from '../ledger';
import { recorder } from '../recorder';
import { withTemporal, type CliTemporal } from '../temporal';
import { reviewRetention } from '../../../records/retention';
import { asOfDate, caseLine } from './retention-due';

const NOT_FOUND = 5;

export interface ApplyData {
  destroyed: Tombstone[];
}

/**
 * The case's runs in Temporal, deleted, and waited for until gone: Temporal deletes in the background, at once for
 * a case closed long ago (most often its own retention took it already), within a minute or so for one just
 * closed. Not gone in time, the destruction stays unfinished and the next run carries on.
 */
function temporalEraser(t: CliTemporal, within = 180_000): Eraser {
  const workflowId = (caseRef: string) => caseWorkflowId(caseRef);
  const runs = async (caseRef: string) => {
    const found = [];
    for await (const r of t.client.workflow.list({ query: `WorkflowId = '${workflowId(caseRef)}'` }))
      found.push(r);
    return found;
  };
  const gone = async (caseRef: string, runId: string) => {
    try {
      await t.client.workflowService.describeWorkflowExecution({
        namespace: t.client.options.namespace,
        execution: { workflowId: workflowId(caseRef), runId },
      });
      return false;
    } catch (e) {
      if (grpcCode(e) === NOT_FOUND) return true;
      throw e;
    }
  };
  return {
    where: 'Temporal',
    async erase(caseRef) {
      const found = await runs(caseRef);
      if (found.some((r) => r.status.name === 'RUNNING'))
        throw new CliError(`case ${caseRef} still runs in Temporal: it is not closed there`, EXIT.rejected);
      for (const run of found) {
        try {
          await t.client.workflowService.deleteWorkflowExecution({
            namespace: t.client.options.namespace,
            workflowExecution: { workflowId: workflowId(caseRef), runId: run.runId },
          });
        } catch (e) {
          if (grpcCode(e) !== NOT_FOUND) throw e; // gone already: a resumed run
        }
      }
      const until = Date.now() + within;
      for (const run of found) {
        while (!(await gone(caseRef, run.runId))) {
          if (Date.now() > until)
            throw new CliError(
              `case ${caseRef}: Temporal has not yet deleted its workflow; its destruction stays unfinished ` +
                'and the next `cpcase retention apply` carries on',
              EXIT.failure,
            );
          await new Promise((r) => setTimeout(r, 1_000));
        }
      }
    },
  };
}

/** The sent-message record: shared in the database, or the embedded worker's file (only while it is stopped). */
function sentEraser(): Eraser {
  const cfg = getConfig();
  if (cfg.databaseUrl) {
    const url = cfg.databaseUrl;
    return {
      where: 'the sent-message record',
      async erase(caseRef) {
        const pool = sharedPool(url, 1);
        try {
          await forgetInDatabase(pool, caseRef);
        } finally {
          await pool.end();
        }
      },
    };
  }
  return {
    where: 'the sent-message record',
    erase: (caseRef) =>
      Promise.resolve(void forgetInFile(path.join(cfg.dataDir, 'sent-messages.jsonl'), caseRef)),
  };
}

/** Explicitly named cases must each be destroyable now; each that is not is refused by name. */
function chosen(named: string[], due: ReviewedCase[], all: ReviewedCase[]): ReviewedCase[] {
  if (named.length === 0) return due;
  const problems = named.flatMap((ref) => {
    const c = all.find((x) => x.caseRef === ref);
    if (!c) return [`${ref}: not a closed case in the ledger (open, destroyed already, or unknown)`];
    return due.includes(c) ? [] : [caseLine(c)];
  });
  if (problems.length)
    throw new CliError(
      `nothing was destroyed; not destroyable now:\n  ${problems.join('\n  ')}`,
      EXIT.rejected,
    );
  return due.filter((c) => named.includes(c.caseRef));
}

async function applyWith(ledger: LedgerStore, named: string[], confirm: string | undefined, asOf?: string) {
  const review = await reviewRetention(ledger, getCouncil().retention, asOfDate(asOf));
  // A case whose destruction was begun is finished from its tombstone, not begun again.
  const begun = new Set(review.unfinished.map((t) => t.caseRef));
  const targets = chosen(named, destroyable(review), review.closed).filter((c) => !begun.has(c.caseRef));
  const count = targets.length + review.unfinished.length;
  const refs = [...review.unfinished.map((t) => t.caseRef), ...targets.map((c) => c.caseRef)];
  if (count === 0) return { destroyed: [] };
  if (confirm !== String(count))
    throw badInput(
      `--confirm: this destroys ${count} ${count === 1 ? 'case' : 'cases'} everywhere cpcase holds them ` +
        `(${refs.join(', ')}), leaving a tombstone each: run again with --confirm ${count}`,
    );
  const by = recorder().recordedBy;
  const now = () => new Date().toISOString();
  return withTemporal(async (t) => {
    const erasers = [temporalEraser(t), sentEraser()];
    const destroyed: Tombstone[] = [];
    for (const c of [...review.unfinished, ...targets])
      destroyed.push(await destroyCase(ledger, c, erasers, by, now));
    return { destroyed };
  });
}

export async function gatherApply(
  named: string[],
  o: { confirm?: string; asOf?: string },
): Promise<ApplyData> {
  const cfg = getConfig();
  if (!cfg.databaseUrl && heartbeatHealth(cfg.dataDir) === 'healthy')
    throw new CliError(
      `the embedded worker is running and writes ${path.join(cfg.dataDir, 'sent-messages.jsonl')}: stop it ` +
        '(Ctrl-C in npm start), then apply',
      EXIT.rejected,
    );
  const ledger = await openCliLedger();
  try {
    return await applyWith(ledger, named, o.confirm, o.asOf);
  } finally {
    await ledger.close();
  }
}

export function register(cmd: Command): void {
  cmd
    .argument('[case-refs...]', 'only these cases (each must be due and not held); default every one due')
    .option('--confirm <n>', 'the number of cases to destroy, as `retention due` and a first run say')
    .option('--as-of <date>', 'judge as of this day (default today)')
    .option('--json', 'print the tombstones as JSON')
    .addHelpText(
      'after',
      '\nDestroys, for each case past its period in the records schedule (the policy file), everything cpcase\n' +
        'holds of it: its workflow in Temporal, its sent-message record, its ledger rows. A tombstone stays (what,\n' +
        'which rule, who, when). A held case is never destroyed. Run it once without --confirm to see the list.',
    )
    .action(async (refs: string[], o: { confirm?: string; asOf?: string; json?: boolean }) => {
      const d = await gatherApply(refs, o);
      if (o.json) return printJson(d);
      printLines(
        d.destroyed.length === 0
          ? ['Nothing is due for destruction: nothing was destroyed.']
          : [
              `Destroyed ${d.destroyed.length} ${d.destroyed.length === 1 ? 'case' : 'cases'}; a tombstone of each is kept:`,
              ...d.destroyed.map(
                (t) =>
                  `  ${t.caseRef}  ${t.kind}, closed ${t.closedOn}, rule ${t.ruleId} (due ${t.dueOn}), by ${t.destroyedBy}`,
              ),
            ],
      );
    });
}
