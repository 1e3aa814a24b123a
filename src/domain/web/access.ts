// Who may see which case on the staff pages, from the directory alone: a person sees the cases they hold a role
// on; a manager also sees those of everyone they manage (down the line, however deep) and of those people's
// teams; the head of service, the QA manager and the safeguarding administrators see all. Pure, so each rule is
// a unit test; the server applies it to every page and never says whether a case it refuses exists.
import type { Directory, StaffMember } from '../directory';

export interface Viewer {
  id: string;
  name: string;
  /** Sees every case: head of service, QA manager, an administrator. */
  all: boolean;
  /** The viewer and everyone they manage, down the line. */
  people: ReadonlySet<string>;
  /** Teams of the people they manage (a manager's; empty for someone who manages nobody). */
  teams: ReadonlySet<string>;
  /** Manages anyone: the live view by team is theirs. */
  manages: boolean;
}

/** What of a case decides who may see it: the staff on it and its team. */
export interface CaseReach {
  staff: Readonly<Record<string, string | undefined>>;
  team?: string;
}

export type ViewerResult = { ok: true; viewer: Viewer } | { ok: false; problem: string };

const SEES_ALL_ROLES = new Set(['head-of-service', 'qa-manager']);

/** Everyone below `id` in the line, nearest first; a loop in the directory (refused by its check) ends it. */
function reportsOf(staff: readonly StaffMember[], id: string): StaffMember[] {
  const found: StaffMember[] = [];
  const seen = new Set([id]);
  for (let frontier = [id]; frontier.length > 0;) {
    const next = staff.filter((s) => s.lineManager && frontier.includes(s.lineManager) && !seen.has(s.id));
    for (const s of next) seen.add(s.id);
    found.push(...next);
    frontier = next.map((s) => s.id);
  }
  return found;
}

/**
 * The signed-in person as the pages treat them. `administrator`: their credential holds the administrator role
 * (they keep every case's record, so they see every case). Someone not in the directory sees nothing.
 */
export function viewerOf(dir: Directory, subject: string, administrator = false): ViewerResult {
  const me = dir.staff.find((s) => s.id === subject);
  if (!me)
    return {
      ok: false,
      problem: `${subject} is not in the council's staff directory, so no case can be shown to them`,
    };
  const reports = reportsOf(dir.staff, me.id);
  const all =
    administrator || SEES_ALL_ROLES.has(me.role) || dir.headOfService === me.id || dir.qaManager === me.id;
  return {
    ok: true,
    viewer: {
      id: me.id,
      name: me.name,
      all,
      people: new Set([me.id, ...reports.map((r) => r.id)]),
      teams: new Set(reports.flatMap((r) => (r.team ? [r.team] : []))),
      manages: reports.length > 0,
    },
  };
}

export function maySee(v: Viewer, c: CaseReach): boolean {
  if (v.all) return true;
  if (c.team && v.teams.has(c.team)) return true;
  return Object.values(c.staff).some((id) => id !== undefined && v.people.has(id));
}
