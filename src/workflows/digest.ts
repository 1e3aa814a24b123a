// The morning digest, started by a Temporal Schedule on weekday mornings (Europe/London). The activity does
// the work; the workflow only fixes the date, so a retried run sends the same day's digest, once.
import { proxyActivities } from '@temporalio/workflow';
import type { LocalDate } from '../domain/dates';
import { londonDate } from '../domain/londonTime';
import type { DigestActivities } from '../activities/types';

const { sendMorningDigests } = proxyActivities<DigestActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '30 seconds', backoffCoefficient: 2, maximumInterval: '15 minutes' },
});

type DigestRun = Awaited<ReturnType<DigestActivities['sendMorningDigests']>>;

/** The schedule starts it with `{}` (today); `date` re-sends a past day's digest by hand. */
export async function morningDigestWorkflow({ date }: { date?: LocalDate }): Promise<DigestRun> {
  return sendMorningDigests(date ?? londonDate(Date.now()));
}
