// What the records schedule keeps in the ledger, for both stores through one SQL (sql.ts): legal holds, the
// tombstones destructions leave, and disclosures of a case's record. Reasons and subjects are sealed.
import { z } from 'zod';
import type { Keyring } from '../crypto/keys';
import { seal, unseal } from '../crypto/seal';
import { RECORD_KINDS, RETENTION_ANCHORS } from '../domain/retention';
import { isIsoDate, isoDate, type LocalDate } from '../domain/dates';
import { LedgerDamaged } from './damaged';
import type { Sql } from './sql';

export interface Hold {
  caseRef: string;
  seq: number;
  placedAt: string;
  placedBy: string;
  reason: string;
  lifted?: { at: string; by: string; reason: string };
}

export interface Tombstone {
  caseRef: string;
  kind: (typeof RECORD_KINDS)[number];
  ruleId: string;
  anchor: (typeof RETENTION_ANCHORS)[number];
  anchorDate: LocalDate;
  dueOn: LocalDate;
  openedOn: LocalDate;
  closedOn: LocalDate;
  destroyedBy: string;
  startedAt: string;
  /** Absent while the destruction is under way (or was interrupted: the next run resumes it). */
  finishedAt?: string;
}

export interface Disclosure {
  caseRef: string;
  at: string;
  by: string;
  kind: 'subject-access';
  /** The child whose record was disclosed (sealed at rest). */
  subject: string;
}

export interface Repair {
  caseRef: string;
  at: string;
  by: string;
  action: 'closed' | 'restarted';
  reason: string;
}

/** A person opened a case's page: who, when, which page. */
export interface View {
  caseRef: string;
  at: string;
  by: string;
  page: 'case';
}

export interface RecordsStore {
  holds(caseRef?: string): Promise<Hold[]>;
  placeHold(caseRef: string, by: string, reason: string, at: string): Promise<Hold>;
  /** Lifts the case's hold in force; undefined when there is none. */
  liftHold(caseRef: string, by: string, reason: string, at: string): Promise<Hold | undefined>;
  tombstones(): Promise<Tombstone[]>;
  /** The tombstone is written before anything goes; a case that has one keeps it (returned), never a second. */
  beginDestruction(t: Omit<Tombstone, 'finishedAt'>): Promise<Tombstone>;
  /** Everything the ledger holds of the case but its tombstone. */
  eraseCase(caseRef: string): Promise<void>;
  finishDestruction(caseRef: string, at: string): Promise<void>;
  disclose(d: Disclosure[]): Promise<void>;
  disclosures(caseRef: string): Promise<Disclosure[]>;
  repaired(r: Repair): Promise<void>;
  repairs(caseRef: string): Promise<Repair[]>;
  viewed(v: View): Promise<void>;
  views(caseRef: string): Promise<View[]>;
  /** How many rows of each table hold something sealed with a key: what a restore needs it for. */
  sealedWith(keyId: string): Promise<Record<string, number>>;
}

/** Every sealed column of the ledger, by table. */
const SEALED: [string, string][] = [
  ['ledger_events', 'sealed_event'],
  ['ledger_cases', 'sealed_case'],
  ['ledger_holds', 'sealed_reason'],
  ['ledger_holds', 'sealed_lift_reason'],
  ['ledger_disclosures', 'sealed_subject'],
  ['ledger_repairs', 'sealed_reason'],
];

const text = z.string();
const holdRow = z.object({
  case_ref: text,
  seq: z.coerce.number(),
  placed_at: text,
  placed_by: text,
  sealed_reason: text,
  lifted_at: text.nullable(),
  lifted_by: text.nullable(),
  sealed_lift_reason: text.nullable(),
});
const date = text.refine(isIsoDate, 'a date').transform((d) => isoDate(d));
const tombstoneRow = z.object({
  case_ref: text,
  kind: z.enum(RECORD_KINDS),
  rule_id: text,
  anchor: z.enum(RETENTION_ANCHORS),
  anchor_date: date,
  due_on: date,
  opened_on: date,
  closed_on: date,
  destroyed_by: text,
  started_at: text,
  finished_at: text.nullable(),
});
const repairRow = z.object({
  case_ref: text,
  repaired_at: text,
  repaired_by: text,
  action: z.enum(['closed', 'restarted']),
  sealed_reason: text,
});
const viewRow = z.object({
  case_ref: text,
  viewed_at: text,
  viewed_by: text,
  page: z.literal('case'),
});
const disclosureRow = z.object({
  case_ref: text,
  disclosed_at: text,
  disclosed_by: text,
  kind: z.literal('subject-access'),
  sealed_subject: text,
});

function rows<S extends z.ZodType>(what: string, schema: S, all: unknown[]): z.infer<S>[] {
  return all.map((r, i) => {
    const p = schema.safeParse(r);
    if (!p.success) throw new LedgerDamaged(`the ledger's ${what} row ${i + 1} is not readable`);
    return p.data;
  });
}

/** What a case's record is made of in the ledger, cleared in this order (its tombstone stays). */
const CASE_TABLES = [
  'ledger_events',
  'ledger_outcomes',
  'ledger_holds',
  'ledger_disclosures',
  'ledger_views',
  'ledger_cases',
];

/** Legal holds: placed and lifted, never deleted (a lifted hold stays, with who lifted it and why). */
function holdParts(sql: Sql, ring: Keyring): Pick<RecordsStore, 'holds' | 'placeHold' | 'liftHold'> {
  const toHold = (r: z.infer<typeof holdRow>): Hold => ({
    caseRef: r.case_ref,
    seq: r.seq,
    placedAt: r.placed_at,
    placedBy: r.placed_by,
    reason: unseal<string>(ring, r.sealed_reason),
    ...(r.lifted_at && r.lifted_by && r.sealed_lift_reason
      ? { lifted: { at: r.lifted_at, by: r.lifted_by, reason: unseal<string>(ring, r.sealed_lift_reason) } }
      : {}),
  });
  const holds = async (caseRef?: string) =>
    rows(
      'hold',
      holdRow,
      caseRef === undefined
        ? await sql.all(`SELECT * FROM ledger_holds ORDER BY case_ref, seq`)
        : await sql.all(`SELECT * FROM ledger_holds WHERE case_ref = ? ORDER BY seq`, [caseRef]),
    ).map(toHold);
  return {
    holds,
    placeHold: (caseRef, by, reason, at) =>
      sql.transaction(async (tx) => {
        await tx.run(
          `INSERT INTO ledger_holds (case_ref, seq, placed_at, placed_by, sealed_reason)
           SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ? FROM ledger_holds WHERE case_ref = ?`,
          [caseRef, at, by, seal(ring, reason), caseRef],
        );
        return (await holds(caseRef)).at(-1)!;
      }),
    async liftHold(caseRef, by, reason, at) {
      const inForce = (await holds(caseRef)).filter((h) => !h.lifted);
      if (inForce.length === 0) return undefined;
      await sql.run(
        `UPDATE ledger_holds SET lifted_at = ?, lifted_by = ?, sealed_lift_reason = ?
         WHERE case_ref = ? AND lifted_at IS NULL`,
        [at, by, seal(ring, reason), caseRef],
      );
      return (await holds(caseRef)).find((h) => h.seq === inForce.at(-1)!.seq);
    },
  };
}

const toTombstone = (r: z.infer<typeof tombstoneRow>): Tombstone => ({
  caseRef: r.case_ref,
  kind: r.kind,
  ruleId: r.rule_id,
  anchor: r.anchor,
  anchorDate: r.anchor_date,
  dueOn: r.due_on,
  openedOn: r.opened_on,
  closedOn: r.closed_on,
  destroyedBy: r.destroyed_by,
  startedAt: r.started_at,
  ...(r.finished_at ? { finishedAt: r.finished_at } : {}),
});

/** Tombstones: a destruction begun, the case's rows erased, the destruction finished. */
function tombstoneParts(
  sql: Sql,
): Pick<RecordsStore, 'tombstones' | 'beginDestruction' | 'eraseCase' | 'finishDestruction'> {
  const tombstoneOf = async (caseRef: string) =>
    rows(
      'tombstone',
      tombstoneRow,
      await sql.all(`SELECT * FROM ledger_tombstones WHERE case_ref = ?`, [caseRef]),
    )
      .map(toTombstone)
      .at(0);
  return {
    tombstones: async () =>
      rows('tombstone', tombstoneRow, await sql.all(`SELECT * FROM ledger_tombstones ORDER BY case_ref`)).map(
        toTombstone,
      ),
    async beginDestruction(t) {
      await sql.run(
        `INSERT INTO ledger_tombstones (case_ref, kind, rule_id, anchor, anchor_date, due_on, opened_on, closed_on,
           destroyed_by, started_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        [
          t.caseRef,
          t.kind,
          t.ruleId,
          t.anchor,
          t.anchorDate,
          t.dueOn,
          t.openedOn,
          t.closedOn,
          t.destroyedBy,
          t.startedAt,
        ],
      );
      return (await tombstoneOf(t.caseRef))!;
    },
    eraseCase: (caseRef) =>
      sql.transaction(async (tx) => {
        for (const table of CASE_TABLES) await tx.run(`DELETE FROM ${table} WHERE case_ref = ?`, [caseRef]);
      }),
    async finishDestruction(caseRef, at) {
      await sql.run(
        `UPDATE ledger_tombstones SET finished_at = ? WHERE case_ref = ? AND finished_at IS NULL`,
        [at, caseRef],
      );
    },
  };
}

/** What was disclosed and repaired. */
function trailParts(
  sql: Sql,
  ring: Keyring,
): Pick<RecordsStore, 'disclose' | 'repaired' | 'repairs' | 'disclosures'> {
  return {
    async disclose(ds) {
      await sql.transaction(async (tx) => {
        for (const d of ds)
          await tx.run(
            `INSERT INTO ledger_disclosures (case_ref, disclosed_at, disclosed_by, kind, sealed_subject)
             VALUES (?, ?, ?, ?, ?)`,
            [d.caseRef, d.at, d.by, d.kind, seal(ring, d.subject)],
          );
      });
    },
    async repaired(r) {
      await sql.run(
        `INSERT INTO ledger_repairs (case_ref, repaired_at, repaired_by, action, sealed_reason) VALUES (?, ?, ?, ?, ?)`,
        [r.caseRef, r.at, r.by, r.action, seal(ring, r.reason)],
      );
    },
    repairs: async (caseRef) =>
      rows(
        'repair',
        repairRow,
        await sql.all(`SELECT * FROM ledger_repairs WHERE case_ref = ? ORDER BY repaired_at`, [caseRef]),
      ).map((r) => ({
        caseRef: r.case_ref,
        at: r.repaired_at,
        by: r.repaired_by,
        action: r.action,
        reason: unseal<string>(ring, r.sealed_reason),
      })),
    disclosures: async (caseRef) =>
      rows(
        'disclosure',
        disclosureRow,
        await sql.all(`SELECT * FROM ledger_disclosures WHERE case_ref = ? ORDER BY disclosed_at`, [caseRef]),
      ).map((r) => ({
        caseRef: r.case_ref,
        at: r.disclosed_at,
        by: r.disclosed_by,
        kind: r.kind,
        subject: unseal<string>(ring, r.sealed_subject),
      })),
  };
}

/** Each look at a case's page: who, when (nothing sealed: ids and times only). */
function viewParts(sql: Sql): Pick<RecordsStore, 'viewed' | 'views'> {
  return {
    async viewed(v) {
      await sql.run(`INSERT INTO ledger_views (case_ref, viewed_at, viewed_by, page) VALUES (?, ?, ?, ?)`, [
        v.caseRef,
        v.at,
        v.by,
        v.page,
      ]);
    },
    views: async (caseRef) =>
      rows(
        'page view',
        viewRow,
        await sql.all(`SELECT * FROM ledger_views WHERE case_ref = ? ORDER BY viewed_at`, [caseRef]),
      ).map((r) => ({ caseRef: r.case_ref, at: r.viewed_at, by: r.viewed_by, page: r.page })),
  };
}

/** Which sealed rows a key still opens (`cpcase keys drop` refuses a key any row needs). */
function keyParts(sql: Sql): Pick<RecordsStore, 'sealedWith'> {
  return {
    async sealedWith(keyId) {
      const prefix = `${keyId}:`;
      const counts: Record<string, number> = {};
      for (const [table, column] of SEALED) {
        // substr, not LIKE: a key id may hold '_', which LIKE reads as any character.
        const [row] = await sql.all(`SELECT count(*) AS n FROM ${table} WHERE substr(${column}, 1, ?) = ?`, [
          prefix.length,
          prefix,
        ]);
        const n = Number(z.object({ n: z.coerce.number() }).parse(row).n);
        if (n > 0) counts[table] = (counts[table] ?? 0) + n;
      }
      return counts;
    },
  };
}

export function recordsStore(sql: Sql, ring: Keyring): RecordsStore {
  return {
    ...holdParts(sql, ring),
    ...tombstoneParts(sql),
    ...trailParts(sql, ring),
    ...viewParts(sql),
    ...keyParts(sql),
  };
}
