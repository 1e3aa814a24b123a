// What was sent about one case, to whom and when, from the sent-message record (its keys begin with the case's
// reference): the shared database's rows, or the embedded worker's file. Read-only; the latest state of each
// message, in the order they were settled.
import fs from 'fs';
import type { Pool } from 'pg';
import { z } from 'zod';

/** A message's key begins with its case's reference and a slash: `CP-2026-0142/icpc:E1/escalate-2`. */
export const caseKeyPrefix = (caseRef: string) => `${caseRef}/`;

export const sentAboutSchema = z.object({
  key: z.string(),
  recipient: z.string(),
  status: z.enum(['claimed', 'sent', 'undeliverable']),
  at: z.string(),
  detail: z.string().optional(),
});
export type SentAbout = z.infer<typeof sentAboutSchema>;

const byTime = (a: SentAbout, b: SentAbout) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key);

export function sentAboutInFile(file: string, caseRef: string): SentAbout[] {
  if (!fs.existsSync(file)) return [];
  const p = caseKeyPrefix(caseRef);
  const latest = new Map<string, SentAbout>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      continue; // a line cut short by a crash: the worker removes it at its next append
    }
    const id: unknown = typeof v === 'object' && v !== null ? Reflect.get(v, 'messageId') : undefined;
    const r = sentAboutSchema.safeParse(v);
    if (r.success && typeof id === 'string' && r.data.key.startsWith(p)) latest.set(id, r.data);
  }
  return [...latest.values()].sort(byTime);
}

const row = z.object({
  message_key: z.string(),
  recipient: z.string(),
  status: sentAboutSchema.shape.status,
  claimed_at: z.string(),
  settled_at: z.string().nullable(),
  detail: z.string().nullable(),
});

export async function sentAboutInDatabase(pool: Pool, caseRef: string): Promise<SentAbout[]> {
  const p = caseKeyPrefix(caseRef);
  const r = await pool.query(
    `SELECT message_key, recipient, status, claimed_at, settled_at, detail FROM sent_messages
     WHERE left(message_key, $1) = $2`,
    [p.length, p],
  );
  return z
    .array(row)
    .parse(r.rows)
    .map((x) => ({
      key: x.message_key,
      recipient: x.recipient,
      status: x.status,
      at: x.settled_at ?? x.claimed_at,
      ...(x.detail ? { detail: x.detail } : {}),
    }))
    .sort(byTime);
}
