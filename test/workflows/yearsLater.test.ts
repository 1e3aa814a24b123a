// A case still open years after it was opened, on a server of its own: it moves the server's clock five years on,
// which would take every later scenario of a shared server past the years its calendar holds (in whatever order
// the scenarios run).
import { Runtime, DefaultLogger } from '@temporalio/worker';
import { yearOf } from '../../src/domain/dates';
import { CALENDAR_YEARS_AHEAD } from '../../src/domain/case/calendarRange';
import { addWorkingDays } from '../../src/domain/workingDays';
import { CaseHarness, startHarness, stopHarness } from '../support/caseHarness';
import { keepHistory } from '../support/histories';
import { shippedCalendar } from '../support/calendars';

Runtime.install({ logger: new DefaultLogger('WARN') });

let h: CaseHarness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => stopHarness(h));

test('(o) a case still open years later loads the bank holidays of the years it reaches', async () => {
  const opened = await h.workingToday();
  const c = await h.open('CP-2026-0015');
  // The year after the last one the case loaded when it opened.
  const year = yearOf(opened) + CALENDAR_YEARS_AHEAD + 1;
  const then = shippedCalendar('england-and-wales', year - 1, year + 1);
  const earlyMay = then.days.find((d) => d.date.startsWith(`${year}-05-`))!.date;
  const sd = addWorkingDays(then, earlyMay, -5).date;
  await h.skipTo(sd, '10:00');
  await c.record(sd, { type: 'strategy-discussion' });
  const due = addWorkingDays(then, sd, 15).date;
  // Counting the bank holiday as a working day would make it a day earlier.
  expect(addWorkingDays({ ...then, days: [] }, sd, 15).date).not.toBe(due);
  for (let i = 0; i < 20 && (await c.deadline('icpc:E1')).dueDate !== due; i++) await h.settle();
  expect(await c.deadline('icpc:E1')).toMatchObject({ dueDate: due, status: 'open' });
  await keepHistory('calendar-years-ahead', c.handle);
  await c.close();
});
