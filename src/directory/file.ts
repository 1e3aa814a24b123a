// The directory file (YAML or JSON), validated field by field; its rules (no duplicate ids, known managers,
// no loops) are checked too, so a worker never starts on a directory that would lose an escalation.
import fs from 'fs';
import YAML from 'yaml';
import { z } from 'zod';
import { checkDirectory, type Directory } from '../domain/directory';
import { formatIssues } from '../shared/issues';
import { REF_PATTERN } from '../domain/refs';

const id = z.string().regex(REF_PATTERN, 'must be an id: letters, digits, - _ : . / and no spaces');
const email = z.email('must be an email address');
const name = z.string().trim().min(1, 'must not be empty').max(200);

const directorySchema = z
  .object({
    safeguardingAdmin: z.object({ name, email }).strict(),
    headOfService: id.optional(),
    qaManager: id.optional(),
    staff: z
      .array(
        z
          .object({
            id,
            name,
            email,
            role: z.string().min(1),
            team: id.optional(),
            lineManager: id.optional(),
          })
          .strict(),
      )
      .min(1, 'must list at least one member of staff'),
    agencies: z.array(z.object({ id, name, email }).strict()).default([]),
  })
  .strict();

export class DirectoryFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`directory ${file}: ${problems.join('; ')}`);
  }
}

/** Parses and validates; schema problems first, and the directory's own rules only once its shape is right. */
export function parseDirectory(text: string, file: string): { directory?: Directory; problems: string[] } {
  let raw: unknown;
  try {
    raw = file.endsWith('.json') ? JSON.parse(text) : YAML.parse(text);
  } catch (e) {
    return {
      problems: [
        `not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
      ],
    };
  }
  if (raw === null || raw === undefined)
    return {
      problems: ['the directory is empty: it lists staff, headOfService, qaManager and safeguardingAdmin'],
    };
  const r = directorySchema.safeParse(raw);
  if (!r.success) return { problems: formatIssues(r.error.issues) };
  return { directory: r.data, problems: checkDirectory(r.data) };
}

export function loadDirectoryFile(file: string): Directory {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new DirectoryFileError(file, [
      `cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
    ]);
  }
  const { directory, problems } = parseDirectory(text, file);
  if (!directory || problems.length) throw new DirectoryFileError(file, problems);
  return directory;
}
