// The production-like stack (`npm run stack`) under faults, in CI: the Temporal server built from its Go module on
// PostgreSQL, two workers sharing the database. A worker and then the server are killed (SIGKILL) in the middle of
// an import burst, and PostgreSQL is stopped as a crash would stop it; the stack starts each again by itself, and
// every row is recorded exactly once, in the cases and in the shared ledger.
import path from 'path';
import { localPostgres } from '../../src/dev/postgres';
import { expectEveryRowOnce, importThrough, PEOPLE, settled, sleep } from '../support/burst';
import { cpcaseAsync } from '../support/cli';
import { TestSmtp } from '../support/smtp';
import { alive, startStack, stackRuns, type RunningStack } from '../support/stack';

let stack: RunningStack | undefined;
let smtp: TestSmtp;

(stackRuns ? describe : describe.skip)('the stack on PostgreSQL with two workers', () => {
  beforeAll(async () => {
    smtp = new TestSmtp();
    await smtp.start();
    stack = await startStack(smtp.url);
  }, 300_000);

  afterAll(async () => {
    if (stack) expect(await stack.stop()).toEqual([]); // nothing left running
    await smtp?.stop();
  }, 120_000);

  test('a worker killed mid-import: started again by the stack, every row recorded once', async () => {
    const s = stack!;
    const t = await importThrough(s.env, s.dir, 'CP-SW', async () => {
      const killed = s.pidOf('worker-1');
      process.kill(killed, 'SIGKILL');
      await s.replaced('worker-1', killed);
    });
    expectEveryRowOnce(t);
  }, 400_000);

  test('the Temporal server killed mid-import: started again on its database, the import rides it out', async () => {
    const s = stack!;
    const t = await importThrough(s.env, s.dir, 'CP-SS', async () => {
      const killed = s.pidOf('temporal');
      process.kill(killed, 'SIGKILL');
      await s.replaced('temporal', killed);
    });
    expectEveryRowOnce(t);
  }, 400_000);

  test('PostgreSQL stopped as by a crash: started again, the workers carry on by themselves', async () => {
    const s = stack!;
    const workers = [s.pidOf('worker-1'), s.pidOf('worker-2')];
    const pg = localPostgres(path.join(s.dir, 'postgres'), s.pgPort);
    const crashed = pg.pid();
    pg.stop('immediate', false);
    const until = Date.now() + 60_000;
    while (!(pg.running() && pg.pid() !== crashed) && Date.now() < until) await sleep(500);
    expect(pg.pid()).not.toBe(crashed);
    expect(pg.running()).toBe(true);
    // A case of its own, so the test stands alone in any order: opened and recorded after the restart.
    const opened = await cpcaseAsync(['open', 'CP-PG-001', '--child', 'CH-7Q2:2013-03-14', ...PEOPLE], s.env);
    expect(opened.stderr).toBe('');
    const recordedAfter = await cpcaseAsync(
      ['record', 'strategy-discussion', 'CP-PG-001', '--date', '2026-10-06'],
      s.env,
    );
    expect(recordedAfter.stderr).toBe('');
    const audit = await settled(s.env, ['CP-PG-001'], { events: 1, ledger: 1 });
    expect(audit).toEqual({ events: 1, ledger: 1 });
    expect(workers.every(alive)).toBe(true);
  }, 300_000);
});
