// A command that writes checks first that it holds what the workers hold: the same current key (or the workers
// could not read what it sends: a case left half-opened, an entry that breaks its case), and for `open` the same
// policy (a case runs under the policy the opening CLI sends). Refused in one line naming the variable to set.
import { loadKeyring } from '../../crypto/keys';
import { publishedBy } from '../../shared/workerIdentity';
import { disagreement, workersPublish } from '../workers';
import { getConfig, getCouncil } from './context';
import { CliError, EXIT } from './errors';
import type { CliTemporal } from './temporal';

export async function agreeWithWorkers(t: CliTemporal, what: { policy: boolean }): Promise<void> {
  const cfg = getConfig();
  const mine = publishedBy(loadKeyring(cfg.keys.file, cfg.keys.json), getCouncil().policy);
  const d = disagreement(mine, await workersPublish(t.client, t.taskQueue));
  if (!d || (d.variable === 'CPCASE_POLICY_FILE' && !what.policy)) return;
  throw new CliError(
    `${d.variable}: this CLI has ${d.mine} but the workers of ${t.taskQueue} have ${d.theirs}: nothing was ` +
      `${what.policy ? 'started' : 'recorded'}; set ${d.variable} as the workers have it`,
    EXIT.badInput,
  );
}
