import type { Command } from 'commander';
import type { Hold } from '../../../ledger/records';
import { caseRefArg } from '../args';
import { badInput, CliError, EXIT } from '../errors';
import { printJson, printLines } from '../io';
import { openCliLedger } from '../ledger';
import { recorder } from '../recorder';

export interface HoldData {
  caseRef: string;
  action: 'placed' | 'lifted';
  hold: Hold;
}

/** A legal hold stops a case's destruction until it is lifted; both are kept, with who and why. */
export async function gatherHold(caseRef: string, o: { reason?: string; lift?: boolean }): Promise<HoldData> {
  const reason = o.reason?.trim() ?? '';
  if (!reason) throw badInput(`--reason: say why the hold is ${o.lift ? 'lifted' : 'placed'}`);
  if (reason.length > 500) throw badInput('--reason: 500 characters or fewer');
  const by = recorder().recordedBy;
  const ledger = await openCliLedger();
  try {
    if (!(await ledger.caseEntry(caseRef)))
      throw new CliError(`the ledger holds no case ${caseRef} (destroyed, or never opened)`, EXIT.notFound);
    const at = new Date().toISOString();
    if (!o.lift)
      return { caseRef, action: 'placed', hold: await ledger.records.placeHold(caseRef, by, reason, at) };
    const lifted = await ledger.records.liftHold(caseRef, by, reason, at);
    if (!lifted) throw new CliError(`case ${caseRef} has no hold in force to lift`, EXIT.rejected);
    return { caseRef, action: 'lifted', hold: lifted };
  } finally {
    await ledger.close();
  }
}

export function register(cmd: Command): void {
  cmd
    .argument('<case-ref>', 'the case reference', caseRefArg)
    .option('--reason <text>', 'why (kept with the hold; 500 characters at most)')
    .option('--lift', 'lift the hold in force instead of placing one')
    .option('--json', 'print the hold as JSON')
    .addHelpText(
      'after',
      "\nExample: cpcase hold CP-2026-0142 --reason 'litigation: keep until the claim is settled'",
    )
    .action(async (caseRef: string, o: { reason?: string; lift?: boolean; json?: boolean }) => {
      const d = await gatherHold(caseRef, o);
      if (o.json) return printJson(d);
      printLines([
        d.action === 'placed'
          ? `Hold ${d.hold.seq} placed on ${caseRef}: it is not destroyed, whatever the schedule says, until the hold is lifted.`
          : `Hold ${d.hold.seq} on ${caseRef} lifted: the records schedule applies to it again.`,
      ]);
    });
}
