// The CLI's one Temporal client, and the translation of what Temporal says into what an administrator can act
// on: one line and an exit code (not found, rejected by the case, server unreachable), never a stack trace.
import {
  Client,
  Connection,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  QueryNotRegisteredError,
  QueryRejectedError,
  type WorkflowHandle,
} from '@temporalio/client';
import { NamespaceNotFoundError } from '@temporalio/common';
import type { caseWorkflow } from '../../workflows/case';
import { caseWorkflowId } from '../../workflows/messages';
import { connectionOptions } from '../connection';
import { dataConverterFor, DecryptionError } from '../../crypto/codec';
import { getConfig } from './context';
import { CaseNotReady } from '../readiness';
import { CliError, EXIT, SIGN_IN_HINT } from './errors';
import { onBehalfOfHeader } from '../../identity/onBehalfOf';
import { accessRefusal, grpcCode } from '../../identity/refusal';
import { currentToken } from '../../identity/credential';

export interface CliTemporal {
  client: Client;
  taskQueue: string;
  caseHandle(caseRef: string): WorkflowHandle<typeof caseWorkflow>;
}

function unreachable(reason: string): CliError {
  const cfg = getConfig();
  return new CliError(
    `cannot reach Temporal at ${cfg.temporal.address} (namespace ${cfg.temporal.namespace}): ${reason}. ` +
      'Is it running? `npm start` runs one locally; TEMPORAL_ADDRESS says where it is.',
    EXIT.unreachable,
  );
}

/** A long-lived process (the staff pages) keeps one connection for every call; a command opens its own. */
let kept: Promise<Connection> | undefined;
let keeping = false;
export function keepConnectionOpen(): void {
  keeping = true;
}

/** The kept connection, made at its first use; its token read again at every call, so a renewal is used at once. */
async function keptConnection(cfg: ReturnType<typeof getConfig>): Promise<Connection> {
  // A page is waiting: a few seconds, then it says Temporal is not answering (the next page tries again).
  kept ??= connectWithin(cfg, 3_000).then((c) => {
    if (currentToken(cfg)) c.setApiKey(() => currentToken(cfg) ?? '');
    return c;
  });
  try {
    return await kept;
  } catch (e) {
    kept = undefined; // the next call tries again
    throw e;
  }
}

/** Connects, runs `fn`, closes. Errors from Temporal come out as CliErrors naming the case. */
export async function withTemporal<T>(fn: (t: CliTemporal) => Promise<T>, caseRef?: string): Promise<T> {
  const cfg = getConfig();
  // Keys first: a process that could not read what it writes must not connect at all.
  const dataConverter = dataConverterFor(cfg.keys);
  let connection: Connection;
  try {
    // A busy server can take more than a moment to accept a connection: keep asking for a bounded while.
    connection = keeping ? await keptConnection(cfg) : await connectWithin(cfg, 10_000);
  } catch (e) {
    throw unreachable(firstLine(e));
  }
  const client = new Client({
    connection,
    namespace: cfg.temporal.namespace,
    dataConverter,
    interceptors: { workflow: [onBehalfOfHeader()] },
  });
  try {
    return await fn({
      client,
      taskQueue: cfg.temporal.taskQueue,
      caseHandle: (ref) => client.workflow.getHandle<typeof caseWorkflow>(caseWorkflowId(ref)),
    });
  } catch (e) {
    throw (caseRef && (await closedCase(client, caseRef, e))) || translate(e, caseRef);
  } finally {
    if (!keeping) await connection.close();
  }
}

/**
 * A case whose workflow has ended answers as closed (exit 4, with the day), not as unknown: Temporal reports an
 * update to a completed workflow as "not found".
 */
async function closedCase(client: Client, caseRef: string, e: unknown): Promise<CliError | undefined> {
  const gone =
    e instanceof WorkflowNotFoundError || (e instanceof ServiceError && /completed/i.test(firstLine(e)));
  if (!gone) return undefined;
  try {
    const d = await client.workflow.getHandle(caseWorkflowId(caseRef)).describe();
    if (d.status.name === 'RUNNING') return undefined;
    const on = d.closeTime ? ` on ${d.closeTime.toISOString().slice(0, 10)}` : '';
    return new CliError(
      `case ${caseRef} was closed${on}: nothing more can be recorded on it (\`cpcase audit ${caseRef}\` shows it)`,
      EXIT.rejected,
    );
  } catch {
    return undefined;
  }
}

/** gRPC's status codes for a server that is not there or did not answer in time. */
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;

export function translate(e: unknown, caseRef?: string): unknown {
  if (e instanceof CliError) return e;
  const refused = accessRefusal(e);
  if (refused?.signedIn) return new CliError(refused.reason, EXIT.notPermitted);
  if (refused) return new CliError(`${refused.reason}; ${SIGN_IN_HINT}`, EXIT.notSignedIn);
  const which = caseRef ? `case ${caseRef}` : 'the case';
  if (e instanceof DecryptionError) return new CliError(e.message, EXIT.failure);
  // A query the case could not answer (still opening after retries, or an error in the case): say so in one line.
  if (e instanceof QueryRejectedError || e instanceof QueryNotRegisteredError) {
    return new CliError(`${which} could not answer: ${e.message}`, EXIT.failure);
  }
  if (e instanceof CaseNotReady) {
    return new CliError(`${which} has not finished opening: is the worker running?`, EXIT.failure);
  }
  if (e instanceof WorkflowNotFoundError) {
    return new CliError(`no ${which}: check the reference (\`cpcase list\` shows open cases)`, EXIT.notFound);
  }
  if (e instanceof WorkflowExecutionAlreadyStartedError) {
    return new CliError(`${which} already exists: a case reference is opened once`, EXIT.rejected);
  }
  if (e instanceof WorkflowUpdateFailedError) {
    return new CliError(`${which} refused it: ${e.cause?.message ?? e.message}`, EXIT.rejected);
  }
  if (e instanceof NamespaceNotFoundError) {
    return new CliError(`${e.message}: set TEMPORAL_NAMESPACE to an existing namespace`, EXIT.badInput);
  }
  // A raw call to Temporal's service (a listing, a describe) fails with gRPC's own error, not the SDK's.
  const code = grpcCode(e);
  if (code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED) return unreachable(firstLine(e));
  if (e instanceof ServiceError) {
    const msg = firstLine(e.cause ?? e);
    if (/UNAVAILABLE|ECONNREFUSED|DEADLINE_EXCEEDED|No connection established/i.test(msg))
      return unreachable(msg);
    if (/workflow execution already completed|already completed/i.test(msg)) {
      return new CliError(`${which} is closed: nothing more can be recorded on it`, EXIT.rejected);
    }
    if (/not found/i.test(msg)) return new CliError(`no ${which}: check the reference`, EXIT.notFound);
    return new CliError(`Temporal refused the request: ${msg}`, EXIT.failure);
  }
  return e;
}

async function connectWithin(cfg: ReturnType<typeof getConfig>, within: number): Promise<Connection> {
  const start = Date.now();
  for (let wait = 250; ; wait = Math.min(wait * 2, 2_000)) {
    try {
      return await Connection.connect({ ...connectionOptions(cfg), connectTimeout: '5 seconds' });
    } catch (e) {
      if (Date.now() - start + wait > within) throw e;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

function firstLine(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.split('\n')[0]!.replace(/^\d+ [A-Z_]+: /, (s) => s);
}

export { recorder } from './recorder';
