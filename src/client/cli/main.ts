// The administrators' command line. Every command's errors end here: a CliError or a configuration error
// prints one line and exits with its code; anything else is a bug and keeps its stack trace.
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../../config/env';
import { PolicyFileError } from '../../policy/file';
import { DirectoryFileError } from '../../directory/file';
import { KeyError } from '../../crypto/keys';
import { CliError, EXIT, problemsMessage } from './errors';
import { LedgerDamaged } from '../../ledger/damaged';
import { COMMANDS, GROUPS, type CommandEntry } from './commands';
import { packageVersion } from '../../shared/version';

/**
 * The command the arguments name (`record …`, `calendar add …`, `help status`), found before anything is loaded:
 * global options (`--as ID`) are skipped. Undefined for `--help`, `--version` or an unknown command.
 */
export function selectedCommand(argv: string[]): CommandEntry | undefined {
  const words: string[] = [];
  for (let i = 2; i < argv.length && words.length < 3; i++) {
    const a = argv[i]!;
    if (a === '--as') i += 1;
    else if (a === '--debug' || a.startsWith('--as=')) continue;
    else if (!a.startsWith('-')) words.push(a);
    else break; // options of the command itself from here on
  }
  if (words[0] === 'help') words.shift();
  return COMMANDS.find((e) => e.path.every((p, i) => words[i] === p));
}

/** The program with every command listed and the selected one's module loaded and registered. */
export async function buildProgram(argv: string[]): Promise<Command> {
  const selected = selectedCommand(argv);
  const loaded = selected ? await selected.load() : undefined;
  return programWith(selected, (cmd) => loaded?.register(cmd));
}

function programWith(selected: CommandEntry | undefined, register: (cmd: Command) => void): Command {
  const program = new Command('cpcase')
    .description(
      'Deadlines for child protection conferences: open cases, record what happened, see what is due.\n' +
        'Dates are written 2023-04-24 or 24/04/2023. Every command that prints data takes --json.',
    )
    .version(packageVersion())
    .option('--debug', 'on a failure that is not your input, show where it happened (a stack trace)')
    .option(
      '--as <id>',
      'record on behalf of this staff id (an administrator entering for a colleague): kept beside your own id',
    )
    .exitOverride()
    .addHelpText(
      'after',
      '\nA case from start to finish:\n' +
        '  cpcase open CP-2026-0142 --child CH-7Q2:14/03/2013 --social-worker SW-101 --team-manager TM-201 \\\n' +
        '    --service-manager SM-301\n' +
        '  cpcase record strategy-discussion CP-2026-0142 --date 24/04/2023\n' +
        '  cpcase status CP-2026-0142\n' +
        '  cpcase list --due-within 5\n' +
        '\nExit codes: 0 done, 2 bad input, 3 not found, 4 refused by the case, 5 Temporal unreachable,\n' +
        '6 not permitted (your role does not allow it), 7 not signed in (no credential, or one refused).\n' +
        'Who you are: your token (CPCASE_TOKEN_FILE) or client certificate; `cpcase whoami` shows it.',
    );
  const groups = new Map<string, Command>();
  const parentOf = (e: CommandEntry) => {
    if (e.path.length === 1) return program;
    const name = e.path[0]!;
    let g = groups.get(name);
    if (!g) {
      g = program.command(name).description(GROUPS[name] ?? '');
      groups.set(name, g);
    }
    return g;
  };
  for (const e of COMMANDS) {
    const cmd = parentOf(e)
      .command(e.path[e.path.length - 1]!)
      .description(e.description);
    if (e === selected) register(cmd);
  }

  // Every command and subcommand reports bad usage through main() rather than exiting on its own, in the one
  // line every other error takes ("cpcase: ..."), with where to look for usage on the same line.
  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  for (const c of all(program))
    c.exitOverride()
      .configureOutput({ outputError: writeUsageError })
      // A laptop terminal is 100 to 120 columns: help wraps to fit one, whatever the output is.
      .configureHelp({ helpWidth: Math.min(process.stdout.columns || 100, 100) });
  return program;
}

/** commander's "error: ...\n" as one line of the CLI's vocabulary. */
function writeUsageError(message: string, write: (s: string) => void): void {
  const text = message
    .replace(/^error:\s*/, '')
    .replace(/\s+/g, ' ')
    .trim();
  write(`cpcase: ${text} (run with --help for usage)\n`);
}

/** `cpcase help nosuch`: commander would print the whole usage and fail; say what was not known instead. */
function unknownHelpTopic(argv: string[]): string | undefined {
  const words = argv.slice(2).filter((a) => !a.startsWith('-'));
  if (words[0] !== 'help' || words[1] === undefined) return undefined;
  return COMMANDS.some((e) => e.path[0] === words[1]) ? undefined : words[1];
}

export async function main(argv: string[]): Promise<number> {
  try {
    const topic = unknownHelpTopic(argv);
    if (topic !== undefined) throw new CliError(`unknown command '${topic}' (run with --help for usage)`);
    const program = await buildProgram(argv);
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
      process.stderr.write(`cpcase: ${problemsMessage(`directory ${e.file}`, e.problems)}\n`);
      return EXIT.badInput;
    }
    if (e instanceof PolicyFileError) {
      process.stderr.write(`cpcase: ${problemsMessage(`policy file ${e.file}`, e.problems)}\n`);
      return EXIT.badInput;
    }
    // Storage: a damaged or unreadable ledger is said in one line, not as a stack.
    if (
      e instanceof LedgerDamaged ||
      (e instanceof Error && /^ERR_SQLITE/.test(String(Reflect.get(e, 'code'))))
    ) {
      process.stderr.write(`cpcase: the ledger cannot be read (${e.message}): restore it from a backup\n`);
      return EXIT.failure;
    }
    throw e;
  }
}
