// Ephemeral Temporal servers for tests, from the binaries `npm run tools` provisioned. Start one per test file
// (beforeAll) and tear it down in afterAll: on 2 cores a server per test misses the SDK's 5 s start window.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { executableFor } from '../../src/dev/tools';
import { FAILURE_CONVERTER_PATH } from '../../src/crypto/codec';
import { WORKFLOW_INTERCEPTOR_MODULES } from '../../src/worker/workflowModules';
import { ALL_SEARCH_ATTRIBUTES } from '../../src/shared/searchAttributes';
import { clockInstant, requestedClock } from './clock';

const INDEXED_TYPE: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  INT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
};

/** The time-skipping server with the project's search attributes registered (it has none of its own). */
export async function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: executableFor('testServer') },
  });
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(ALL_SEARCH_ATTRIBUTES.map((k) => [k.name, INDEXED_TYPE[k.type]!])),
  });
  // The CI guard's clock: the suite starts on a Saturday, a Sunday, a bank holiday or the eve of one.
  const clock = requestedClock();
  if (clock) {
    const now = await env.currentTimeMs();
    await env.sleep(clockInstant(clock, now).at - now);
  }
  return env;
}

export function startDevServer(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: { executable: executableFor('temporal'), searchAttributes: ALL_SEARCH_ATTRIBUTES },
  });
}

const bundles = new Map<string, Promise<WorkflowBundleWithSourceMap>>();

/** Bundles workflow code once per test file (webpack is the slow part of starting a test worker). */
export function workflowBundle(workflowsPath: string): Promise<WorkflowBundleWithSourceMap> {
  let b = bundles.get(workflowsPath);
  if (!b) {
    b = bundleWorkflowCode({
      workflowsPath,
      logger: quietLogger,
      failureConverterPath: FAILURE_CONVERTER_PATH,
      workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
    });
    bundles.set(workflowsPath, b);
  }
  return b;
}

const noop = () => undefined;
export const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };
