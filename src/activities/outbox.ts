// A durable outbox: every notification, one line per recipient, appended to a JSON-lines file and never
// written twice for the same key and recipient. The worker uses it until email delivery (the notifications
// issue) replaces it; it is also what an administrator reads to see what the system has said.
import fs from 'fs';
import path from 'path';
import type { Notification } from '../domain/case/actions';

export interface OutboxLine {
  key: string;
  recipient: string;
  writtenAt: string;
  notification: Notification;
}

export function outboxDeliverer(file: string, clock: () => Date = () => new Date()) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const written = new Set<string>();
  if (fs.existsSync(file)) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const l = JSON.parse(line) as OutboxLine;
      written.add(`${l.key}|${l.recipient}`);
    }
  }
  return (n: Notification): Promise<void> => {
    for (const r of n.recipients) {
      const recipient = r.id ?? `${r.role}${r.managerOf ? `:${r.managerOf}` : ''}`;
      const k = `${n.key}|${recipient}`;
      if (written.has(k)) continue;
      const line: OutboxLine = { key: n.key, recipient, writtenAt: clock().toISOString(), notification: n };
      fs.appendFileSync(file, JSON.stringify(line) + '\n');
      written.add(k);
    }
    return Promise.resolve();
  };
}
