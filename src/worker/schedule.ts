// The Temporal Schedule that starts the morning digest on weekdays at the policy's send time, Europe/London
// (bank holidays are skipped by the digest itself, which knows the calendar). Created once; left alone after.
import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';
import { parseTimeOfDay } from '../domain/londonTime';
import { morningDigestWorkflow } from '../workflows/digest';

export const DIGEST_SCHEDULE_ID = 'cpcase-morning-digest';

export async function ensureDigestSchedule(
  client: Client,
  taskQueue: string,
  sendTime: string,
): Promise<'created' | 'exists'> {
  const t = parseTimeOfDay(sendTime) ?? { hours: 9, minutes: 0 };
  try {
    await client.schedule.create({
      scheduleId: DIGEST_SCHEDULE_ID,
      spec: {
        calendars: [
          {
            dayOfWeek: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'],
            hour: t.hours,
            minute: t.minutes,
          },
        ],
        timezone: 'Europe/London',
      },
      action: {
        type: 'startWorkflow',
        workflowType: morningDigestWorkflow,
        args: [{}],
        taskQueue,
        workflowId: DIGEST_SCHEDULE_ID,
      },
    });
    return 'created';
  } catch (e) {
    if (e instanceof ScheduleAlreadyRunning) return 'exists';
    throw e;
  }
}
