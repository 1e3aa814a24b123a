// People as the pages name them: "Sam Walker (social worker, SW-101)", from the directory; an id it lacks as is.
import type { Directory } from '../../domain/directory';

export const roleWords = (role: string) => role.replace(/-/g, ' ');

export function personLabel(dir: Directory, id: string | undefined, role?: string): string {
  if (!id) return role ? `${roleWords(role)} (nobody named)` : 'nobody named';
  const s = dir.staff.find((x) => x.id === id);
  const a = dir.agencies.find((x) => x.id === id);
  const name = s?.name ?? a?.name;
  const what = role ? `${roleWords(role)}, ${id}` : id;
  return name ? `${name} (${what})` : what;
}
