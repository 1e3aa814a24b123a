// The administrators' command line. Every command's errors end here: a CliError or a configuration error
// prints one line and exits with its code; anything else is a bug and keeps its stack trace.
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../../config/env';
import { PolicyFileError } from '../../policy/file';
import { DirectoryFileError } from '../../directory/file';
import { KeyError } from '../../crypto/keys';
import { CliError, EXIT } from './errors';
import * as calendarAdd from './commands/calendar-add';
import * as calendarBetween from './commands/calendar-between';
import * as calendarCheck from './commands/calendar-check';
import * as calendarImport from './commands/calendar-import';
import * as calendarPush from './commands/calendar-push';
import * as audit from './commands/audit';
import * as reportAnnual from './commands/report-annual';
import * as reportLive from './commands/report-live';
import * as directoryCheck from './commands/directory-check';
import * as keysGenerate from './commands/keys-generate';
import * as codecServer from './commands/codec-server';
import * as importCmd from './commands/import';
import * as list from './commands/list';
import * as open from './commands/open';
import * as policyShow from './commands/policy-show';
import * as record from './commands/record';
import * as status from './commands/status';

export function buildProgram(): Command {
  const program = new Command('cpcase')
    .description(
      'Deadlines for child protection conferences: open cases, record what happened, see what is due.\n' +
        'Dates are written 2023-04-24 or 24/04/2023. Every command that prints data takes --json.',
    )
    .version(process.env.npm_package_version ?? '0.1.0')
    .option(
      '--as <id>',
      'who is recording, when your deployment sets it (default: CPCASE_USER or your login)',
    )
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .addHelpText(
      'after',
      '\nA case from start to finish:\n' +
        '  cpcase open CP-2026-0142 --child CH-7Q2:14/03/2013 --social-worker SW-101 --team-manager TM-201\n' +
        '  cpcase record strategy-discussion CP-2026-0142 --date 24/04/2023\n' +
        '  cpcase status CP-2026-0142\n' +
        '  cpcase list --due-within 5\n' +
        '\nExit codes: 0 done, 2 bad input, 3 not found, 4 refused by the case, 5 Temporal unreachable.',
    );
  for (const c of [open, record, status, list, importCmd, audit]) c.register(program);

  const calendar = program
    .command('calendar')
    .description('working days and bank holidays (no server needed)')
    .exitOverride();
  for (const c of [calendarAdd, calendarBetween, calendarCheck, calendarImport, calendarPush])
    c.register(calendar);

  const policy = program.command('policy').description('the timescale policy in force').exitOverride();
  policyShow.register(policy);

  const report = program.command('report').description('reports from the ledger for quality assurance');
  reportAnnual.register(report);
  reportLive.register(report);

  const keys = program.command('keys').description('the encryption keys of case data');
  keysGenerate.register(keys);
  codecServer.register(program);

  const directory = program.command('directory').description('the staff and agency directory emails go to');
  directoryCheck.register(directory);

  // Every command and subcommand reports bad usage through main() rather than exiting on its own.
  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  for (const c of all(program)) c.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are "errors" to commander; they already printed and are not failures.
      if (e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version')
        return EXIT.ok;
      return EXIT.badInput;
    }
    if (e instanceof CliError) {
      process.stderr.write(`cpcase: ${e.message}\n`);
      return e.exitCode;
    }
    if (e instanceof ConfigError) {
      process.stderr.write(`cpcase: configuration: ${e.message}\n`);
      return EXIT.badInput;
    }
    if (e instanceof KeyError) {
      process.stderr.write(`cpcase: encryption keys: ${e.message}\n`);
      return EXIT.badInput;
    }
    if (e instanceof DirectoryFileError) {
      process.stderr.write(`cpcase: directory ${e.file}:\n  ${e.problems.join('\n  ')}\n`);
      return EXIT.badInput;
    }
    if (e instanceof PolicyFileError) {
      process.stderr.write(`cpcase: policy file ${e.file}:\n  ${e.problems.join('\n  ')}\n`);
      return EXIT.badInput;
    }
    throw e;
  }
}
