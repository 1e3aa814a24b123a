// The CIN census's code sets for what the council supplies: one list each, read by the council file's parser
// and by the rules that check the return.
export const ETHNICITY_CODES = [
  'WBRI', 'WIRI', 'WIRT', 'WOTH', 'WROM', 'MWBC', 'MWBA', 'MWAS', 'MOTH', 'AIND', 'APKN', 'ABAN', 'AOTH',
  'BCRB', 'BAFR', 'BOTH', 'CHNE', 'OOTH', 'REFU', 'NOBT',
] as const; // prettier-ignore
export const DISABILITY_CODES = [
  'NONE', 'MOB', 'HAND', 'PC', 'INC', 'COMM', 'LD', 'HEAR', 'VIS', 'BEH', 'CON', 'AUT', 'DDA',
] as const; // prettier-ignore
export const REFERRAL_SOURCE = /^(1[A-F]|2[AB]|3[A-F]|4|5[A-D]|6|7|8|9|10)$/;
export const PRIMARY_NEED = /^N[0-9]$/;
export const REASON_FOR_CLOSURE = /^RC[1-9]$/;
export const SEX = /^[MFU]$/;
/** The LA child id the DfE accepts: letters and digits, at most 20 (rules 1570 and 1580). */
export const LA_CHILD_ID = /^[A-Za-z0-9]{1,20}$/;
export const UPN_UNKNOWN = /^UN([1-9]|10)$/;
