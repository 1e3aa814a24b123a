import type { Command } from 'commander';
import { DIGEST_SCHEDULE_ID, ensureDigestSchedule } from '../../../worker/schedule';
import { getConfig, getCouncil } from '../context';
import { printJson, printLines } from '../io';
import { withTemporal } from '../temporal';

export interface ScheduleData {
  scheduleId: string;
  result: 'created' | 'exists' | 'recreated';
  sendTime: string;
}

/**
 * The morning digest's schedule, made once (an operator's task where roles are checked). `recreate`: deleted and
 * made again, as after a change of send time, or to carry it onto the current encryption key.
 */
export async function gatherScheduleEnsure(recreate = false): Promise<ScheduleData> {
  const sendTime = getCouncil().policy.sendTime;
  const result = await withTemporal(async (t): Promise<ScheduleData['result']> => {
    if (recreate)
      await t.client.schedule
        .getHandle(DIGEST_SCHEDULE_ID)
        .delete()
        .catch(() => undefined);
    const made = await ensureDigestSchedule(t.client, getConfig().temporal.taskQueue, sendTime);
    return recreate && made === 'created' ? 'recreated' : made;
  });
  return { scheduleId: DIGEST_SCHEDULE_ID, result, sendTime };
}

export function register(cmd: Command): void {
  cmd
    .option('--recreate', 'delete it and make it again (a new send time; the current encryption key)')
    .option('--json', 'print the result as JSON')
    .action(async (o: { json?: boolean; recreate?: boolean }) => {
      const d = await gatherScheduleEnsure(o.recreate);
      if (o.json) return printJson(d);
      printLines([
        d.result !== 'exists'
          ? `${d.result === 'recreated' ? 'Made again' : 'Made'} the schedule ${d.scheduleId}: the morning digest goes on weekdays at ${d.sendTime} (Europe/London).`
          : `The schedule ${d.scheduleId} is already there: nothing changed.`,
      ]);
    });
}
