import type { Command } from 'commander';
import { CASE_WORKFLOW_PREFIX, calendarUpdated } from '../../../workflows/messages';
import { OPEN_CASES_QUERY } from '../../cases';
import { printJson, printLines } from '../io';
import { withTemporal } from '../temporal';

export interface CalendarPushData {
  signalled: string[];
  failed: { caseRef: string; error: string }[];
}

/** Tells every open case to reload its bank holidays and recompute its open deadlines. */
export function gatherCalendarPush(): Promise<CalendarPushData> {
  return withTemporal(async (t) => {
    const data: CalendarPushData = { signalled: [], failed: [] };
    for await (const w of t.client.workflow.list({ query: OPEN_CASES_QUERY })) {
      const caseRef = w.workflowId.slice(CASE_WORKFLOW_PREFIX.length);
      try {
        await t.client.workflow.getHandle(w.workflowId).signal(calendarUpdated);
        data.signalled.push(caseRef);
      } catch (e) {
        // A case that closed between the listing and the signal has no calendar to update.
        data.failed.push({ caseRef, error: e instanceof Error ? e.message : String(e) });
      }
    }
    return data;
  });
}

export function register(cmd: Command): void {
  cmd.option('--json', 'print the cases told as JSON').action(async (opts: { json?: boolean }) => {
    const d = await gatherCalendarPush();
    if (opts.json) return printJson(d);
    printLines([
      `Told ${d.signalled.length} open ${d.signalled.length === 1 ? 'case' : 'cases'} to reload the calendar.`,
      ...d.failed.map((f) => `  not told ${f.caseRef}: ${f.error}`),
    ]);
  });
}
