// Where the Temporal server checks identities (CPCASE_IDENTITY=server), the worker confirms it before it runs:
// it must hold a credential of its own, its credential must name the worker role, and the server must refuse a
// caller with none. Only then does it write the server's identity stamps to the ledger as verified
// (domain/case/ledger.ts vouchedFor): a stamp from a server that checks nobody could be anyone's header.
import { Connection } from '@temporalio/client';
import type { Config } from '../config/env';
import { connectionOptions } from '../client/connection';
import { credentialHolder } from '../identity/credential';
import { accessRefusal } from '../identity/refusal';

export class WorkerIdentityError extends Error {}

/**
 * True when the worker may vouch for stamps (the server checks identities), false on the embedded default. A worker
 * given someone else's credential (a reader's, say) stops here, saying so, in either mode.
 */
export async function confirmIdentityChecks(config: Config): Promise<boolean> {
  const holder = credentialHolder(config);
  if (config.identity !== 'server' && !holder) return false;
  if (!holder)
    throw new WorkerIdentityError(
      "CPCASE_IDENTITY=server but the worker has no credential: give it a worker's client certificate " +
        '(TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY) or token (CPCASE_TOKEN_FILE)',
    );
  const ns = config.temporal.namespace;
  // A certificate with no permissions at all is a plain mTLS client (a server that checks no roles): let it be.
  if (holder.via === 'certificate' && holder.permissions.length === 0 && config.identity !== 'server')
    return false;
  if (!holder.permissions.includes(`${ns}:worker`))
    throw new WorkerIdentityError(
      `the worker's credential names ${holder.subject}, who is not a worker in namespace ${ns} ` +
        `(it holds ${holder.permissions.join(', ') || 'no role'}): a worker runs with a worker's credential`,
    );
  if (config.identity !== 'server') return false;
  if (await answersAnonymousCallers(config))
    throw new WorkerIdentityError(
      `CPCASE_IDENTITY=server but the Temporal server at ${config.temporal.address} answers a caller with no ` +
        'credential: it does not check identities (run cpcase-server, or unset CPCASE_IDENTITY)',
    );
  return true;
}

/** Asks the server, with no credential at all, to describe the namespace: a checking server refuses. */
async function answersAnonymousCallers(config: Config): Promise<boolean> {
  const withoutCredential = {
    ...config,
    temporal: {
      ...config.temporal,
      token: undefined,
      ...(config.temporal.tls ? { tls: { ...config.temporal.tls, cert: undefined, key: undefined } } : {}),
    },
  };
  const opts = connectionOptions(withoutCredential);
  const connection = await Connection.connect({ ...opts, tls: opts.tls ?? false });
  try {
    await connection.workflowService.describeNamespace({ namespace: config.temporal.namespace });
    return true;
  } catch (e) {
    if (accessRefusal(e)) return false;
    throw e;
  } finally {
    await connection.close();
  }
}
