// The stack's server clock: upstream unless a rehearsal asks for an instant, and a clear error naming the
// variable for anything that is not one.
import { serverClock } from '../../src/dev/stack/clock';

const NOW = Date.parse('2026-11-28T11:30:00Z'); // a Saturday

test('no CPCASE_STACK_CLOCK_AT: the upstream server, its clock untouched', () => {
  expect(serverClock(undefined, NOW)).toEqual({ binary: 'cpcase-server', offsetSeconds: 0 });
  expect(serverClock('', NOW)).toEqual({ binary: 'cpcase-server', offsetSeconds: 0 });
});

test('an instant: the clock-settable server, ahead (or behind) by the seconds to it', () => {
  expect(serverClock('2026-11-30T08:55:00Z', NOW)).toEqual({
    binary: 'cpcase-server-clock',
    offsetSeconds: 2 * 86_400 - 2 * 3_600 - 35 * 60,
  });
  expect(serverClock('2026-11-28T12:30:00+01:00', NOW)).toEqual({
    binary: 'cpcase-server-clock',
    offsetSeconds: 0,
  });
  expect(serverClock('2026-11-27T11:30:00Z', NOW).offsetSeconds).toBe(-86_400);
});

test.each(['monday', '2026-11-30', '2026-11-30 08:55', '2026-11-30T25:00:00Z', '2026-13-01T08:00:00Z'])(
  'not an instant (%s): refused, naming the variable and the form it wants',
  (at) => {
    expect(() => serverClock(at, NOW)).toThrow(
      `CPCASE_STACK_CLOCK_AT: must be an instant written like 2026-11-30T08:55:00Z (got ${at})`,
    );
  },
);
