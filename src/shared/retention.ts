// How long Temporal keeps a closed case's workflow: a month, set deliberately on every namespace cpcase runs in
// (npm start, the stack, compose). Long enough to look into a case just closed in the Web UI, short enough that
// Temporal's database is not a second, unscheduled archive of special-category data. The ledger is the record,
// kept as the council's records schedule says (the policy file's `retention`), and `cpcase status` and `audit`
// answer from it once Temporal has let a closed case go.
export const CLOSED_WORKFLOW_RETENTION = '720h';
