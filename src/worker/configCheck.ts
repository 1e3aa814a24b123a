// A worker's check of its configuration against the cases it runs and the other workers of the deployment:
// at start, the cases whose policy's timescales are not its own; every minute (with DATABASE_URL), any worker
// seen lately whose policy or directory differs. Said in the worker log once per difference, never fatal.
import crypto from 'crypto';
import os from 'os';
import { z } from 'zod';
import type { Pool } from 'pg';
import {
  canonicalJson,
  casesUnderOtherPolicies,
  peersThatDiffer,
  type WorkerConfig,
} from '../domain/configDrift';
import type { Policy } from '../domain/policy';
import type { Directory } from '../domain/directory';
import type { CouncilConfig } from '../policy/file';
import type { LedgerStore } from '../ledger/types';
import { migrate } from '../ledger/postgres';
import { sharedPool } from '../ledger/pool';

export const fingerprint = (value: unknown) =>
  crypto.createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 16);

/** Peers are those seen within this long: a worker stopped an hour ago is not running with anything. */
export const PEER_FRESH_MS = 5 * 60_000;
export const CHECK_EVERY_MS = 60_000;

export interface ConfigPeers {
  publish(me: WorkerConfig): Promise<void>;
  all(): Promise<WorkerConfig[]>;
  close(): Promise<void>;
}

const rowSchema = z.object({
  worker_id: z.string(),
  policy_id: z.string(),
  policy_fingerprint: z.string(),
  directory_fingerprint: z.string(),
  seen_at: z.string(),
});

export async function openPostgresConfigPeers(
  url: string,
  pool: Pool = sharedPool(url, 1),
): Promise<ConfigPeers> {
  await migrate(pool);
  return {
    async publish(me) {
      await pool.query(
        `INSERT INTO worker_configs (worker_id, policy_id, policy_fingerprint, directory_fingerprint, seen_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (worker_id) DO UPDATE SET policy_id = $2, policy_fingerprint = $3,
           directory_fingerprint = $4, seen_at = $5`,
        [me.workerId, me.policyId, me.policyFingerprint, me.directoryFingerprint, me.seenAt],
      );
    },
    async all() {
      const r = await pool.query(`SELECT * FROM worker_configs`);
      return z
        .array(rowSchema)
        .parse(r.rows)
        .map((x) => ({
          workerId: x.worker_id,
          policyId: x.policy_id,
          policyFingerprint: x.policy_fingerprint,
          directoryFingerprint: x.directory_fingerprint,
          seenAt: x.seen_at,
        }));
    },
    close: () => pool.end(),
  };
}

export type Warn = (message: string, meta: Record<string, unknown>) => void;

/** Says once which cases run under a policy whose timescales are not this worker's. */
export async function checkCasePolicies(ledger: LedgerStore, policy: Policy, warn: Warn): Promise<void> {
  for (const d of casesUnderOtherPolicies(policy, await ledger.cases())) {
    warn(
      `${d.cases.length} case${d.cases.length === 1 ? ' runs' : 's run'} under policy '${d.policyId}', whose ` +
        `timescales differ from this worker's policy '${policy.id}': each keeps the timescales it was opened ` +
        "with; this worker's digests and closure days follow its own file",
      { policyId: d.policyId, cases: d.cases.slice(0, 10), count: d.cases.length },
    );
  }
}

/** Publishes this worker's configuration and says, once per difference, which peers run with another. */
export async function checkPeers(
  peers: ConfigPeers,
  me: WorkerConfig,
  warn: Warn,
  said: Set<string>,
  now = new Date(),
): Promise<void> {
  await peers.publish(me);
  for (const p of peersThatDiffer(me, await peers.all(), now, PEER_FRESH_MS)) {
    const key = `${p.workerId}|${p.differs.join(',')}|${me.policyFingerprint}|${me.directoryFingerprint}`;
    if (said.has(key)) continue;
    said.add(key);
    warn(
      `worker ${p.workerId} runs with a different ${p.differs.join(' and ')} from this one (${me.workerId}): ` +
        'who is told, and when, depends on which worker sends; give every worker the same files',
      { peer: p.workerId, differs: p.differs },
    );
  }
}

/** Runs the peer check now and every minute; returns a stop function. Failures are logged, never thrown. */
export function startPeerChecks(peers: ConfigPeers, me: () => WorkerConfig, warn: Warn): () => void {
  const said = new Set<string>();
  const run = () =>
    void checkPeers(peers, me(), warn, said).catch((e: unknown) => {
      warn('could not compare configuration with other workers', { error: String(e) });
    });
  run();
  const timer = setInterval(run, CHECK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** Everything above, wired for a worker: the case check once in the background, the peer check with a database. */
export async function startConfigChecks(deps: {
  databaseUrl?: string;
  council: CouncilConfig;
  directory: () => Directory;
  ledger: LedgerStore;
  warn: Warn;
}): Promise<{ close(): Promise<void> }> {
  void checkCasePolicies(deps.ledger, deps.council.policy, deps.warn).catch((e: unknown) => {
    deps.warn("could not compare the cases' policies with this worker's", { error: String(e) });
  });
  if (!deps.databaseUrl) return { close: () => Promise.resolve() };
  const workerId = `${os.hostname()}:${process.pid}`;
  const peers = await openPostgresConfigPeers(deps.databaseUrl);
  const stop = startPeerChecks(
    peers,
    () => ({
      workerId,
      policyId: deps.council.policy.id,
      policyFingerprint: fingerprint(deps.council),
      directoryFingerprint: fingerprint(deps.directory()),
      seenAt: new Date().toISOString(),
    }),
    deps.warn,
  );
  return {
    close: async () => {
      stop();
      await peers.close();
    },
  };
}
