// The council's file for the census about a generated year's children, as a council's own system would give
// it: its LA child ids (letters and digits), UPNs with their check letters for children of school age, sex (U
// before birth), ethnicity, disabilities, and a referral on or before the case's first event and within 40
// weeks of the birth. Made from the year's own record of births and first events, so the census rules hold.
import { addDays, type LocalDate } from '../domain/dates';
import { DISABILITY_CODES } from '../domain/census/codes';
import { COUNCIL_CHILD_COLUMNS } from '../census/childFile';
import { upnCheckLetter } from '../domain/census/upn';
import { prng, type GeneratedYear } from './generateYear';

/** The UPNs' issuing LA: a real code (rule 1530), as a school in the council's area would give. */
const UPN_LA = '201';
const ETHNICITIES = ['WBRI', 'WBRI', 'WBRI', 'WBRI', 'WOTH', 'MWBC', 'BAFR', 'APKN', 'AIND', 'OOTH'] as const;
const SOURCES = ['1A', '1B', '2A', '3A', '3D', '5A', '5B', '6', '9'] as const;
const NEEDS = ['N1', 'N1', 'N1', 'N2', 'N3', 'N4', 'N5', 'N8'] as const;
const DISABILITIES = DISABILITY_CODES.filter((d) => d !== 'NONE');

function upn(k: number): string {
  const tail = `${UPN_LA}${String(2000 + (k % 7000)).padStart(4, '0')}${String(10 + (k % 80))}${String(k % 1000).padStart(3, '0')}`;
  return `${upnCheckLetter(`X${tail}`)!}${tail}`;
}

/** The referral: up to three weeks before the case's first event, but never more than 40 weeks before birth. */
function referral(first: LocalDate, birth: LocalDate, back: number): LocalDate {
  const wanted = addDays(first, -back);
  const earliest = addDays(birth, -280);
  return wanted < earliest ? (earliest < first ? earliest : first) : wanted;
}

/** One CSV row per child of the year, in the columns `cpcase export cin-census --children` reads. */
export function councilFileOf(g: GeneratedYear, seed = 1): string {
  const r = prng(seed);
  let disabled = 0;
  const rows = Object.keys(g.census.caseOf).map((child, k) => {
    const birth = g.census.births[child] ?? {};
    const bornBy = birth.dob ?? birth.expected!;
    const unborn = !birth.dob;
    const schoolAge = !unborn && birth.dob! <= addDays(g.to, -365 * 4);
    const disabilities =
      unborn || !r.chance(0.15) ? ['NONE'] : [DISABILITIES[disabled++ % DISABILITIES.length]!];
    if (disabilities[0] !== 'NONE' && disabled % 3 === 0)
      disabilities.push(DISABILITIES[(disabled + 5) % DISABILITIES.length]!);
    const cells: Record<string, string> = {
      child,
      'la-child-id': `C${String(k + 1).padStart(6, '0')}`,
      upn: schoolAge ? upn(k + 1) : '',
      'upn-unknown': schoolAge ? '' : 'UN1',
      sex: unborn ? 'U' : r.pick(['M', 'F']),
      ethnicity: unborn ? 'NOBT' : r.pick(ETHNICITIES),
      disabilities: disabilities.join(';'),
      'referral-date': referral(g.census.firstEvent[g.census.caseOf[child]!]!, bornBy, r.int(1, 21)),
      'referral-source': r.pick(SOURCES),
      'primary-need': r.pick(NEEDS),
    };
    return COUNCIL_CHILD_COLUMNS.map((c) => cells[c] ?? '').join(',');
  });
  return [COUNCIL_CHILD_COLUMNS.join(','), ...rows].join('\n') + '\n';
}
