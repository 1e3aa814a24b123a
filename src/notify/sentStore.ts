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

/** One message to one recipient: what a claim is about. */
export type SentEntry = Pick<SentRecord, 'messageId' | 'key' | 'recipient'>;

/** How a send ended: handed over, or refused for good. */
export type SentOutcome = { status: 'sent' } | { status: 'undeliverable'; detail: string };

/**
 * 'ours': send it now. 'settled': sent or refused before, send nothing. `held`: another worker claimed it and may
 * be sending it now; try again once the claim lapses (`lapsesInMs` from now: it is then settled, or taken over).
 */
export type ClaimResult = 'ours' | 'settled' | { held: { lapsesInMs: number } };

export interface SentStore {
  /** Claims a message before it is handed over; throws when the claim cannot be written (send nothing then). */
  claim(entry: SentEntry, at: Date): Promise<ClaimResult>;
  /** Records how it ended; throws when it cannot. */
  settle(entry: SentEntry, outcome: SentOutcome, at: Date): Promise<void>;
  /** Gives a claim back after a send that failed before the server took it, so any worker may try again. */
  release(entry: SentEntry): Promise<void>;
}

/** A message already settled: sent, or refused for good. A claim alone is not (see above). */
export const settled = (r: SentRecord | undefined) => r !== undefined && r.status !== 'claimed';

/**
 * A store over an append-only log read into memory: one process owns it (the embedded default, and tests), so
 * a claim found without its outcome is this process's own, from before a crash, and is sent again.
 */
/** Records in order, the latest per message readable. */
export interface SentLog {
  get(messageId: string): SentRecord | undefined;
  add(record: SentRecord): void;
}

export function logStore(log: SentLog): SentStore {
  return {
    // Through a promise: a log that throws (a disk full) answers with a rejection, as a database would.
    claim: (entry, at) =>
      Promise.resolve().then((): ClaimResult => {
        if (settled(log.get(entry.messageId))) return 'settled';
        log.add({ ...entry, status: 'claimed', at: at.toISOString() });
        return 'ours';
      }),
    settle: (entry, outcome, at) =>
      Promise.resolve().then(() => log.add({ ...entry, ...outcome, at: at.toISOString() })),
    release: () => Promise.resolve(),
  };
}

export function memorySentStore(): SentStore & { records: SentRecord[] } {
  const records: SentRecord[] = [];
  const log = {
    get: (id: string) => records.filter((r) => r.messageId === id).pop(),
    add: (r: SentRecord) => void records.push(r),
  };
  return { records, ...logStore(log) };
}

/** The embedded default's log: JSON lines, each synced to disk before the send goes on. */
export function fileSentLog(file: string, log?: (message: string) => void): SentLog {
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

/** The embedded default: the log above, under the worker's data folder. */
export function fileSentStore(
  file: string,
  log?: (message: string) => void,
): SentStore & { get(id: string): SentRecord | undefined } {
  const sentLog = fileSentLog(file, log);
  return { get: (id) => sentLog.get(id), ...logStore(sentLog) };
}
