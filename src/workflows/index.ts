// Everything the worker bundles into the workflow sandbox.
export { caseWorkflow } from './case';
export { morningDigestWorkflow } from './digest';
