// The directory's rules: who a recipient resolves to, and what makes a directory unsafe to send from.
import path from 'path';
import {
  checkCasePeople,
  checkDirectory,
  nearestIds,
  resolveAddressee,
  type Directory,
} from '../../src/domain/directory';
import { loadDirectoryFile } from '../../src/directory/file';

const person = (id: string, lineManager?: string) => ({
  id,
  name: `Name ${id}`,
  email: `${id.toLowerCase()}@council.example`,
  role: 'social-worker',
  ...(lineManager ? { lineManager } : {}),
});
const dir = (staff: Directory['staff'], extra: Partial<Directory> = {}): Directory => ({
  staff,
  agencies: [{ id: 'gp', name: 'GP', email: 'gp@nhs.example' }],
  safeguardingAdmin: { name: 'Admin', email: 'admin@council.example' },
  ...extra,
});

describe('checkDirectory', () => {
  test('a sound directory has no problems', () => {
    expect(checkDirectory(dir([person('SW-1', 'TM-1'), person('TM-1', 'SM-1'), person('SM-1')]))).toEqual([]);
  });
  test('duplicate ids, across staff and agencies too', () => {
    expect(checkDirectory(dir([person('SW-1'), person('SW-1'), person('gp')]))).toEqual([
      'SW-1: the id is used 2 times',
      'gp: the id is used 2 times',
    ]);
  });
  test('unknown managers, and head of service / QA manager not on the staff list', () => {
    expect(
      checkDirectory(dir([person('SW-1', 'TM-9')], { headOfService: 'HS-1', qaManager: 'QA-1' })),
    ).toEqual([
      'SW-1: line manager TM-9 is not in the directory',
      'headOfService: HS-1 is not in the staff list',
      'qaManager: QA-1 is not in the staff list',
    ]);
  });
  test('a loop in the management chain is reported once, however many people lead into it', () => {
    const staff = [person('A', 'B'), person('B', 'C'), person('C', 'A'), person('D', 'A'), person('E', 'E')];
    expect(checkDirectory(dir(staff))).toEqual([
      'management loop: A -> B -> C -> A',
      'management loop: E -> E',
    ]);
  });
});

describe('resolveAddressee', () => {
  const d = dir([person('SW-1', 'TM-1'), person('TM-1'), person('HS-1')], { headOfService: 'HS-1' });
  test('by id, by line manager, by directory role, an agency', () => {
    expect(resolveAddressee(d, { role: 'social-worker', id: 'SW-1' })).toMatchObject({
      ok: true,
      to: { email: 'sw-1@council.example' },
    });
    expect(resolveAddressee(d, { role: 'owner-line-manager', managerOf: 'SW-1' })).toMatchObject({
      ok: true,
      to: { id: 'TM-1' },
    });
    expect(resolveAddressee(d, { role: 'head-of-service' })).toMatchObject({ ok: true, to: { id: 'HS-1' } });
    expect(resolveAddressee(d, { role: 'agency', id: 'gp' })).toMatchObject({
      ok: true,
      to: { email: 'gp@nhs.example' },
    });
  });
  test('what cannot be resolved says why', () => {
    expect(resolveAddressee(d, { role: 'qa-manager' })).toEqual({
      ok: false,
      problem: 'nobody holds the role quality-assurance manager on this case',
    });
    expect(resolveAddressee(d, { role: 'owner-line-manager', managerOf: 'TM-1' })).toEqual({
      ok: false,
      problem: 'nobody holds the role line manager of TM-1 on this case',
    });
    expect(resolveAddressee(d, { role: 'chair', id: 'CH-9' })).toEqual({
      ok: false,
      problem: 'chair CH-9 is not in the directory',
    });
  });
});

describe('a case checked against the directory before it opens', () => {
  const example = loadDirectoryFile(path.join(__dirname, '..', '..', 'config', 'directory.example.yaml'));
  const all = new Set(['owner', 'owner-line-manager', 'service-manager', 'head-of-service', 'qa-manager']);
  const people = { '--social-worker': 'SW-101', '--team-manager': 'TM-201', '--service-manager': 'SM-301' };

  test('known people, agencies and a full ladder: nothing to say', () => {
    expect(checkCasePeople(example, { ...people, '--chair': 'CH-401' }, ['gp'], all)).toEqual([]);
  });

  test('unknown ids named with the nearest known ones; a ladder with nobody at a level', () => {
    expect(
      checkCasePeople(
        example,
        { ...people, '--social-worker': 'SW-999', '--service-manager': undefined },
        ['gpp'],
        all,
      ),
    ).toEqual([
      '--social-worker: SW-999 is not in the staff directory (nearest: SW-101, SW-102, SM-301)',
      '--agency: gpp is not an agency in the directory (nearest: gp, school, police-caiu)',
      '--service-manager: the policy escalates to the service manager; name one for the case',
    ]);
    expect(nearestIds('sw-101', ['SW-101', 'TM-201'])[0]).toBe('SW-101');
    const noChiefs = { ...example, headOfService: undefined, qaManager: undefined };
    expect(checkCasePeople(noChiefs, people, [], all)).toHaveLength(2);
    expect(checkCasePeople(noChiefs, people, [], new Set(['owner']))).toEqual([]);
  });
});

test('an unknown role and ids that differ only in case are problems', () => {
  const d = dir([person('SW-1', 'TM-1'), person('sw-1', 'TM-1'), { ...person('TM-1'), role: 'wizard' }]);
  expect(checkDirectory(d)).toEqual([
    'sw-1: differs from SW-1 only in case; write one id one way',
    expect.stringMatching(/^TM-1: role 'wizard' is not known; use one of social-worker, /) as unknown,
  ]);
});
