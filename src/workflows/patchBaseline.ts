// A case opened today takes every patch the workflow has: recording each one's marker in its first task (with the
// search-attribute upsert Temporal's SDK adds to every patch marker) cost a new case 14 history events it never
// reads. A case opened under a baseline records one marker, 'patch-baseline-1', and holds the baseline in its
// state, which answers for each patch below without a marker; a case from before the baseline has no such marker
// and asks `patched()` as it always did, so its history replays as it ran.
//
// A baseline is frozen once shipped: a patch added later is asked with `patched()` as usual (cases opened under
// this baseline do not have it), and folding it into a baseline means a new one, 'patch-baseline-2', of its own.

/** The patch that marks a case opened under baseline 1. */
export const PATCH_BASELINE_1 = 'patch-baseline-1';

/** The patches every case opened under baseline 1 takes, whatever their constant names in case.ts. */
export const BASELINE_1_PATCHES: readonly string[] = Object.freeze([
  'ledger-v1',
  'changes-during-a-pass',
  'plan-rules-v2',
  'plan-rules-v3',
  'plan-rules-v4',
  'plan-rules-v5',
  'calendar-covers-events',
  'calendar-covers-ahead',
  'send-at-send-time',
  'held-claim-waits',
  'recorder-from-credential',
]);

/** Whether a case opened under `baseline` (absent: before any) takes patch `id` without asking. */
export function inBaseline(baseline: number | undefined, id: string): boolean {
  return baseline === 1 && BASELINE_1_PATCHES.includes(id);
}
