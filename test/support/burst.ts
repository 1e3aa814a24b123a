// An import burst for fault tests: cases opened through the CLI, a CSV of eleven events each (a conference's
// whole course), and what the cases then hold (events, and ledger rows), read back through the CLI.
import fs from 'fs';
import path from 'path';
import { cpcaseAsync, STAFF, type CliRun } from './cli';

/** The staff every burst case is opened with (a chair too, for the conference rows). */
export const PEOPLE = ['--chair', 'CH-401', ...STAFF];
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Burst {
  refs: string[];
  file: string;
  rows: number;
}

/** Cases opened through the CLI, `lanes` at a time (each `cpcase open` is a process of its own). */
export async function openCases(env: NodeJS.ProcessEnv, refs: string[], lanes = 3): Promise<void> {
  const queue = [...refs];
  const lane = async () => {
    for (let ref = queue.shift(); ref; ref = queue.shift()) {
      const r = await cpcaseAsync(['open', ref, '--child', 'CH-7Q2:2013-03-14', ...PEOPLE], env);
      if (r.code !== 0) throw new Error(`open ${ref}: exit ${r.code} ${r.stderr}`);
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
}

/** `n` cases opened (three at a time), and an import file of their events written under `dir`. */
export async function casesWithFile(
  env: NodeJS.ProcessEnv,
  dir: string,
  prefix: string,
  n: number,
): Promise<Burst> {
  const refs = Array.from({ length: n }, (_, i) => `${prefix}-${String(i + 1).padStart(3, '0')}`);
  await openCases(env, refs);
  const lines = ['case,event,date,type,on,from,child,participation'];
  for (const ref of refs) {
    lines.push(
      `${ref},strategy-discussion,2026-09-01,,,,,`,
      `${ref},conference-scheduled,2026-09-02,initial,2026-09-18,,,`,
      `${ref},invitations-sent,2026-09-07,,,,,`,
      `${ref},report-received,2026-09-16,,,social-worker,,`,
      `${ref},chair-pre-meeting,2026-09-17,,,,,`,
      `${ref},conference-held,2026-09-18,initial,,,CH-7Q2=plan:neglect,CH-7Q2=attended`,
      `${ref},outline-plan-distributed,2026-09-21,,,,,`,
      `${ref},minutes-sent-to-chair,2026-09-24,,,,,`,
      `${ref},minutes-approved,2026-09-28,,,,,`,
      `${ref},full-record-distributed,2026-10-05,,,,,`,
      `${ref},core-group-held,2026-10-01,,,,,`,
    );
  }
  const file = path.join(dir, `${prefix}.csv`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return { refs, file, rows: lines.length - 1 };
}

export function jsonOf<T>(r: CliRun): T {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

export interface Held {
  events: number;
  ledger: number;
}

/** What the cases hold now: their events, and their event rows in the ledger. */
export async function recorded(env: NodeJS.ProcessEnv, refs: string[]): Promise<Held> {
  let events = 0;
  let ledger = 0;
  for (const ref of refs) {
    events += jsonOf<{ events: unknown[] }>(await cpcaseAsync(['status', ref, '--json'], env)).events.length;
    const audit = await cpcaseAsync(['audit', ref, '--json'], env);
    // A case with nothing recorded yet has no ledger rows: audit says so with exit 3.
    if (audit.code !== 3) ledger += jsonOf<{ entries: unknown[] }>(audit).entries.length;
  }
  return { events, ledger };
}

/**
 * What the cases hold once the ledger has caught up (or after three minutes, whatever it holds then): a ledger
 * write a killed worker had started is retried once its activity's minute has passed.
 */
export async function settled(env: NodeJS.ProcessEnv, refs: string[], expected: Held): Promise<Held> {
  const until = Date.now() + 180_000;
  for (;;) {
    const now = await recorded(env, refs);
    if (now.ledger >= expected.ledger || Date.now() > until) return now;
    await sleep(5_000);
  }
}

/** A run, and whether it has finished: the fault must land while it is still going. */
export function midway(run: Promise<CliRun>): { run: Promise<CliRun>; finished: () => boolean } {
  let done = false;
  void run.then(() => (done = true));
  return { run, finished: () => done };
}

export const importJson = (r: CliRun) =>
  jsonOf<{ rows: number; recorded: number; alreadyRecorded: number }>(r);

export interface ThroughFault {
  burst: Burst;
  /** What the administrator's import said. */
  run: CliRun;
  /** What the cases held before, and once the ledger caught up after. */
  before: Held;
  after: Held;
}

/**
 * Imports a fresh burst of `n` cases and injects `fault` a second in, while the import is still going (it fails
 * the test if the import was already over: the fault would have proved nothing).
 */
export async function importThrough(
  env: NodeJS.ProcessEnv,
  dir: string,
  prefix: string,
  fault: () => Promise<void>,
  n = 20,
): Promise<ThroughFault> {
  const burst = await casesWithFile(env, dir, prefix, n);
  const before = await recorded(env, burst.refs);
  const importing = midway(cpcaseAsync(['import', burst.file, '--json'], env));
  await sleep(1_000);
  if (importing.finished()) throw new Error('the import ended before the fault: make the burst larger');
  await fault();
  const run = await importing.run;
  const expected = { events: before.events + burst.rows, ledger: before.ledger + burst.rows };
  return { burst, run, before, after: await settled(env, burst.refs, expected) };
}

/** What an import through a fault must show: exit 0, every row recorded by it, each once in cases and ledger. */
export function expectEveryRowOnce(t: ThroughFault): void {
  const { rows } = t.burst;
  expect({ code: t.run.code, stderr: t.run.stderr }).toEqual({ code: 0, stderr: '' });
  expect(importJson(t.run)).toMatchObject({ rows, recorded: rows, alreadyRecorded: 0 });
  expect(t.after).toEqual({ events: t.before.events + rows, ledger: t.before.ledger + rows });
}
