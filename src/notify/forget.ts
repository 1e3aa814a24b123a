// A destroyed case's entries in the sent-message record (its messages' keys begin with its reference): deleted
// from the shared database, or, on the embedded default, the record file written again without them. The file
// belongs to the embedded worker, which appends to it, so it is rewritten only while that worker is stopped.
import fs from 'fs';
import path from 'path';
import type { Pool } from 'pg';
import { caseKeyPrefix as prefix } from './sentAbout';

/** Deletes the case's rows from the shared record; again is harmless. */
export async function forgetInDatabase(pool: Pool, caseRef: string): Promise<number> {
  const p = prefix(caseRef);
  const r = await pool.query(`DELETE FROM sent_messages WHERE left(message_key, $1) = $2`, [p.length, p]);
  return r.rowCount ?? 0;
}

/** Writes the record file again without the case's lines (whole, by rename); a file without them is left alone. */
export function forgetInFile(file: string, caseRef: string): number {
  if (!fs.existsSync(file)) return 0;
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const p = prefix(caseRef);
  const keep = lines.filter((line) => {
    if (!line.trim()) return false;
    try {
      const v: unknown = JSON.parse(line);
      const key: unknown = typeof v === 'object' && v !== null ? Reflect.get(v, 'key') : undefined;
      return !(typeof key === 'string' && key.startsWith(p));
    } catch {
      return true; // not ours to judge: an unreadable line stays as it was
    }
  });
  const dropped = lines.filter((l) => l.trim()).length - keep.length;
  if (dropped === 0) return 0;
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, keep.map((l) => `${l}\n`).join(''));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  return dropped;
}
