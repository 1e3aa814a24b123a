// Opaque references: the only way cases, children, staff and agencies are named anywhere in the system.

/** Child, staff, agency, conference and deadline ids: no spaces, nothing that reads as a name. */
export const REF_PATTERN = /^[A-Za-z0-9][A-Za-z0-9:._/-]{0,63}$/;
/** A council case reference: letters, digits and separators, 3 to 32 characters, starting with a letter or digit. */
export const CASE_REF_PATTERN = /^[A-Z0-9][A-Z0-9/_-]{2,31}$/;

export function checkCaseRef(value: string): string | undefined {
  if (!CASE_REF_PATTERN.test(value)) {
    return `'${value}' is not a case reference: use 3-32 capital letters, digits, '-', '_' or '/', e.g. CP-2026-0142`;
  }
  return undefined;
}
