// The staff and agency directory as pure data and rules: who a notification reaches, resolved at send time so
// a change of manager or address takes effect at once, and the checks that keep the management chain sound.
import type { ResolvedRecipient } from './case/actions';
import { RECIPIENTS } from './policy';

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

/**
 * The roles a directory's staff may hold: those cpcase sends to, and the managers and support staff of the
 * ladder. An unknown role is a slip (`role: wizard`), and is refused rather than carried along.
 */
export const STAFF_ROLES_KNOWN: readonly string[] = [
  // Everyone a ladder can name by role ('owner' and 'owner-line-manager' are resolved through the case).
  ...RECIPIENTS.filter((r) => r !== 'owner' && r !== 'owner-line-manager'),
  'business-support-manager',
  'independent-reviewing-officer',
  'safeguarding-admin',
];

/**
 * Everything wrong with a directory, each problem naming the entry: duplicates (ids are compared exactly, so two
 * that differ only in case are refused as one person written two ways), unknown roles and managers, loops.
 */
export function checkDirectory(dir: Directory): string[] {
  const problems: string[] = [];
  const byLower = new Map<string, string>();
  for (const id of [...dir.staff.map((s) => s.id), ...dir.agencies.map((a) => a.id)]) {
    const other = byLower.get(id.toLowerCase());
    if (other && other !== id)
      problems.push(`${id}: differs from ${other} only in case; write one id one way`);
    byLower.set(id.toLowerCase(), id);
  }
  for (const s of dir.staff) {
    if (!STAFF_ROLES_KNOWN.includes(s.role)) {
      problems.push(`${s.id}: role '${s.role}' is not known; use one of ${STAFF_ROLES_KNOWN.join(', ')}`);
    }
  }
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

/** Edit distance, to suggest the id someone probably meant. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[y.length]!;
}

/** The known ids nearest to one that is not known (at most three), for the message that refuses it. */
export function nearestIds(id: string, known: readonly string[]): string[] {
  return [...known]
    .map((k) => ({ k, d: distance(id, k) }))
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
    .slice(0, 3)
    .map((x) => x.k);
}

/** A staff id given on an option: known to the directory, else a problem naming the option and the nearest ids. */
export function unknownStaff(dir: Directory, option: string, id: string | undefined): string[] {
  if (id === undefined || dir.staff.some((s) => s.id === id)) return [];
  const near = nearestIds(
    id,
    dir.staff.map((s) => s.id),
  );
  return [`${option}: ${id} is not in the staff directory (nearest: ${near.join(', ')})`];
}

export function unknownAgency(dir: Directory, option: string, id: string): string[] {
  if (dir.agencies.some((a) => a.id === id)) return [];
  const near = nearestIds(
    id,
    dir.agencies.map((a) => a.id),
  );
  return [`${option}: ${id} is not an agency in the directory (nearest: ${near.join(', ')})`];
}

/** The case's people as the options that name them, for a check before a case is opened. */
export interface CaseStaffOptions {
  '--social-worker': string;
  '--team-manager': string;
  '--service-manager'?: string;
  '--chair'?: string;
  '--minute-taker'?: string;
}

/**
 * Before a case is opened: every person and agency known, and everyone the policy escalates to reachable (a
 * service manager on the case, a head of service and QA manager in the directory, a line manager for a chair or
 * minute-taker). A case that would produce undeliverable escalations is refused instead.
 */
export function checkCasePeople(
  dir: Directory,
  people: CaseStaffOptions,
  agencies: readonly string[],
  escalatesTo: ReadonlySet<string>,
): string[] {
  const problems = [
    ...Object.entries<string | undefined>({ ...people }).flatMap(([option, id]) =>
      unknownStaff(dir, option, id),
    ),
    ...agencies.flatMap((a) => unknownAgency(dir, '--agency', a)),
  ];
  if (escalatesTo.has('service-manager') && !people['--service-manager']) {
    problems.push('--service-manager: the policy escalates to the service manager; name one for the case');
  }
  const chiefs: [string, string, string | undefined][] = [
    ['head-of-service', 'the head of service', dir.headOfService],
    ['qa-manager', 'the quality-assurance manager', dir.qaManager],
  ];
  for (const [role, who, id] of chiefs) {
    if (escalatesTo.has(role) && !(id && dir.staff.some((s) => s.id === id))) {
      problems.push(
        `the directory names no ${who}, and the policy escalates to them: add one to the directory`,
      );
    }
  }
  if (escalatesTo.has('owner-line-manager')) {
    for (const option of ['--chair', '--minute-taker'] as const) {
      const s = dir.staff.find((x) => x.id === people[option]);
      if (s && !(s.lineManager && dir.staff.some((x) => x.id === s.lineManager))) {
        problems.push(
          `${option}: ${s.id} has no line manager in the directory, and the policy escalates to them`,
        );
      }
    }
  }
  return problems;
}
