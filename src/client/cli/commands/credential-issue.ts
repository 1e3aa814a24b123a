import { Option, type Command } from 'commander';
import fs from 'fs';
import { issueToken, issuerFiles, ROLES, type Role } from '../../../identity/issuer';
import { badInput } from '../errors';
import { getConfig } from '../context';

export interface IssueOptions {
  issuerDir?: string;
  subject: string;
  role: Role[];
  hours: string;
  namespace?: string;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/** The local issuer's folder: --issuer-dir, else CPCASE_ISSUER_DIR. */
export function issuerDir(given: string | undefined): string {
  const dir = given ?? process.env.CPCASE_ISSUER_DIR;
  if (!dir) throw badInput('--issuer-dir: name the local issuer (the stack keeps one in data/stack/issuer)');
  if (!fs.existsSync(issuerFiles(dir).info))
    throw badInput(`--issuer-dir: ${dir} holds no issuer (issuer.json): is the stack started?`);
  return dir;
}

export function gatherIssue(o: IssueOptions): string {
  const dir = issuerDir(o.issuerDir);
  if (!ID.test(o.subject)) throw badInput(`--subject: '${o.subject}' is not a staff or service id`);
  if (o.role.length === 0) throw badInput(`--role: give at least one of ${ROLES.join(', ')}`);
  const hours = Number(o.hours);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 8784)
    throw badInput(`--hours: must be more than 0 and at most 8784 (a year) (got ${o.hours})`);
  return issueToken(dir, {
    subject: o.subject,
    roles: o.role,
    namespace: o.namespace ?? getConfig().temporal.namespace,
    hours,
  });
}

const collectRole = (v: string, prev: Role[] = []): Role[] => {
  const role = ROLES.find((r) => r === v);
  if (!role) throw badInput(`--role: '${v}' is not a role; use one of ${ROLES.join(', ')}`);
  return [...prev, role];
};

export function register(cmd: Command): void {
  cmd
    .option('--issuer-dir <dir>', 'the local issuer (default: CPCASE_ISSUER_DIR)')
    .requiredOption('--subject <id>', 'the staff or service id the token names')
    .addOption(new Option('--role <role>', `a role: ${ROLES.join(', ')} (repeatable)`).argParser(collectRole))
    .option('--hours <n>', 'how long it is good for', '8')
    .option('--namespace <name>', 'the namespace the roles are for (default: TEMPORAL_NAMESPACE)')
    .addHelpText(
      'after',
      '\nThe token goes to standard output: keep it in a file only its holder can read, and point\n' +
        'CPCASE_TOKEN_FILE at it. A council uses its own sign-in instead of this local issuer.\n' +
        'Example: cpcase credential issue --issuer-dir data/stack/issuer --subject ADM-001 \\\n' +
        '           --role administrator > adm.token',
    )
    .action((o: IssueOptions) => {
      process.stdout.write(gatherIssue({ ...o, role: o.role ?? [] }) + '\n');
    });
}
