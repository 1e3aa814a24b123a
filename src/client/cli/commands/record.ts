import { Command, Option } from 'commander';
import type { LocalDate } from '../../../domain/dates';
import { EVENT_SPECS, buildEvent, type EventSpec } from '../../events';
import type { RecordResult } from '../../../workflows/messages';
import { recordWithRetry } from '../retry';
import { deadlineTable, shortDate } from '../caseView';
import { caseRefArg } from '../args';
import { badInput, problemsMessage } from '../errors';
import { printJson, printLines } from '../io';
import { recorder, withTemporal } from '../temporal';
import { directoryProblems } from '../../directoryRefs';
import { loadDirectoryFile } from '../../../directory/file';
import { getConfig } from '../context';
import { agreeWithWorkers } from '../agreement';
import { register as registerAmend } from './record-amend';
import { register as registerWithdraw } from './record-withdraw';

export interface RecordData extends RecordResult {
  caseRef: string;
  event: string;
  occurredAt: LocalDate;
}

type RawOptions = Record<string, string | string[] | boolean | undefined>;

/** Commander's camel-cased option values back to the field names (approved-by, event-id …). */
function fieldsFrom(spec: EventSpec, opts: RawOptions): Record<string, string | string[] | undefined> {
  const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  return Object.fromEntries(
    spec.fields.map((f) => [f.name, opts[camel(f.name)] as string | string[] | undefined]),
  );
}

export async function gatherRecord(
  spec: EventSpec,
  caseRef: string,
  opts: RawOptions,
  as: string | undefined,
): Promise<RecordData> {
  const built = buildEvent(
    spec.type,
    {
      date: opts.date as string | undefined,
      eventId: opts.eventId as string | undefined,
      fields: fieldsFrom(spec, opts),
    },
    recorder(as),
    (field) => `--${field}`,
  );
  if (!built.ok) throw badInput(problemsMessage(`${spec.type} was not recorded`, built.problems));
  const unknown = directoryProblems(
    loadDirectoryFile(getConfig().directoryFile),
    built.event,
    (f) => `--${f}`,
  );
  if (unknown.length) throw badInput(problemsMessage(`${spec.type} was not recorded`, unknown));
  const result = await withTemporal(async (t) => {
    await agreeWithWorkers(t, { policy: false });
    return recordWithRetry(t.caseHandle(caseRef), built.event);
  }, caseRef);
  return { ...result, caseRef, event: spec.type, occurredAt: built.event.occurredAt };
}

export function printRecord(r: RecordData): void {
  printLines([
    r.duplicate
      ? `${r.event} on ${shortDate(r.occurredAt)} was already recorded on ${r.caseRef} (event ${r.eventId}): nothing changed.`
      : `Recorded ${r.event} on ${shortDate(r.occurredAt)} for case ${r.caseRef} (event ${r.eventId}).`,
    r.openDeadlines.length ? `Open deadlines now (${r.openDeadlines.length}):` : 'No open deadlines now.',
    ...(r.openDeadlines.length ? deadlineTable(r.openDeadlines).map((l) => `  ${l}`) : []),
  ]);
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function register(record: Command): void {
  record
    .usage('<event> <case-ref> --date <date> [options]')
    .addHelpText(
      'after',
      '\nEach event has its own options: cpcase record <event> --help\n' +
        'Example: cpcase record strategy-discussion CP-2026-0142 --date 24/04/2023',
    );
  for (const spec of EVENT_SPECS) {
    const cmd = new Command(spec.type)
      .description(spec.description)
      .argument('<case-ref>', 'the case reference', caseRefArg)
      .requiredOption('--date <date>', 'when it happened: 2026-11-27 or 27/11/2026')
      .option('--event-id <id>', 'your own id for this event, so recording it twice is harmless')
      .option('--json', 'print the result as JSON');
    for (const f of spec.fields) {
      const flag = `--${f.name} <value>`;
      const opt = new Option(flag, `${f.description}${f.required ? ' (required)' : ''}`);
      cmd.addOption(f.repeatable ? opt.argParser(collect) : opt);
    }
    // The word people reach for first: pointed to the option there is, not refused as unknown.
    if (spec.type === 'staff-reassigned') cmd.addOption(new Option('--to <id>').hideHelp());
    cmd.action(async (caseRef: string, opts: RawOptions, self: Command) => {
      if (opts.to !== undefined)
        throw badInput(
          `--to: the person taking over is --staff (staff-reassigned --role ROLE --staff ${String(opts.to)})`,
        );
      const r = await gatherRecord(spec, caseRef, opts, self.optsWithGlobals<{ as?: string }>().as);
      if (opts.json) return printJson(r);
      printRecord(r);
    });
    record.addCommand(cmd);
  }
  registerAmend(record);
  registerWithdraw(record);
}
