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
  // Two files at a time on 2 cores: the slowest files mostly wait (the reminder burst is 97% idle after its first
  // 30 s: its lead before 09:00 and its claim lapse; the process faults half idle), so the suite takes 14 minutes
  // here, not 23, each file still starting its own Temporal server once (test/support/temporal.ts). Three at a
  // time took 11.4 but saturated the machine and failed files on timeouts. `--maxWorkers=1` on a busy machine.
  maxWorkers: 2,
  testTimeout: 120000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
