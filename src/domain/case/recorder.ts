// Who recorded an entry. Where the server checks credentials (the stack, compose), it stamps each start and
// update with the caller's verified identity (server/access/stamp.go), and that stamp, not anything the caller
// wrote in the event, says who recorded it. Without a stamp (the embedded default) the event keeps the name the
// caller gave and no proof: an unverified entry. Pure: read by the workflow, tested without a server.

/** How an identity was proven, as the server stamped it. */
export const PROOF_METHODS = ['token', 'certificate'] as const;
export type ProofMethod = (typeof PROOF_METHODS)[number];

export interface IdentityProof {
  method: ProofMethod;
  /** The token's issuer, or the certificate's issuer's common name. */
  issuer?: string;
}

/** The server's stamp: the header `cpcase-identity` (server/access/stamp.go writes it). */
export interface IdentityStamp {
  subject: string;
  method: ProofMethod;
  issuer?: string;
  onBehalfOf?: string;
}

/** Header names shared with the server (server/access/stamp.go); test/server/contract.test.ts keeps them equal. */
export const IDENTITY_HEADER = 'cpcase-identity';
export const ON_BEHALF_OF_HEADER = 'cpcase-on-behalf-of';

const STAFF_ID = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

const optionalString = (v: unknown) => v === undefined || typeof v === 'string';

/** The stamp as the server wrote it, or undefined for anything else (no header, or not the server's shape). */
export function parseStamp(value: unknown): IdentityStamp | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const subject: unknown = Reflect.get(value, 'subject');
  const method: unknown = Reflect.get(value, 'method');
  const issuer: unknown = Reflect.get(value, 'issuer');
  const onBehalfOf: unknown = Reflect.get(value, 'onBehalfOf');
  if (typeof subject !== 'string' || !STAFF_ID.test(subject)) return undefined;
  if (method !== 'token' && method !== 'certificate') return undefined;
  if (!optionalString(issuer) || !optionalString(onBehalfOf)) return undefined;
  if (typeof onBehalfOf === 'string' && !STAFF_ID.test(onBehalfOf)) return undefined;
  return {
    subject,
    method,
    ...(typeof issuer === 'string' && issuer ? { issuer } : {}),
    ...(typeof onBehalfOf === 'string' ? { onBehalfOf } : {}),
  };
}

/** Who a caller says is entering (before any stamp): the recorder, and whom they enter for. */
export interface RecorderClaim {
  recordedBy: string;
  onBehalfOf?: string;
}

/** What an entry says of who made it. */
export interface Recorder {
  recordedBy: string;
  onBehalfOf?: string;
  proof?: IdentityProof;
}

/**
 * The entry as the case keeps it: with a stamp, the stamp's subject (and on-behalf-of) whatever the caller wrote;
 * without one, the caller's own words and never a proof (a proof in the event itself is the caller's claim).
 */
export function recordedAs<E extends Recorder>(entry: E, stamp: IdentityStamp | undefined): E {
  const claimed = entry.onBehalfOf;
  const out = { ...entry };
  delete out.onBehalfOf;
  delete out.proof;
  if (!stamp) return Object.assign(out, claimed ? { onBehalfOf: claimed } : {});
  const proof: IdentityProof = { method: stamp.method, ...(stamp.issuer ? { issuer: stamp.issuer } : {}) };
  return Object.assign(out, {
    recordedBy: stamp.subject,
    ...(stamp.onBehalfOf ? { onBehalfOf: stamp.onBehalfOf } : {}),
    proof,
  });
}

/** Only the recorder of an entry: who entered a correction is who entered what it puts in place. */
export function recorderOf(e: Recorder): Recorder {
  return {
    recordedBy: e.recordedBy,
    ...(e.onBehalfOf ? { onBehalfOf: e.onBehalfOf } : {}),
    ...(e.proof ? { proof: e.proof } : {}),
  };
}

/** A case's opening as the case keeps it, by the same rule as every entry. */
export function openedAs<
  I extends { openedBy: string; openedOnBehalfOf?: string; openedProof?: IdentityProof },
>(input: I, stamp: IdentityStamp | undefined): I {
  const claimed: Recorder = {
    recordedBy: input.openedBy,
    ...(input.openedOnBehalfOf ? { onBehalfOf: input.openedOnBehalfOf } : {}),
  };
  const r = recordedAs(claimed, stamp);
  const out = { ...input };
  delete out.openedOnBehalfOf;
  delete out.openedProof;
  return Object.assign(out, {
    openedBy: r.recordedBy,
    ...(r.onBehalfOf ? { openedOnBehalfOf: r.onBehalfOf } : {}),
    ...(r.proof ? { openedProof: r.proof } : {}),
  });
}
