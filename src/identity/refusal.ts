// What the server says when it refuses a caller: Temporal answers PERMISSION_DENIED ("Request unauthorized.") and
// puts the authorizer's reason in the status details (server/access/authorizer.go writes one line a person can
// act on). Read from there, never matched in the message.
import { google, temporal } from '@temporalio/proto';

const PERMISSION_DENIED = 7;
const UNAUTHENTICATED = 16;
const DETAILS = 'grpc-status-details-bin';
const FAILURE_TYPE = 'temporal.api.errordetails.v1.PermissionDeniedFailure';

export interface AccessRefusal {
  /** The server's reason, e.g. "QA-001 may not record on a case: that is an administrator's (…)". */
  reason: string;
  /**
   * False when the credential itself was missing or refused (UNAUTHENTICATED: sign in again), true when the
   * caller is known and their role does not allow it (PERMISSION_DENIED).
   */
  signedIn: boolean;
}

interface GrpcLike {
  code: number;
  details: unknown;
  metadata: unknown;
}

/** The gRPC status code in an error or its causes, if any (5 is NOT_FOUND). */
export const grpcCode = (e: unknown): number | undefined => grpcOf(e)?.code;

/** The gRPC error in an error or its causes (the client wraps it in a ServiceError). */
function grpcOf(e: unknown): GrpcLike | undefined {
  for (let c: unknown = e; c instanceof Error; c = c.cause) {
    const code: unknown = Reflect.get(c, 'code');
    if (typeof code === 'number')
      return { code, details: Reflect.get(c, 'details'), metadata: Reflect.get(c, 'metadata') };
  }
  return undefined;
}

function reasonIn(g: GrpcLike): string | undefined {
  const get: unknown =
    typeof g.metadata === 'object' && g.metadata ? Reflect.get(g.metadata, 'get') : undefined;
  const values: unknown = typeof get === 'function' ? get.call(g.metadata, DETAILS) : undefined;
  const raw: unknown = Array.isArray(values) ? values[0] : undefined;
  if (!(raw instanceof Uint8Array)) return undefined;
  try {
    const status = google.rpc.Status.decode(raw);
    for (const d of status.details ?? []) {
      if (!d.type_url?.endsWith(FAILURE_TYPE) || !d.value) continue;
      return temporal.api.errordetails.v1.PermissionDeniedFailure.decode(d.value).reason ?? undefined;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** The refusal in a Temporal error (the client's, or a raw gRPC one), or undefined when the error is not one. */
export function accessRefusal(e: unknown): AccessRefusal | undefined {
  const g = grpcOf(e);
  if (g?.code === UNAUTHENTICATED) {
    // The server's own words are the status message here (server/access/authorizer.go).
    const reason = typeof g.details === 'string' && g.details ? g.details : 'not signed in';
    return { reason, signedIn: false };
  }
  if (g?.code !== PERMISSION_DENIED) return undefined;
  return { reason: reasonIn(g) ?? 'the server refused this caller', signedIn: true };
}
