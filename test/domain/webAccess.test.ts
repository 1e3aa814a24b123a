// Who sees which case on the staff pages: the rules, one by one, on the shipped directory's people.
import { maySee, viewerOf, type Viewer } from '../../src/domain/web/access';
import type { Directory } from '../../src/domain/directory';

const person = (id: string, role: string, lineManager?: string, team?: string) => ({
  id,
  name: `Name ${id}`,
  email: `${id}@council.example`,
  role,
  ...(lineManager ? { lineManager } : {}),
  ...(team ? { team } : {}),
});

const dir: Directory = {
  safeguardingAdmin: { name: 'Safeguarding Administration', email: 'sa@council.example' },
  headOfService: 'HS-601',
  qaManager: 'QA-701',
  agencies: [],
  staff: [
    person('SW-101', 'social-worker', 'TM-201', 'T-NORTH'),
    person('SW-102', 'social-worker', 'TM-201', 'T-NORTH'),
    person('SW-111', 'social-worker', 'TM-211', 'T-SOUTH'),
    person('TM-201', 'team-manager', 'SM-301', 'T-NORTH'),
    person('TM-211', 'team-manager', 'SM-302', 'T-SOUTH'),
    person('SM-301', 'service-manager', 'HS-601'),
    person('SM-302', 'service-manager', 'HS-601'),
    person('CH-401', 'chair', 'QA-701'),
    person('HS-601', 'head-of-service'),
    person('QA-701', 'qa-manager', 'HS-601'),
    person('ADM-001', 'safeguarding-administrator'),
  ],
};

const viewer = (id: string, admin = false): Viewer => {
  const r = viewerOf(dir, id, admin);
  if (!r.ok) throw new Error(r.problem);
  return r.viewer;
};

const north = { staff: { socialWorker: 'SW-101', teamManager: 'TM-201' }, team: 'T-NORTH' };
const south = { staff: { socialWorker: 'SW-111', teamManager: 'TM-211' }, team: 'T-SOUTH' };
const southChairedBy401 = { ...south, staff: { ...south.staff, chair: 'CH-401' } };

test('a social worker sees the cases they hold a role on, not their colleague’s in the same team', () => {
  expect(maySee(viewer('SW-101'), north)).toBe(true);
  expect(maySee(viewer('SW-102'), north)).toBe(false);
  expect(maySee(viewer('SW-101'), south)).toBe(false);
  expect(viewer('SW-101').manages).toBe(false);
});

test('a chair sees a case they chair, in any team', () => {
  expect(maySee(viewer('CH-401'), southChairedBy401)).toBe(true);
  expect(maySee(viewer('CH-401'), south)).toBe(false);
});

test('a team manager sees their team’s cases, even one whose staff have since moved on', () => {
  expect(maySee(viewer('TM-201'), north)).toBe(true);
  expect(
    maySee(viewer('TM-201'), { staff: { socialWorker: 'SW-999', teamManager: 'TM-999' }, team: 'T-NORTH' }),
  ).toBe(true);
  expect(maySee(viewer('TM-201'), south)).toBe(false);
  expect(viewer('TM-201').manages).toBe(true);
});

test('a service manager sees every team below them, and no other', () => {
  expect(maySee(viewer('SM-301'), north)).toBe(true);
  expect(maySee(viewer('SM-301'), south)).toBe(false);
  expect(maySee(viewer('SM-302'), south)).toBe(true);
});

test('the head of service, the QA manager and an administrator see every case', () => {
  for (const v of [viewer('HS-601'), viewer('QA-701'), viewer('ADM-001', true)]) {
    expect(v.all).toBe(true);
    expect(maySee(v, north) && maySee(v, south)).toBe(true);
  }
  expect(viewer('ADM-001').all).toBe(false);
});

test('a directory naming the head of service or QA manager by id is enough, whatever their role says', () => {
  const d = { ...dir, qaManager: 'SW-111' };
  const r = viewerOf(d, 'SW-111');
  expect(r.ok && r.viewer.all).toBe(true);
});

test('someone not in the directory sees nothing, and is told why', () => {
  const r = viewerOf(dir, 'XX-999');
  expect(r).toEqual({ ok: false, problem: expect.stringContaining('XX-999 is not in the council') });
});

test('a loop in the line (a directory mistake) does not hang the rule', () => {
  const looped: Directory = {
    ...dir,
    staff: [person('A-1', 'team-manager', 'B-1', 'T-A'), person('B-1', 'service-manager', 'A-1', 'T-B')],
  };
  const r = viewerOf(looped, 'A-1');
  expect(r.ok && [...r.viewer.people].sort()).toEqual(['A-1', 'B-1']);
});
