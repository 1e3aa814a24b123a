// Ephemeral Temporal servers for tests, from the binaries `npm run tools` provisioned. Start one per test file
// (beforeAll) and tear it down in afterAll: on 2 cores a server per test misses the SDK's 5 s start window.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { executableFor } from '../../src/dev/tools';
import { ALL_SEARCH_ATTRIBUTES } from '../../src/shared/searchAttributes';

export function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: executableFor('testServer') } });
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
    b = bundleWorkflowCode({ workflowsPath, logger: quietLogger });
    bundles.set(workflowsPath, b);
  }
  return b;
}

const noop = () => undefined;
export const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };
