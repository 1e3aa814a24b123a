import type { Command } from 'commander';
import fs from 'fs';
import path from 'path';
import { z } from 'zod';
import { subjectRecord, type CaseHoldings, type SentNote, type SubjectRecord } from '../../../domain/subject';
import type { Directory } from '../../../domain/directory';
import type { LedgerStore } from '../../../ledger/types';
import { sharedPool } from '../../../ledger/pool';
import { subjectHtml } from '../../../report/subjectHtml';
import { REF_PATTERN } from '../../events';
import { getConfig } from '../context';
import { badInput, CliError, EXIT } from '../errors';
import { checkWritable, writeWhole } from '../files';
import { printLines } from '../io';
import { openCliLedger } from '../ledger';
import { recorder } from '../recorder';
import { loadDirectoryFile } from '../../../directory/file';

export interface SubjectExport {
  record: SubjectRecord;
  produced: { at: string; by: string };
  files: string[];
}

const sentRow = z.object({
  message_key: z.string(),
  recipient: z.string(),
  status: z.string(),
  at: z.string(),
});

/** The sent-message record's entries for a case: the shared database's, or the embedded worker's file. */
async function sentFor(caseRefs: string[]): Promise<Map<string, z.infer<typeof sentRow>[]>> {
  const cfg = getConfig();
  const by = new Map<string, z.infer<typeof sentRow>[]>(caseRefs.map((r) => [r, []]));
  const add = (r: z.infer<typeof sentRow>) => by.get(r.message_key.split('/')[0]!)?.push(r);
  if (cfg.databaseUrl) {
    const pool = sharedPool(cfg.databaseUrl, 1);
    try {
      const rows = await pool.query(
        `SELECT message_key, recipient, status, COALESCE(settled_at, claimed_at) AS at FROM sent_messages
         WHERE split_part(message_key, '/', 1) = ANY($1)`,
        [caseRefs],
      );
      z.array(sentRow).parse(rows.rows).forEach(add);
    } finally {
      await pool.end();
    }
    return by;
  }
  const file = path.join(cfg.dataDir, 'sent-messages.jsonl');
  const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : [];
  const latest = new Map<string, z.infer<typeof sentRow>>();
  for (const line of lines.filter((l) => l.trim())) {
    const r = z
      .object({
        messageId: z.string(),
        key: z.string(),
        recipient: z.string(),
        status: z.string(),
        at: z.string(),
      })
      .safeParse(JSON.parse(line));
    if (r.success)
      latest.set(r.data.messageId, {
        message_key: r.data.key,
        recipient: r.data.recipient,
        status: r.data.status,
        at: r.data.at,
      });
  }
  [...latest.values()].forEach(add);
  return by;
}

/** A recipient by staff or agency id where the directory knows the address. */
function recipientName(dir: Directory | undefined, email: string): string {
  const known = [...(dir?.staff ?? []), ...(dir?.agencies ?? [])].find((p) => p.email === email);
  return known?.id ?? email;
}

async function holdingsOf(ledger: LedgerStore, childId: string): Promise<CaseHoldings[]> {
  const cases = (await ledger.cases()).filter((c) => c.children.some((ch) => ch.id === childId));
  const sent = await sentFor(cases.map((c) => c.caseRef));
  let dir: Directory | undefined;
  try {
    dir = loadDirectoryFile(getConfig().directoryFile);
  } catch {
    dir = undefined; // addresses stay as they are
  }
  const holdings: CaseHoldings[] = [];
  for (const entry of cases) {
    const notes: SentNote[] = (sent.get(entry.caseRef) ?? []).map((r) => ({
      key: r.message_key,
      to: recipientName(dir, r.recipient),
      status: r.status,
      at: r.at,
    }));
    holdings.push({
      entry,
      events: await ledger.events(entry.caseRef),
      outcomes: await ledger.outcomes(entry.caseRef),
      sent: notes,
    });
  }
  return holdings;
}

/** Gathers, records the disclosure in each case's audit trail, then writes the files whole. */
export async function gatherSubject(
  childId: string,
  o: { out: string; html?: string },
): Promise<SubjectExport> {
  if (!REF_PATTERN.test(childId)) throw badInput(`--child: '${childId}' is not a child id`);
  checkWritable(o.out, '--out');
  if (o.html) checkWritable(o.html, '--html');
  const by = recorder().recordedBy;
  const ledger = await openCliLedger();
  try {
    const record = subjectRecord(childId, await holdingsOf(ledger, childId));
    if (!record) throw new CliError(`no case in the ledger names child ${childId}`, EXIT.notFound);
    const produced = { at: new Date().toISOString(), by };
    writeWhole(o.out, JSON.stringify({ produced, ...record }, null, 2) + '\n', '--out');
    if (o.html) writeWhole(o.html, subjectHtml(record, produced), '--html');
    await ledger.records.disclose(
      record.cases.map((c) => ({
        caseRef: c.caseRef,
        at: produced.at,
        by,
        kind: 'subject-access',
        subject: childId,
      })),
    );
    return { record, produced, files: [o.out, ...(o.html ? [o.html] : [])] };
  } finally {
    await ledger.close();
  }
}

export function register(cmd: Command): void {
  cmd
    .requiredOption('--child <id>', "the child's id, as cpcase knows them")
    .requiredOption('--out <file>', 'the JSON file to write (for a system)')
    .option('--html <file>', 'also a readable document, for the person who reviews it before release')
    .addHelpText(
      'after',
      '\nEverything cpcase holds about one child, across every case they appear in: each event, who recorded it\n' +
        "and any correction, every deadline and how it went, the notifications sent. Other children's own entries\n" +
        "are withheld and listed. The export is recorded in each case's audit trail.\n" +
        'Example: cpcase export subject --child CH-7Q2 --out ch-7q2.json --html ch-7q2.html',
    )
    .action(async (o: { child: string; out: string; html?: string }) => {
      const d = await gatherSubject(o.child, o);
      const withheld = d.record.cases.flatMap((c) => c.withheld.map((w) => `${w.childId} on ${c.caseRef}`));
      printLines([
        `${o.child}: ${d.record.cases.length} ${d.record.cases.length === 1 ? 'case' : 'cases'} ` +
          `(${d.record.cases.map((c) => c.caseRef).join(', ')}), ${d.record.cases.reduce((n, c) => n + c.events.length, 0)} events; ` +
          `written to ${d.files.join(' and ')}.`,
        withheld.length
          ? `Withheld for review: ${withheld.join(', ')}.`
          : 'Nothing withheld: no other child on these cases.',
        "Recorded in the audit trail of each case. Review before release: social-work exemptions are a person's decision.",
      ]);
    });
}
