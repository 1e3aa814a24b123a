// `cpcase record withdraw CASE EVENT-ID --reason TEXT`: an event that should never have been recorded. The case
// replays its history without it; the original and the withdrawal both stay in the record (`cpcase audit`).
import type { Command } from 'commander';
import type { CaseEvent } from '../../../domain/case/types';
import { londonDate } from '../../../domain/londonTime';
import { recordWithRetry } from '../retry';
import { caseRefArg } from '../args';
import { badInput } from '../errors';
import { printJson } from '../io';
import { recorder, withTemporal } from '../temporal';
import { agreeWithWorkers } from '../agreement';
import { printRecord, type RecordData } from './record';

export async function gatherWithdraw(
  caseRef: string,
  target: string,
  reason: string,
  as: string | undefined,
): Promise<RecordData> {
  if (!reason.trim()) throw badInput('--reason: say why the event is withdrawn');
  if (reason.length > 500) throw badInput('--reason: 500 characters or fewer');
  const withdrawal: CaseEvent = {
    type: 'event-withdrawn',
    target,
    reason: reason.trim(),
    occurredAt: londonDate(Date.now()),
    ...recorder(as),
  };
  const result = await withTemporal(async (t) => {
    await agreeWithWorkers(t, { policy: false });
    return recordWithRetry(t.caseHandle(caseRef), withdrawal);
  }, caseRef);
  return { ...result, caseRef, event: `withdrawal of ${target}`, occurredAt: withdrawal.occurredAt };
}

export function register(record: Command): void {
  record
    .command('withdraw')
    .description('withdraw an event that should never have been recorded (it stays in the audit trail)')
    .argument('<case-ref>', 'the case reference', caseRefArg)
    .argument('<event-id>', 'the event to withdraw (`cpcase status` lists each event with its id)')
    .requiredOption('--reason <text>', 'why it is withdrawn')
    .option('--json', 'print the result as JSON')
    .action(
      async (caseRef: string, target: string, opts: { reason: string; json?: boolean }, cmd: Command) => {
        const r = await gatherWithdraw(
          caseRef,
          target,
          opts.reason,
          cmd.optsWithGlobals<{ as?: string }>().as,
        );
        if (opts.json) return printJson(r);
        printRecord(r);
      },
    );
}
