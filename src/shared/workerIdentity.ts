// What each worker tells anyone who asks Temporal who polls its task queue: its current encryption key and policy,
// by fingerprint, in its poller identity. A CLI about to start or change a case checks it holds the same before
// anything starts, so a case is never opened with a key its workers cannot read, nor under another policy.
import crypto from 'crypto';
import os from 'os';
import type { Keyring } from '../crypto/keys';
import { canonicalJson } from '../domain/configDrift';
import type { Policy } from '../domain/policy';

export interface Published {
  keyId: string;
  /** A hash of the current key (it gives nothing of the key away). */
  keyFp: string;
  policyId: string;
  /** A hash of the whole policy: timescales, send time, digest roles, wait. */
  policyFp: string;
}

const short = (text: string | Buffer) => crypto.createHash('sha256').update(text).digest('hex').slice(0, 12);

export function publishedBy(ring: Keyring, policy: Policy): Published {
  return {
    keyId: ring.current,
    keyFp: short(ring.keys.get(ring.current)!),
    policyId: policy.id,
    policyFp: short(canonicalJson(policy)),
  };
}

const PATTERN = /cpcase\[key=([A-Za-z0-9._-]+):([0-9a-f]{12}) policy=([a-z0-9-]+):([0-9a-f]{12})\]/;

/** The worker's poller identity: the SDK's usual `pid@host`, then what it publishes. */
export const workerIdentity = (p: Published) =>
  `${process.pid}@${os.hostname()} cpcase[key=${p.keyId}:${p.keyFp} policy=${p.policyId}:${p.policyFp}]`;

export function parseIdentity(identity: string): Published | undefined {
  const m = PATTERN.exec(identity);
  return m ? { keyId: m[1]!, keyFp: m[2]!, policyId: m[3]!, policyFp: m[4]! } : undefined;
}
