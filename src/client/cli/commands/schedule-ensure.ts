import type { Command } from 'commander';
import { DIGEST_SCHEDULE_ID, ensureDigestSchedule } from '../../../worker/schedule';
import { getConfig, getCouncil } from '../context';
import { printJson, printLines } from '../io';
import { withTemporal } from '../temporal';

export interface ScheduleData {
  scheduleId: string;
  result: 'created' | 'exists';
  sendTime: string;
}

/** The morning digest's schedule, made once (an operator's task where roles are checked). */
export async function gatherScheduleEnsure(): Promise<ScheduleData> {
  const sendTime = getCouncil().policy.sendTime;
  const result = await withTemporal((t) =>
    ensureDigestSchedule(t.client, getConfig().temporal.taskQueue, sendTime),
  );
  return { scheduleId: DIGEST_SCHEDULE_ID, result, sendTime };
}

export function register(cmd: Command): void {
  cmd.option('--json', 'print the result as JSON').action(async (o: { json?: boolean }) => {
    const d = await gatherScheduleEnsure();
    if (o.json) return printJson(d);
    printLines([
      d.result === 'created'
        ? `Made the schedule ${d.scheduleId}: the morning digest goes on weekdays at ${d.sendTime} (Europe/London).`
        : `The schedule ${d.scheduleId} is already there: nothing changed.`,
    ]);
  });
}
