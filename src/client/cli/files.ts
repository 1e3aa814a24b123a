// Files a command reads and writes: read whole within a bound, named in errors as the user typed the option; a
// file written is whole or absent (written aside, then renamed over), never half-written.
import fs from 'fs';
import path from 'path';
import { badInput, CliError } from './errors';

/** Reads a text file of at most `maxBytes`; `what` names it as the user gave it ('FILE', '--children'). */
export function readBounded(file: string, what: string, maxBytes: number): string {
  try {
    const size = fs.statSync(file).size;
    if (size > maxBytes)
      throw badInput(
        `${what}: ${file} is ${Math.ceil(size / 1024 / 1024)} MB, more than one run takes ` +
          `(${Math.round(maxBytes / 1024 / 1024)} MB); split the file`,
      );
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof CliError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw badInput(
      `${what}: cannot read ${file}: ${code === 'EISDIR' ? 'it is a folder' : (code ?? String(e))}`,
    );
  }
}

/** Writes `text` to `file` whole: beside it first, then renamed over it, so a crash leaves the old file or none. */
export function writeWhole(file: string, text: string, what: string): void {
  checkWritable(file, what);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    throw badInput(`${what}: cannot write ${file}: ${code ?? String(e)}`);
  }
}

/** Refuses, before any work, a file that could not be written: its folder missing, or a folder in its place. */
export function checkWritable(file: string, what: string): void {
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) throw badInput(`${what}: the folder ${dir} does not exist`);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw badInput(`${what}: ${file} is a folder`);
}
