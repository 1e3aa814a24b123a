// Each census rule cpcase checks, broken once on the return of one child of each kind (censusKinds.ts): the
// records the rule tests give to cpcase's own checks and to the independent validator alike.
import type { CensusChild, CensusReturn } from '../../src/domain/census/cin';
import type { LocalDate } from '../../src/domain/dates';
import { kindsReturn } from './censusKinds';

const d = (s: string) => s as LocalDate;
type Edit = (r: CensusReturn) => void;
const child = (r: CensusReturn, id: string): CensusChild => r.children.find((c) => c.childId === id)!;
const on =
  (id: string, f: (c: CensusChild) => void): Edit =>
  (r) =>
    f(child(r, id));
const council = (id: string, k: Partial<CensusChild['council']>): Edit =>
  on(id, (c) => Object.assign(c.council, k));
const closed = (id: string, closureDate: string, reasonForClosure?: string) =>
  council(id, { closureDate: d(closureDate), ...(reasonForClosure ? { reasonForClosure } : {}) });
const secondEpisode =
  (k: Partial<CensusChild['council']>, first: Partial<CensusChild['council']> = {}): Edit =>
  (r) => {
    const c = child(r, 'CH-TWO');
    Object.assign(c.council, first);
    r.children.push({
      ...structuredClone(c),
      childId: 'CH-TWO-B',
      caseRef: 'CP-K-TWO-B',
      council: { ...c.council, ...k },
    });
  };
const upnWith = (upn: string) => council('CH-TWO', { upn });

/** Each checked rule, broken on the kinds' return; the independent validator sees the same unless said here. */
export const BREAKS: [string, Edit][] = [
  ['100', (r) => void (r.to = d('2026-03-30'))],
  ['1570', council('CH-TWO', { laChildId: 'S'.repeat(21) })],
  ['1580', council('CH-TWO', { laChildId: 'S-1003' })],
  ['1510', on('CH-TWO', (c) => void (c.council.upn = `A${c.council.upn!.slice(1)}`))],
  ['1520', (r) => void (child(r, 'CH-OLD').council.upn = child(r, 'CH-TWO').council.upn)],
  ['1530', upnWith('D999100026002')],
  ['1540', upnWith('C2011000AB002')],
  ['1550', upnWith('C20110002600I')],
  ['1560Q', council('CH-TWO', { formerUpn: 'X12' })],
  ['8520', on('CH-TWO', (c) => void (c.personBirthDate = d('2026-04-05')))],
  ['8525Q', on('CH-TWO', (c) => void (c.expectedPersonBirthDate = d('2012-11-11')))],
  ['8530Q', on('CH-PRE', (c) => void (c.expectedPersonBirthDate = d('2027-02-01')))],
  ['8775Q', on('CH-TWO', (c) => void (c.personBirthDate = d('1999-01-01')))],
  ['4180', council('CH-TWO', { sex: 'X' })],
  ['8750', council('CH-PRE', { sex: 'F' })],
  ['2886Q', (r) => r.children.forEach((c) => (c.council.sex = 'U'))],
  ['8770Q', on('CH-TWO', (c) => void Object.assign(c.council, { upn: undefined, upnUnknown: 'UN1' }))],
  ['8772', on('CH-TWO', (c) => void Object.assign(c.council, { upn: undefined, upnUnknown: 'UN7' }))],
  ['4220', council('CH-TWO', { ethnicity: 'XXXX' })],
  ['8540', council('CH-TWO', { disabilities: [] })],
  ['8540', council('CH-TWO', { disabilities: ['XYZ'] })],
  ['8790', council('CH-TWO', { disabilities: ['NONE', 'LD'] })],
  ['8794', council('CH-TWO', { disabilities: ['LD', 'LD'] })],
  ['2887Q', () => undefined],
  ['2888Q', council('CH-TIN', { disabilities: ['LD'] })],
  ['8600', council('CH-TWO', { referralDate: d('2026-04-02') })],
  ['8866', council('CH-TWO', { referralSource: 'ZZ' })],
  ['8650', council('CH-TWO', { primaryNeed: 'N99' })],
  ['8610', council('CH-TWO', { primaryNeed: undefined })],
  ['8640', closed('CH-TWO', '2026-03-20', 'RC99')],
  ['8620', closed('CH-TWO', '2026-04-20', 'RC1')],
  ['8630', closed('CH-OLD', '2024-09-01', 'RC1')],
  ['8805', closed('CH-TWO', '2026-03-20')],
  ['8810', council('CH-TWO', { reasonForClosure: 'RC1' })],
  ['8815', secondEpisode({ referralDate: d('2025-12-01') })],
  [
    '8816',
    secondEpisode({ referralDate: d('2026-01-05'), closureDate: d('2026-02-01'), reasonForClosure: 'RC1' }),
  ],
  [
    '8820',
    secondEpisode({ referralDate: d('2025-06-01'), closureDate: d('2026-02-01'), reasonForClosure: 'RC1' }),
  ],
  ['8565', closed('CH-TWO', '2025-09-01', 'RC1')],
  ['8606', council('CH-TWO', { referralDate: d('2011-01-01') })],
  ['1104', council('CH-TWO', { referralDate: d('2025-05-05') })],
  ['1105', council('CH-TWO', { referralDate: d('2025-05-05') })],
  ['2889', council('CH-TWO', { referralDate: d('2025-05-05') })],
  [
    '8868',
    (r) => {
      delete child(r, 'CH-PRE').section47[0]!.dateOfInitialCpc;
      Object.assign(child(r, 'CH-PRE').council, { closureDate: d('2026-03-20'), reasonForClosure: 'RC1' });
    },
  ],
  ['8585Q', closed('CH-TWO', '2026-03-20', 'RC2')],
  ['2990', closed('CH-TWO', '2026-03-20', 'RC8')],
  ['8825Q', closed('CH-TWO', '2026-03-20', 'RC8')],
  ['2991Q', () => undefined],
  ['8615', on('CH-TWO', (c) => void (c.section47[0]!.s47ActualStartDate = d('2025-05-05')))],
  ['8715', on('CH-TWO', (c) => void (c.section47[0]!.dateOfInitialCpc = d('2025-03-28')))],
  [
    '8740',
    on(
      'CH-PRE',
      (c) =>
        void Object.assign(c.section47[0]!, {
          s47ActualStartDate: d('2025-03-20'),
          dateOfInitialCpc: undefined,
        }),
    ),
  ],
  ['8875', on('CH-TWO', (c) => void (c.section47[0]!.dateOfInitialCpc = d('2025-05-03')))],
  ['8870Q', on('CH-TWO', (c) => void (c.section47[0]!.initialCpcTarget = d('2025-05-10')))],
  ['8675Q', on('CH-PRE', (c) => void delete c.section47[0]!.dateOfInitialCpc)],
  ['8890', on('CH-TWO', (c) => void (c.section47[1]!.s47ActualStartDate = d('2025-04-22')))],
  ['8839', on('CH-TWO', (c) => c.section47.forEach((s) => delete s.dateOfInitialCpc))],
  ['2884', on('CH-TWO', (c) => void (c.dateOfInitialCpc = c.section47[0]!.dateOfInitialCpc))],
  ['2885', on('CH-TIN', (c) => void delete c.dateOfInitialCpc)],
  ['2883', on('CH-TIN', (c) => void delete c.dateOfInitialCpc)],
  ['8720', on('CH-TWO', (c) => void (c.plans[1]!.cppStartDate = d('2026-04-10')))],
  ['8925', on('CH-TWO', (c) => void (c.plans[0]!.cppEndDate = d('2025-04-20')))],
  ['8840', on('CH-TWO', (c) => void (c.plans[0]!.cppEndDate = c.plans[0]!.cppStartDate))],
  ['8930', on('CH-OLD', (c) => void (c.plans[0]!.cppEndDate = d('2026-04-15')))],
  ['8905', on('CH-TWO', (c) => void (c.plans[0]!.initialCategoryOfAbuse = 'XXX'))],
  ['8910', on('CH-TWO', (c) => void (c.plans[0]!.latestCategoryOfAbuse = 'XXX'))],
  ['8935', on('CH-TWO', (c) => void delete c.plans[0]!.cppEndDate)],
  ['8940', on('CH-TWO', (c) => void (c.plans[0]!.cppEndDate = d('2025-10-20')))],
  ['8841', on('CH-TWO', (c) => void (c.plans[1]!.reviews = [c.plans[1]!.cppStartDate]))],
];

/** Where the independent validator reads a rule otherwise than the DfE's text, and why cpcase keeps the text. */
export const VALIDATOR_DIFFERS: Record<string, string> = {
  '8540': "reports nothing even for a code outside its own list ('XYZ') or none at all: lost in its report",
  '8740':
    'reads ICPCnotRequired only as 0; cpcase writes false, which the schema (a boolean) takes as the same',
  '8870Q': 'parses the target as DD-MM-YYYY, so never reads the ISO date the schema requires as a weekend',
  '8935': 'never fires (it counts open plans per plan); the same record shows there as 8940, which it finds',
};

/** The kinds' return broken by each entry above, with the rule it breaks. */
export const brokenReturns = (): { code: string; r: CensusReturn }[] =>
  BREAKS.map(([code, edit]) => {
    const r = structuredClone(kindsReturn());
    edit(r);
    return { code, r };
  });
