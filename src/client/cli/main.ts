// The administrators' command line. Every command's errors end here: a CliError or a configuration error
// prints one line and exits with its code; anything else is a bug and keeps its stack trace.
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../../config/env';
import { PolicyFileError } from '../../policy/file';
import { CliError, EXIT } from './errors';
import * as calendarAdd from './commands/calendar-add';
import * as calendarBetween from './commands/calendar-between';
import * as calendarCheck from './commands/calendar-check';
import * as calendarImport from './commands/calendar-import';
import * as policyShow from './commands/policy-show';

export function buildProgram(): Command {
  const program = new Command('cpcase')
    .description(
      'Deadlines for child protection conferences: open cases, record what happened, see what is due.\n' +
        'Dates are written 2023-04-24 or 24/04/2023. Every command that prints data takes --json.',
    )
    .version(process.env.npm_package_version ?? '0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  const calendar = program
    .command('calendar')
    .description('working days and bank holidays (no server needed)')
    .exitOverride();
  for (const c of [calendarAdd, calendarBetween, calendarCheck, calendarImport]) c.register(calendar);

  const policy = program.command('policy').description('the timescale policy in force').exitOverride();
  policyShow.register(policy);

  for (const sub of [calendar, policy]) for (const c of sub.commands) c.exitOverride();
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
    if (e instanceof PolicyFileError) {
      process.stderr.write(`cpcase: policy file ${e.file}:\n  ${e.problems.join('\n  ')}\n`);
      return EXIT.badInput;
    }
    throw e;
  }
}
