// How a validation problem is said, for every file a council supplies (policy, directory, bank holidays): the
// field's path as the file spells it, then what is wrong. One place, so every loader says it the same way.
import type { z } from 'zod';

export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((i) => `${i.path.length ? i.path.join('.') : '(file)'}: ${i.message}`);
}
