// Text ordered by UTF-16 code units: the same order on every host, whatever its ICU data or default locale (which
// `localeCompare` follows, so two Node versions may disagree). What a workflow does must never depend on those.
export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
