// Who is recording an entry: kept apart from the Temporal client so commands that never talk to Temporal (a
// calendar import) can name their author without loading it.
import os from 'os';
import { CliError, EXIT } from './errors';

/** Who is recording: the deployment's explicit identity (--as or CPCASE_USER), else the operating-system user. */
export function recorder(as?: string): string {
  const id = as ?? process.env.CPCASE_USER ?? os.userInfo().username;
  if (!/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/.test(id)) {
    throw new CliError(`--as: '${id}' is not a user id (letters, digits, '.', '_', '@', '-')`, EXIT.badInput);
  }
  return id;
}
