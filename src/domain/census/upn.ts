// The Unique Pupil Number as the DfE defines it: a check letter, the three-digit LA code of the school that
// issued it, then nine more characters, the last a digit or (for a temporary UPN) a letter. Pure.

/** Post-April-1998 LA codes and the DfE's recognised 'pseudo LA' codes (characters 2-4 of a UPN). */
const LA_CODE_RANGES: [number, number][] = [
  [1, 5], [201, 213], [301, 320], [330, 336], [340, 344], [350, 359], [370, 373], [380, 384], [390, 394],
  [420, 420], [660, 681], [701, 708], [800, 803], [805, 808], [810, 813], [815, 816], [820, 823], [825, 826],
  [830, 831], [835, 841], [845, 846], [850, 852], [855, 857], [860, 861], [865, 896], [908, 909], [916, 916],
  [919, 919], [921, 921], [925, 926], [928, 929], [931, 931], [933, 933], [935, 938], [940, 941],
]; // prettier-ignore

/** The check-letter alphabet: the remainder 0-22 names a letter (no I, O or S). */
const CHECK_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

export function isUpnLaCode(code: string): boolean {
  if (!/^\d{3}$/.test(code)) return false;
  const n = Number(code);
  return LA_CODE_RANGES.some(([lo, hi]) => n >= lo && n <= hi);
}

/** The letter a UPN's characters 2-13 call for: each weighted by its position, summed, modulo 23. */
export function upnCheckLetter(upn: string): string | undefined {
  let sum = 0;
  for (let i = 1; i < 13; i++) {
    const ch = upn[i] ?? '';
    // A temporary UPN's last character is a letter, weighted by its place in the check-letter alphabet.
    const v = /\d/.test(ch) ? Number(ch) : CHECK_LETTERS.indexOf(ch);
    if (v < 0) return undefined;
    sum += v * (i + 1);
  }
  return CHECK_LETTERS[sum % 23];
}

export interface UpnProblem {
  rule: '1510' | '1530' | '1540' | '1550';
  message: string;
}

/** What is wrong with a 13-character UPN under the DfE's rules 1510-1550; nothing for a good one. */
export function upnProblems(upn: string): UpnProblem[] {
  if (upn.length !== 13) return [{ rule: '1540', message: `UPN '${upn}' is not 13 characters` }];
  const out: UpnProblem[] = [];
  if (!isUpnLaCode(upn.slice(1, 4)))
    out.push({ rule: '1530', message: `UPN '${upn}': characters 2-4 are not a recognised LA code` });
  if (!/^\d{8}$/.test(upn.slice(4, 12)))
    out.push({ rule: '1540', message: `UPN '${upn}': characters 5-12 are not all digits` });
  if (!/^[0-9A-HJ-NP-RT-Z]$/.test(upn[12]!))
    out.push({ rule: '1550', message: `UPN '${upn}': character 13 is not a digit or a check letter` });
  const letter = out.length ? undefined : upnCheckLetter(upn);
  if (letter && upn[0] !== letter)
    out.push({ rule: '1510', message: `UPN '${upn}': the check letter should be ${letter}` });
  return out;
}
