// An administrator entering for someone else (`--as`) says so in the header the server reads
// (`cpcase-on-behalf-of`): where the server checks identities it stamps it beside the administrator's own id,
// and only for an administrator (server/access/stamp.go); the event's own field is then ignored.
import { defaultPayloadConverter } from '@temporalio/common';
import type {
  WorkflowClientInterceptor,
  WorkflowStartInput,
  WorkflowStartUpdateInput,
} from '@temporalio/client';
import { ON_BEHALF_OF_HEADER } from '../domain/case/recorder';

const field = (v: unknown, name: string): unknown =>
  typeof v === 'object' && v !== null ? Reflect.get(v, name) : undefined;

/** The on-behalf-of an update's event or a start's case input carries, if any. */
function onBehalfOfIn(arg: unknown): string | undefined {
  const v = field(arg, 'onBehalfOf') ?? field(field(arg, 'input'), 'openedOnBehalfOf');
  return typeof v === 'string' ? v : undefined;
}

function withHeader<I extends { headers: WorkflowStartInput['headers'] }>(input: I, arg: unknown): I {
  const who = onBehalfOfIn(arg);
  if (!who) return input;
  return {
    ...input,
    headers: { ...input.headers, [ON_BEHALF_OF_HEADER]: defaultPayloadConverter.toPayload(who) },
  };
}

export function onBehalfOfHeader(): WorkflowClientInterceptor {
  const start = (input: WorkflowStartInput) => withHeader(input, input.options.args[0]);
  const update = (input: WorkflowStartUpdateInput) => withHeader(input, input.args[0]);
  return {
    start: (input, next) => next(start(input)),
    startWithDetails: (input, next) => next(start(input)),
    startUpdate: (input, next) => next(update(input)),
    // `cpcase open`: the start carries the opening's on-behalf-of, as a start alone does.
    startUpdateWithStart: (input, next) => {
      const headers = withHeader({ headers: input.workflowStartHeaders }, input.workflowStartOptions.args[0]);
      return next({ ...input, workflowStartHeaders: headers.headers });
    },
  };
}
