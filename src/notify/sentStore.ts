// The record of messages handed to the mail server, so an activity retried after the server accepted a message
// sends no second copy. Embedded default: an append-only JSON-lines file under the data folder, synced to disk
// before the send is reported done. (One worker process per data folder; several workers share the ledger
// database of the reporting issue instead.)
import fs from 'fs';
import path from 'path';

export interface SentRecord {
  messageId: string;
  key: string;
  recipient: string;
  status: 'sent' | 'undeliverable';
  at: string;
  detail?: string;
}

export interface SentStore {
  get(messageId: string): SentRecord | undefined;
  add(record: SentRecord): void;
}

export function memorySentStore(): SentStore & { records: SentRecord[] } {
  const records: SentRecord[] = [];
  return {
    records,
    get: (id) => records.find((r) => r.messageId === id),
    add: (r) => void records.push(r),
  };
}

export function fileSentStore(file: string): SentStore {
  let index: Map<string, SentRecord> | undefined;
  const load = () => {
    if (index) return index;
    index = new Map();
    if (fs.existsSync(file)) {
      for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          const r = JSON.parse(line) as SentRecord;
          index.set(r.messageId, r);
        } catch {
          // A line cut short by a crash mid-write: the message it named may be sent again (the at-least-once window).
        }
      }
    }
    return index;
  };
  return {
    get: (id) => load().get(id),
    add(r) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const fd = fs.openSync(file, 'a');
      try {
        fs.writeSync(fd, JSON.stringify(r) + '\n');
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      load().set(r.messageId, r);
    },
  };
}
