// The case page's words, from a status as the case answers it: outcomes by child from the conference's record in
// force, people by name, every name escaped. Pure: no server, no browser.
import { caseBody } from '../../src/web/pages/case';
import type { CaseStatus, EventView } from '../../src/domain/case/status';
import type { LocalDate } from '../../src/domain/dates';
import type { Directory } from '../../src/domain/directory';

const d = (s: string) => s as LocalDate;
const held = (
  eventId: string,
  standing: EventView['standing'],
  category: 'neglect' | 'emotional',
): EventView => ({
  eventId,
  type: 'conference-held',
  occurredAt: d('2026-11-20'),
  recordedAt: '2026-11-20T15:00:00Z',
  recordedBy: 'ADM-001',
  standing,
  event: {
    type: 'conference-held',
    occurredAt: d('2026-11-20'),
    recordedBy: 'ADM-001',
    conferenceId: 'icpc-1',
    children: [
      { childId: 'CH-1', outcome: 'plan-started', category },
      { childId: 'CH-2', outcome: 'no-plan' },
    ],
  },
});

const status: CaseStatus = {
  caseRef: 'CP-2026-0301',
  region: 'england-and-wales',
  stage: 'child-protection-plan',
  today: d('2026-12-01'),
  policyId: 'cpcase-default-2026-11',
  planRules: 4,
  calendarSource: 'test',
  staff: { socialWorker: 'SW-101', teamManager: 'TM-201' },
  children: [
    {
      id: 'CH-1',
      unborn: false,
      plan: { category: 'neglect', startedOn: d('2026-11-20'), conferenceId: 'icpc-1' },
      pastPlans: 0,
    },
    { id: 'CH-2', unborn: false, pastPlans: 0 },
  ],
  conferences: [{ id: 'icpc-1', type: 'initial', status: 'held', date: d('2026-11-20') }],
  deadlines: [],
  overdue: 0,
  eventsRecorded: 2,
  events: [held('e1', 'withdrawn', 'emotional'), held('e2', 'in force', 'neglect')],
};

const directory: Directory = {
  safeguardingAdmin: { name: 'Safeguarding Administration', email: 'sa@council.example' },
  agencies: [],
  staff: [
    { id: 'SW-101', name: 'Sam <b>Walker</b>', email: 'sam@council.example', role: 'social-worker' },
    { id: 'TM-201', name: 'Tom Moore', email: 'tom@council.example', role: 'team-manager' },
  ],
};

const html = caseBody({ status, directory, proofs: new Map([['e2', 'token']]), sent: [] }).html;

test('each child’s outcome at the conference, from its record in force, not a withdrawn one', () => {
  expect(html).toContain('CH-1: plan started (neglect); CH-2: no plan');
  expect(html).not.toContain('(emotional)');
});

test('people by name from the directory, escaped; how each entry’s recorder was proven', () => {
  expect(html).toContain('Sam &lt;b&gt;Walker&lt;/b&gt; (SW-101)');
  expect(html).not.toContain('<b>Walker');
  expect(html).toContain('Tom Moore (TM-201)');
  expect(html).toMatch(/<td class="govuk-table__cell">token<\/td>/);
  expect(html).toContain('not checked (no sign-in)');
});

test('a birth recorded shows no date: it would be a date of birth', () => {
  const birth: EventView = {
    eventId: 'e3',
    type: 'birth-recorded',
    occurredAt: d('2026-11-28'),
    recordedAt: '2026-11-30T10:00:00Z',
    recordedBy: 'ADM-001',
    standing: 'in force',
    event: {
      type: 'birth-recorded',
      occurredAt: d('2026-11-28'),
      recordedBy: 'ADM-001',
      childId: 'CH-3',
      dateOfBirth: d('2026-11-28'),
    },
  };
  const page = caseBody({
    status: { ...status, events: [birth] },
    directory,
    proofs: new Map(),
    sent: [],
  }).html;
  expect(page).toContain('birth recorded');
  expect(page).toContain('not shown (a date of birth)');
  expect(page).not.toMatch(/2[78] Nov 2026|2026-11-2[78]/);
});

test('nothing that acts on the case: no form, no button', () => {
  expect(html).not.toMatch(/<form|<button/);
});
