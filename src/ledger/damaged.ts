// A ledger whose rows are not what this code wrote: damaged, or written by something else. Its own module, so
// the CLI can name it without loading the stores.
export class LedgerDamaged extends Error {}
