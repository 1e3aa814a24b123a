// Every committed history replays against today's workflow code without a non-determinism error: a change
// that would break cases already running fails here. Re-record (CPCASE_RECORD_HISTORIES=1 npm test) only
// alongside a versioned change (workflow.patched) that keeps the old histories replaying.
import fs from 'fs';
import path from 'path';
import { Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { PLAN_RULES_VERSION } from '../../src/domain/case/plan';
import { HISTORIES_DIR, patchesRecorded } from '../support/histories';
import { BASELINE_1_PATCHES, PATCH_BASELINE_1 } from '../../src/workflows/patchBaseline';
import { workflowBundle } from '../support/temporal';

Runtime.install({ logger: new DefaultLogger('WARN') });

const fixtures = fs
  .readdirSync(HISTORIES_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

test('the replay fixtures cover the scenarios', () => {
  const scenarios = [
    'backdated',
    'bank-holiday-added',
    'full-case',
    'icpc-ladder',
    'minutes-escalation',
    'reassignment',
    'rejections',
  ];
  const later = [
    'changes-during-a-pass',
    'imported-history',
    'transfer-in-review',
    // Closed with its ICPC overdue: before planning rules 3 (patch 'plan-rules-v3') the ladder went on.
    'closed-with-icpc-overdue',
    // The first run of a case that continued as new (its history ends in the continue-as-new command).
    'continued-as-new',
    // Five years on: the case loads the next years' bank holidays (patch 'calendar-covers-ahead').
    'calendar-years-ahead',
  ];
  // Today's histories; those recorded before messages were decided at the send time (patch
  // 'send-at-send-time') and before the ledger (patch 'ledger-v1'), which running cases still have.
  expect(fixtures).toEqual(
    expect.arrayContaining([
      ...[...scenarios, ...later].map((s) => `${s}.json`),
      ...[...scenarios, ...later].map((s) => `${s}.pre-send-time.json`),
      ...scenarios.map((s) => `${s}.pre-ledger.json`),
      'closed-with-icpc-overdue.pre-v3.json',
      // Patch 'send-at-send-time': an event meeting a deadline while the pass awaited the ledger; a history
      // entered one afternoon; a case that ran before the patch and went on after it.
      'met-while-ledgering.json',
      'history-entered.json',
      'upgraded-to-send-at-send-time.json',
      // Planning rules 4 (patch 'plan-rules-v4'): invitations and reports stop being chased once it is held.
      'held-stops-pre-conference.json',
      // Patch 'held-claim-waits': another worker's claim on a message is waited out, not shown as a fault.
      'held-claim.json',
      // Patch 'recorder-from-credential': the server's identity stamp says who recorded each entry.
      'identity-stamped.json',
      // `cpcase open`: the start with the update `opened`, which waits for the case to open (no patch: no command).
      'opened-by-update.json',
      // Patch 'patch-baseline-1': a case opened today records that one marker, not one per patch.
      'opened-under-baseline.json',
    ]),
  );
});

const historyOf = (file: string) =>
  historyFromJSON(JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, file), 'utf8')));
const patchesIn = (file: string) => patchesRecorded(historyOf(file));

/** The patch ids case.ts asks for, by literal or by a constant (its own, or patchBaseline.ts's). */
function patchIdsAsked(): string[] {
  const workflow = fs.readFileSync(require.resolve('../../src/workflows/case.ts'), 'utf8');
  const baseline = fs.readFileSync(require.resolve('../../src/workflows/patchBaseline.ts'), 'utf8');
  const ids = [...workflow.matchAll(/(?:patched|this\.has)\('([a-z0-9-]+)'\)/g)].map((m) => m[1]!);
  for (const [, name] of workflow.matchAll(/(?:patched|this\.has)\(([A-Z0-9_]+)\)/g)) {
    const constant = new RegExp(`const ${name} = '([a-z0-9-]+)'`);
    const id = constant.exec(workflow)?.[1] ?? constant.exec(baseline)?.[1];
    expect([name, id]).toEqual([name, expect.any(String)]);
    ids.push(id!);
  }
  return [...new Set(ids)];
}

test('each patch in the case workflow has a fixture that takes it and one recorded before it', () => {
  const ids = patchIdsAsked();
  expect(ids).toEqual(
    expect.arrayContaining(['send-at-send-time', 'recorder-from-credential', 'patch-baseline-1']),
  );
  const taken = new Map(fixtures.map((f) => [f, new Set(patchesIn(f))]));
  for (const id of ids) {
    expect([id, fixtures.filter((f) => taken.get(f)!.has(id)).length > 0]).toEqual([id, true]);
    expect([id, fixtures.filter((f) => !taken.get(f)!.has(id)).length > 0]).toEqual([id, true]);
  }
});

test('baseline 1 names only patches the workflow asks for, and a case opened under it records no other', () => {
  const ids = patchIdsAsked();
  for (const id of BASELINE_1_PATCHES) expect([id, ids.includes(id)]).toEqual([id, true]);
  const opened = fixtures.filter((f) => patchesIn(f).includes(PATCH_BASELINE_1));
  expect(opened.length).toBeGreaterThan(0);
  for (const f of opened) expect([f, patchesIn(f)]).toEqual([f, [PATCH_BASELINE_1]]);
});

test('each planning-rules version has the patch that moves a running case onto it', () => {
  const workflow = fs.readFileSync(require.resolve('../../src/workflows/case.ts'), 'utf8');
  for (let v = 2; v <= PLAN_RULES_VERSION; v++) {
    expect(workflow).toContain(
      `< ${v} && this.has('plan-rules-v${v}')) state = { ...state, planRules: ${v} }`,
    );
  }
});

test.each(fixtures)('%s replays without non-determinism', async (file) => {
  const history = historyOf(file);
  // A case-year must stay far below Temporal's 51,200-event limit (and continue-as-new's 5,000 here).
  expect(history.events?.length).toBeLessThan(5_000);
  await Worker.runReplayHistory(
    { workflowBundle: await workflowBundle(require.resolve('../../src/workflows')) },
    history,
    file.replace(/\.json$/, ''),
  );
});
