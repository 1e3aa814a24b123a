// The benchmark's yardstick: a workflow that does nothing, so a case start can be compared with the cheapest
// start the same server and worker set-up can do (`npm run bench load`).
export async function cpcaseBenchNoop(): Promise<void> {}
