// The server's identity stamp (header `cpcase-identity`, written by server/access/stamp.go) handed to the case as
// a last argument of its start and of each recorded event: in the TypeScript SDK only an interceptor sees headers.
// Whatever the caller passed in that place is replaced, so the argument can only ever be the server's stamp (or
// nothing). The case decides what the stamp means (domain/case/recorder.ts), behind its own patch.
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import {
  workflowInfo,
  type Next,
  type UpdateInput,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptorsFactory,
} from '@temporalio/workflow';
import { IDENTITY_HEADER, parseStamp, type IdentityStamp } from '../domain/case/recorder';
import { caseWorkflow } from './case';
import { recordEvent } from './messages';

/** The workflow and the update whose last argument is the stamp. */
const CASE_WORKFLOW = caseWorkflow.name;
const RECORD_EVENT = recordEvent.name;

function stampIn(headers: Record<string, Payload>): IdentityStamp | undefined {
  const p = headers[IDENTITY_HEADER];
  if (!p) return undefined;
  try {
    return parseStamp(defaultPayloadConverter.fromPayload(p));
  } catch {
    return undefined; // not JSON: not the server's
  }
}

const withStamp = (args: readonly unknown[], headers: Record<string, Payload>) => [args[0], stampIn(headers)];

class IdentityStampInbound implements WorkflowInboundCallsInterceptor {
  execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>) {
    if (workflowInfo().workflowType !== CASE_WORKFLOW) return next(input);
    return next({ ...input, args: withStamp(input.args, input.headers) });
  }

  validateUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'validateUpdate'>) {
    if (input.name !== RECORD_EVENT) return next(input);
    return next({ ...input, args: withStamp(input.args, input.headers) });
  }

  handleUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>) {
    if (input.name !== RECORD_EVENT) return next(input);
    return next({ ...input, args: withStamp(input.args, input.headers) });
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => ({ inbound: [new IdentityStampInbound()] });
