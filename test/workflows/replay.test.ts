// Every committed history replays against today's workflow code without a non-determinism error: a change
// that would break cases already running fails here. Re-record (CPCASE_RECORD_HISTORIES=1 npm test) only
// alongside a versioned change (workflow.patched) that keeps the old histories replaying.
import fs from 'fs';
import path from 'path';
import { Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { PLAN_RULES_VERSION } from '../../src/domain/case/plan';
import { HISTORIES_DIR } from '../support/histories';
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
  // Today's histories, and those recorded before the ledger (patch 'ledger-v1'), which running cases still have.
  expect(fixtures).toEqual(
    expect.arrayContaining([
      ...scenarios.map((s) => `${s}.json`),
      ...scenarios.map((s) => `${s}.pre-ledger.json`),
      'changes-during-a-pass.json',
      'imported-history.json',
      'transfer-in-review.json',
      // Closed with its ICPC overdue: before planning rules 3 (patch 'plan-rules-v3') the ladder went on.
      'closed-with-icpc-overdue.json',
      'closed-with-icpc-overdue.pre-v3.json',
      // The first run of a case that continued as new (its history ends in the continue-as-new command).
      'continued-as-new.json',
      // Five years on: the case loads the next years' bank holidays (patch 'calendar-covers-ahead').
      'calendar-years-ahead.json',
    ]),
  );
});

test('each planning-rules version has the patch that moves a running case onto it', () => {
  const workflow = fs.readFileSync(require.resolve('../../src/workflows/case.ts'), 'utf8');
  for (let v = 2; v <= PLAN_RULES_VERSION; v++) {
    expect(workflow).toContain(
      `< ${v} && patched('plan-rules-v${v}')) state = { ...state, planRules: ${v} }`,
    );
  }
});

test.each(fixtures)('%s replays without non-determinism', async (file) => {
  const history = historyFromJSON(JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, file), 'utf8')));
  // A case-year must stay far below Temporal's 51,200-event limit (and continue-as-new's 5,000 here).
  expect(history.events?.length).toBeLessThan(5_000);
  await Worker.runReplayHistory(
    { workflowBundle: await workflowBundle(require.resolve('../../src/workflows')) },
    history,
    file.replace(/\.json$/, ''),
  );
});
