// What every census check shares: its shape (the messages a child, or the whole return, gives a rule) and the
// date comparisons the DfE's rules are written in. Pure.
import { addMonthsClamped, compareDates, type LocalDate } from '../dates';
import type { CensusChild, CensusReturn, ReturnChild } from './cin';

/** The rule's findings for one Child of the return: a sentence each, empty when it is met. */
export type ChildCheck = (c: ReturnChild, r: CensusReturn) => string[];
/** A rule the DfE applies to the whole return (a share, a count). */
export type ReturnCheck = (r: CensusReturn) => string[];

export const before = (a: LocalDate, b: LocalDate): boolean => compareDates(a, b) < 0;
export const after = (a: LocalDate, b: LocalDate): boolean => compareDates(a, b) > 0;
/** Within the census year: from its first day (the day after a year before the reference date) to it. */
export const inYear = (d: LocalDate, r: CensusReturn): boolean => !before(d, r.from) && !after(d, r.to);
/** The same day n years on (29 February to the 28th where there is none). */
export const addYears = (d: LocalDate, n: number): LocalDate => addMonthsClamped(d, 12 * n);

/** Where a value came from in the council's file, for a person to find and correct it. */
export const fromFile = (e: CensusChild): string =>
  e.council.line !== undefined ? ` (--children line ${e.council.line})` : '';

/** The identifiers and characteristics of a Child, as written: its first episode's. */
export const identity = (c: ReturnChild): CensusChild => c.episodes[0]!;
