// Replay fixtures: histories of real scenario runs, committed so that a later change to the workflow code that
// would break cases already running fails `npm test` (a non-determinism error on replay) before it ships.
import fs from 'fs';
import path from 'path';
import type { WorkflowHandle } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
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

/** The patch ids a history recorded, in order (Temporal's 'core_patch' markers). */
export function patchesRecorded(history: temporal.api.history.v1.IHistory): string[] {
  return (history.events ?? []).flatMap((e) => {
    const m = e.markerRecordedEventAttributes;
    const data = m?.markerName === 'core_patch' ? m.details?.['patch-data']?.payloads?.[0]?.data : undefined;
    if (!data) return [];
    const parsed: unknown = JSON.parse(Buffer.from(data).toString('utf8'));
    const id: unknown = typeof parsed === 'object' && parsed !== null ? Reflect.get(parsed, 'id') : undefined;
    return typeof id === 'string' ? [id] : [];
  });
}
