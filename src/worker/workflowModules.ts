// What every worker bundles beside the workflows: the interceptor that hands the server's identity stamp to the
// case (src/workflows/interceptors.ts). The real worker, the test workers and the benchmarks all take it from here.
export const WORKFLOW_INTERCEPTOR_MODULES = [require.resolve('../workflows/interceptors')];
