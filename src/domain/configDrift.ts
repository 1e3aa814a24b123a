// Workers of one deployment are meant to run on the same policy and directory, and each case runs under the
// policy it was opened with. When either differs, nothing is wrong by itself (a case keeps its own timescales),
// but people are told by different rules: a worker says so. Pure: fingerprints are made by the caller.
import { rulesOf, type Policy } from './policy';

/** JSON with every object's keys in code-unit order: the same value gives the same text on any host. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * What a case's deadlines depend on: the counting and the rules it plans by (not the send time or digest
 * settings); a policy from before CSE cycles plans them by the defaults, so it is no other policy for that.
 */
export const timescalesOf = (p: Policy) => canonicalJson({ counting: p.counting, rules: rulesOf(p) });

export interface PolicyDrift {
  policyId: string;
  cases: string[];
}

/** Cases whose timescales are not this worker's policy's, grouped by the policy they carry. */
export function casesUnderOtherPolicies(
  worker: Policy,
  cases: { caseRef: string; policy?: Policy }[],
): PolicyDrift[] {
  const mine = timescalesOf(worker);
  const groups = new Map<string, PolicyDrift>();
  for (const c of cases) {
    if (!c.policy || timescalesOf(c.policy) === mine) continue;
    const key = `${c.policy.id}\u0000${timescalesOf(c.policy)}`;
    const g = groups.get(key) ?? { policyId: c.policy.id, cases: [] };
    g.cases.push(c.caseRef);
    groups.set(key, g);
  }
  return [...groups.values()];
}

/** What a worker tells the others about its configuration (through the shared database). */
export interface WorkerConfig {
  workerId: string;
  policyId: string;
  policyFingerprint: string;
  directoryFingerprint: string;
  seenAt: string;
}

/** Other workers seen within `freshMs` of `now` whose policy or directory is not this worker's. */
export function peersThatDiffer(
  me: WorkerConfig,
  others: WorkerConfig[],
  now: Date,
  freshMs: number,
): { workerId: string; differs: ('policy' | 'directory')[] }[] {
  return others
    .filter((o) => o.workerId !== me.workerId && now.getTime() - Date.parse(o.seenAt) <= freshMs)
    .map((o) => ({
      workerId: o.workerId,
      differs: [
        ...(o.policyFingerprint !== me.policyFingerprint ? (['policy'] as const) : []),
        ...(o.directoryFingerprint !== me.directoryFingerprint ? (['directory'] as const) : []),
      ],
    }))
    .filter((o) => o.differs.length > 0);
}
