import type { Command } from 'commander';
import type { CaseStatus } from '../../../domain/case/status';
import { asOfNow, statusQuery } from '../../../workflows/messages';
import { caseLines } from '../caseView';
import { printJson, printLines } from '../io';
import { withTemporal } from '../temporal';
import { askWhenReady } from '../../readiness';
import { caseRefArg } from '../args';

export function gatherStatus(caseRef: string): Promise<CaseStatus> {
  return withTemporal((t) => {
    const handle = t.caseHandle(caseRef);
    return askWhenReady(handle, () => handle.query(statusQuery, ...asOfNow()));
  }, caseRef);
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
