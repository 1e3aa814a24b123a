// Replay fixtures: histories of real scenario runs, committed so that a later change to the workflow code that
// would break cases already running fails `npm test` (a non-determinism error on replay) before it ships.
import fs from 'fs';
import path from 'path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

export const HISTORIES_DIR = path.join(__dirname, '..', 'fixtures', 'histories');

/**
 * Writes a workflow's history as a replay fixture when CPCASE_RECORD_HISTORIES=1 (after a deliberate,
 * versioned change to the workflow). Returns the number of events either way, for the events-per-case figure.
 * Never over an existing fixture: it is the history of cases already running, which must go on replaying. Rename
 * the old one first (`<name>.pre-<patch>.json`), as the README says.
 */
export async function keepHistory(name: string, handle: WorkflowHandle): Promise<number> {
  const history = await handle.fetchHistory();
  const file = path.join(HISTORIES_DIR, `${name}.json`);
  if (process.env.CPCASE_RECORD_HISTORIES === '1' && !fs.existsSync(file)) {
    fs.mkdirSync(HISTORIES_DIR, { recursive: true });
    fs.writeFileSync(file, historyToJSON(history) + '\n');
  }
  return history.events?.length ?? 0;
}
