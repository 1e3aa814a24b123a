// The staff and agency directory as pure data and rules: who a notification reaches, resolved at send time so
// a change of manager or address takes effect at once, and the checks that keep the management chain sound.
import type { ResolvedRecipient } from './case/actions';

export interface StaffMember {
  id: string;
  name: string;
  email: string;
  role: string;
  team?: string;
  lineManager?: string;
}

export interface Agency {
  id: string;
  name: string;
  email: string;
}

export interface Directory {
  staff: StaffMember[];
  agencies: Agency[];
  /** Hears about undeliverable addresses and recipients nobody can resolve. */
  safeguardingAdmin: { name: string; email: string };
  headOfService?: string;
  qaManager?: string;
}

export interface Addressee {
  /** Staff or agency id, or 'safeguarding-admin'. */
  id: string;
  name: string;
  email: string;
  role: string;
}

export type Resolution = { ok: true; to: Addressee } | { ok: false; problem: string };

export function resolveAddressee(dir: Directory, r: ResolvedRecipient): Resolution {
  const staff = (id: string | undefined, why: string): Resolution => {
    if (!id) return { ok: false, problem: `nobody holds the role ${why} on this case` };
    const s = dir.staff.find((x) => x.id === id);
    return s
      ? { ok: true, to: { id: s.id, name: s.name, email: s.email, role: r.role } }
      : { ok: false, problem: `${why} ${id} is not in the directory` };
  };
  switch (r.role) {
    case 'agency': {
      const a = dir.agencies.find((x) => x.id === r.id);
      return a
        ? { ok: true, to: { id: a.id, name: a.name, email: a.email, role: 'agency' } }
        : { ok: false, problem: `agency ${r.id ?? '(none)'} is not in the directory` };
    }
    case 'owner-line-manager': {
      const of = dir.staff.find((x) => x.id === r.managerOf);
      if (!of)
        return {
          ok: false,
          problem: `${r.managerOf ?? '(nobody)'} is not in the directory, so neither is their manager`,
        };
      return staff(of.lineManager, `line manager of ${of.id}`);
    }
    case 'head-of-service':
      return staff(r.id ?? dir.headOfService, 'head of service');
    case 'qa-manager':
      return staff(r.id ?? dir.qaManager, 'quality-assurance manager');
    default:
      return staff(r.id, r.role);
  }
}

/** Everything wrong with a directory, each problem naming the entry: duplicates, unknown managers, loops. */
export function checkDirectory(dir: Directory): string[] {
  const problems: string[] = [];
  const ids = new Map<string, number>();
  for (const id of [...dir.staff.map((s) => s.id), ...dir.agencies.map((a) => a.id)])
    ids.set(id, (ids.get(id) ?? 0) + 1);
  for (const [id, n] of ids) if (n > 1) problems.push(`${id}: the id is used ${n} times`);
  const byId = new Map(dir.staff.map((s) => [s.id, s]));
  for (const s of dir.staff) {
    if (s.lineManager && !byId.has(s.lineManager)) {
      problems.push(`${s.id}: line manager ${s.lineManager} is not in the directory`);
    }
  }
  const reported = new Set<string>();
  for (const s of dir.staff) {
    const chain = [s.id];
    for (let m = byId.get(s.id)?.lineManager; m && byId.has(m); m = byId.get(m)?.lineManager) {
      if (chain.includes(m)) {
        const loop = [...chain.slice(chain.indexOf(m)), m];
        const key = [...new Set(loop)].sort().join();
        if (!reported.has(key)) problems.push(`management loop: ${loop.join(' -> ')}`);
        reported.add(key);
        break;
      }
      chain.push(m);
    }
  }
  for (const [field, id] of [
    ['headOfService', dir.headOfService],
    ['qaManager', dir.qaManager],
  ] as const) {
    if (id && !byId.has(id)) problems.push(`${field}: ${id} is not in the staff list`);
  }
  return problems;
}
