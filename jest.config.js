// Every test once; then the date-sensitive suites again with the clock on a Saturday, a Sunday, a bank holiday
// and the eve of one (test/support/clock.ts), so a day that is not an ordinary working day cannot turn CI red.
// `npx jest --selectProjects cpcase` runs only the first pass.
const base = { preset: 'ts-jest', testEnvironment: 'node', roots: ['<rootDir>/test'] };
const CLOCKS = ['saturday', 'sunday', 'bank-holiday', 'eve-of-bank-holiday'];
/** Suites whose expectations depend on the day they run: the time-skipping server starts at the wall clock. */
const DATE_SENSITIVE = ['workflows/case', 'workflows/fullCase', 'workflows/restart', 'notify/caseEmail'];

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...base, displayName: 'cpcase', testMatch: ['**/*.test.ts'] },
    ...CLOCKS.map((clock) => ({
      ...base,
      displayName: `clock:${clock}`,
      testMatch: DATE_SENSITIVE.map((f) => `<rootDir>/test/${f}.test.ts`),
      globals: { CPCASE_TEST_CLOCK: clock },
    })),
  ],
  // Two files at a time on 2 cores: a third of a serial run is waiting (the reminder burst's lead before 09:00
  // and its claim lapse, servers starting, processes restarting), so the suite takes 14.5 minutes, not 23, with
  // each file still starting its own Temporal server once (test/support/temporal.ts). `--maxWorkers=1` for a
  // machine busy with something else.
  maxWorkers: 2,
  testTimeout: 120000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
