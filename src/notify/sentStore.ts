// The record of messages handed to the mail server, so a send retried after the server accepted a message makes
// no second copy. Each message is claimed (durably) before it is handed over and marked sent after: a claim that
// cannot be written sends nothing. Embedded default: an append-only JSON-lines file under the data folder,
// synced to disk at every line. A line cut short by a crash is cut off before the next append, so it never
// swallows the record written after it. A claim found without its "sent" (a worker that died between the two)
// is sent again with the same Message-ID, which mail systems use to show one message: the at-least-once window
// is that one message.
import fs from 'fs';
import path from 'path';

export interface SentRecord {
  messageId: string;
  key: string;
  recipient: string;
  /** 'claimed': about to be handed to the server; then 'sent', or 'undeliverable' (the recipient refused). */
  status: 'claimed' | 'sent' | 'undeliverable';
  at: string;
  detail?: string;
}

export interface SentStore {
  /** The latest record of a message, if any. */
  get(messageId: string): SentRecord | undefined;
  /** Appends durably; throws when it cannot (the caller then sends nothing). */
  add(record: SentRecord): void;
}

/** A message already settled: sent, or refused for good. A claim alone is not (see above). */
export const settled = (r: SentRecord | undefined) => r !== undefined && r.status !== 'claimed';

export function memorySentStore(): SentStore & { records: SentRecord[] } {
  const records: SentRecord[] = [];
  return {
    records,
    get: (id) => records.filter((r) => r.messageId === id).pop(),
    add: (r) => void records.push(r),
  };
}

export function fileSentStore(file: string, log?: (message: string) => void): SentStore {
  let index: Map<string, SentRecord> | undefined;
  const load = () => {
    if (index) return index;
    index = new Map();
    if (!fs.existsSync(file)) return index;
    const text = fs.readFileSync(file, 'utf8');
    const torn = text.length > 0 && !text.endsWith('\n');
    const lines = text.split('\n');
    if (torn) {
      // A crash mid-append left half a line: cut it off, so the next record starts on a line of its own.
      const keep = text.length - lines[lines.length - 1]!.length;
      fs.truncateSync(file, Buffer.byteLength(text.slice(0, keep)));
      log?.(`sent-message record ${file}: a line cut short by a crash was removed`);
      lines.pop();
    }
    for (const line of lines) {
      if (!line.trim()) continue;
      try {
        const r = JSON.parse(line) as SentRecord;
        index.set(r.messageId, r);
      } catch {
        log?.(`sent-message record ${file}: an unreadable line was skipped`);
      }
    }
    return index;
  };
  return {
    get: (id) => load().get(id),
    add(r) {
      const idx = load();
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const fd = fs.openSync(file, 'a');
      try {
        fs.writeSync(fd, JSON.stringify(r) + '\n');
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      idx.set(r.messageId, r);
    },
  };
}
