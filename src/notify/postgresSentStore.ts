// The sent-message record in the shared PostgreSQL database, for several workers: one row per message and
// recipient (the Message-ID is the key). A claim is an insert that only one worker can win; the others see it
// settled, or held by a worker that may be sending it now. A claim whose worker died lapses after CLAIM_LEASE_MS
// and is taken over, so the message goes (once more, under the same Message-ID: the documented window).
import crypto from 'crypto';
import os from 'os';
import { sharedPool } from '../ledger/pool';
import { z } from 'zod';
import { migrate } from '../ledger/postgres';
import type { ClaimResult, SentStore } from './sentStore';

/**
 * Longer than a send's two-minute activity timeout: a claim this old belongs to a worker that is gone. A
 * deployment may set it from 150 s up (CPCASE_CLAIM_LEASE_SECONDS), so the messages of a worker that died go sooner.
 */
export const CLAIM_LEASE_MS = 5 * 60_000;

const statusRow = z.object({
  status: z.enum(['claimed', 'sent', 'undeliverable']),
  claimed_at: z.string(),
});

/** This process's name in a claim: host, process and a random part, so a restarted worker is a new claimer. */
export const claimerId = () => `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`;

export async function openPostgresSentStore(
  url: string,
  claimer = claimerId(),
  leaseMs = CLAIM_LEASE_MS,
): Promise<SentStore & { close(): Promise<void> }> {
  const pool = sharedPool(url, 2);
  await migrate(pool);
  return {
    async claim(entry, at): Promise<ClaimResult> {
      const now = at.toISOString();
      const inserted = await pool.query(
        `INSERT INTO sent_messages (message_id, message_key, recipient, status, claimed_by, claimed_at)
         VALUES ($1, $2, $3, 'claimed', $4, $5) ON CONFLICT (message_id) DO NOTHING`,
        [entry.messageId, entry.key, entry.recipient, claimer, now],
      );
      if (inserted.rowCount === 1) return 'ours';
      // Ours already (a retry in this process), or lapsed: taken over in one statement, so only one worker can.
      const lapsed = new Date(at.getTime() - leaseMs).toISOString();
      const taken = await pool.query(
        `UPDATE sent_messages SET claimed_by = $2, claimed_at = $3
         WHERE message_id = $1 AND status = 'claimed' AND (claimed_by = $2 OR claimed_at < $4)`,
        [entry.messageId, claimer, now, lapsed],
      );
      if (taken.rowCount === 1) return 'ours';
      const rows = z
        .array(statusRow)
        .parse(
          (
            await pool.query(`SELECT status, claimed_at FROM sent_messages WHERE message_id = $1`, [
              entry.messageId,
            ])
          ).rows,
        );
      const row = rows[0];
      // Released between the two statements: claim it again at once.
      if (!row) return { held: { lapsesInMs: 0 } };
      if (row.status !== 'claimed') return 'settled';
      const lapsesInMs = Date.parse(row.claimed_at) + leaseMs - at.getTime();
      return { held: { lapsesInMs: Math.max(0, Math.min(leaseMs, lapsesInMs)) } };
    },
    async settle(entry, outcome, at) {
      await pool.query(
        `UPDATE sent_messages SET status = $2, settled_at = $3, detail = $4 WHERE message_id = $1`,
        [
          entry.messageId,
          outcome.status,
          at.toISOString(),
          outcome.status === 'undeliverable' ? outcome.detail : null,
        ],
      );
    },
    async release(entry) {
      await pool.query(
        `DELETE FROM sent_messages WHERE message_id = $1 AND status = 'claimed' AND claimed_by = $2`,
        [entry.messageId, claimer],
      );
    },
    close: () => pool.end(),
  };
}
