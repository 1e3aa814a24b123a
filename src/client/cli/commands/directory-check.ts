import fs from 'fs';
import type { Command } from 'commander';
import { parseDirectory } from '../../../directory/file';
import { getConfig } from '../context';
import { badInput, problemsMessage } from '../errors';
import { printJson, printLines } from '../io';

export interface DirectoryCheckData {
  file: string;
  staff: number;
  agencies: number;
  problems: string[];
}

export function gatherDirectoryCheck(file?: string): DirectoryCheckData {
  const path = file ?? getConfig().directoryFile;
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (e) {
    throw badInput(`FILE: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const { directory, problems } = parseDirectory(text, path);
  return {
    file: path,
    staff: directory?.staff.length ?? 0,
    agencies: directory?.agencies.length ?? 0,
    problems,
  };
}

export function register(cmd: Command): void {
  cmd
    .argument('[file]', 'the directory file (default: CPCASE_DIRECTORY_FILE, or the shipped example)')
    .option('--json', 'print the result as JSON')
    .action((file: string | undefined, opts: { json?: boolean }) => {
      const d = gatherDirectoryCheck(file);
      if (opts.json) printJson(d);
      else if (d.problems.length === 0) {
        printLines([`${d.file}: ${d.staff} staff, ${d.agencies} agencies; no problems.`]);
      }
      if (d.problems.length) {
        throw badInput(problemsMessage(d.file, d.problems));
      }
    });
}
