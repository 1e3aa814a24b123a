// Who is recording an entry, as the caller can say it: kept apart from the Temporal client so commands that never
// talk to Temporal (a calendar import) can name their author without loading it. Where the server checks identities
// it replaces this with the verified subject (server/access/stamp.go); here it is only what the caller holds.
import os from 'os';
import { credentialHolder } from '../../identity/credential';
import type { RecorderClaim } from '../../domain/case/recorder';
import { getConfig } from './context';
import { CliError, EXIT } from './errors';

const ID = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export type { RecorderClaim };

/** The holder of the caller's credential, else CPCASE_USER, else the login name; `--as` is on behalf of. */
export function recorder(onBehalfOf?: string): RecorderClaim {
  const id = credentialHolder(getConfig())?.subject ?? process.env.CPCASE_USER ?? os.userInfo().username;
  if (!ID.test(id)) {
    throw new CliError(
      `CPCASE_USER: '${id}' is not a user id (letters, digits, '.', '_', '@', '-')`,
      EXIT.badInput,
    );
  }
  if (onBehalfOf !== undefined && !ID.test(onBehalfOf)) {
    throw new CliError(`--as: '${onBehalfOf}' is not a staff id`, EXIT.badInput);
  }
  return { recordedBy: id, ...(onBehalfOf && onBehalfOf !== id ? { onBehalfOf } : {}) };
}
