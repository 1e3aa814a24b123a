// `cpcase record amend CASE EVENT-ID [--date D] [--FIELD VALUE …]`: corrects an event recorded wrongly. Starts
// from the event as recorded and changes only what is given; the case replays its history with the correction
// and every deadline follows. The original and the amendment both stay in the record (`cpcase audit`).
import type { Command } from 'commander';
import { eventBody } from '../../../domain/case/apply';
import type { CaseEvent } from '../../../domain/case/types';
import { londonDate } from '../../../domain/londonTime';
import { asOfNow, statusQuery } from '../../../workflows/messages';
import { recordWithRetry } from '../retry';
import { buildEvent, eventSpec, fieldsOf } from '../../events';
import { caseRefArg } from '../args';
import { badInput, CliError, EXIT, problemsMessage } from '../errors';
import { printJson } from '../io';
import { recorder, withTemporal } from '../temporal';
import { agreeWithWorkers } from '../agreement';
import { nearestIds } from '../../../domain/directory';
import { askWhenReady } from '../../readiness';
import { printRecord, type RecordData } from './record';

/** `--name value`, `--name=value`, repeated names collected: the target's fields, which commander cannot know. */
export function parseFieldArgs(args: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const m = /^--([a-z][a-z-]*)(?:=(.*))?$/.exec(a);
    if (!m) throw badInput(`'${a}': expected --FIELD VALUE (the fields of the event being amended)`);
    const value = m[2] ?? args[++i];
    if (value === undefined) throw badInput(`--${m[1]}: needs a value`);
    (out[m[1]!] ??= []).push(value);
  }
  return out;
}

export async function gatherAmend(
  caseRef: string,
  target: string,
  opts: { date?: string; why?: string },
  fieldArgs: string[],
  as: string | undefined,
): Promise<RecordData> {
  const given = parseFieldArgs(fieldArgs);
  const by = recorder(as);
  return withTemporal(async (t) => {
    await agreeWithWorkers(t, { policy: false });
    const handle = t.caseHandle(caseRef);
    const status = await askWhenReady(handle, () => handle.query(statusQuery, ...asOfNow()));
    const view = status.events.find((e) => e.eventId === target);
    if (!view) {
      const near = nearestIds(
        target,
        status.events.map((e) => e.eventId),
      ).slice(0, 1);
      throw new CliError(
        `no event '${target}' on case ${caseRef}${near.length ? ` (nearest: ${near[0]})` : ''}: ` +
          `\`cpcase status ${caseRef}\` lists them`,
        EXIT.rejected,
      );
    }
    const spec = eventSpec(view.type);
    if (!spec)
      throw new CliError(
        `${target} is a ${view.type}: a correction is not amended; withdraw it`,
        EXIT.rejected,
      );
    const fields = { ...fieldsOf(view.event), ...given };
    const built = buildEvent(
      spec.type,
      { date: opts.date ?? view.event.occurredAt, fields },
      by,
      (field) => `--${field}`,
    );
    if (!built.ok) throw badInput(problemsMessage(`${target} was not amended`, built.problems));
    const replacement = eventBody(built.event);
    if (!replacement) throw badInput(`${target}: a correction cannot be amended`);
    const correction: CaseEvent = {
      type: 'event-amended',
      target,
      replacement,
      reason: opts.why ?? 'corrected',
      occurredAt: londonDate(Date.now()),
      ...by,
    };
    const result = await recordWithRetry(handle, correction);
    return {
      ...result,
      caseRef,
      event: `amendment of ${view.type} ${target}`,
      occurredAt: correction.occurredAt,
    };
  }, caseRef);
}

export function register(record: Command): void {
  record
    .command('amend')
    .description('correct an event recorded wrongly: give only what was wrong (its date, any of its fields)')
    .argument('<case-ref>', 'the case reference', caseRefArg)
    .argument('<event-id>', 'the event to correct (`cpcase status` lists each event with its id)')
    .option('--date <date>', 'when it really happened: 2026-11-02 or 02/11/2026')
    .option('--why <text>', 'why it is corrected (kept in the record)')
    .option('--json', 'print the result as JSON')
    .allowUnknownOption()
    .allowExcessArguments()
    .addHelpText(
      'after',
      '\nAny field of the event can be given as for `cpcase record <event>`, e.g. --on, --child, --from.\n' +
        'Example: cpcase record amend CP-2026-0142 strategy-discussion:2023-04-24:699d1492 --date 21/04/2023 --why typo',
    )
    .action(
      async (
        caseRef: string,
        target: string,
        opts: { date?: string; why?: string; json?: boolean },
        cmd: Command,
      ) => {
        const r = await gatherAmend(
          caseRef,
          target,
          opts,
          cmd.args.slice(2),
          cmd.optsWithGlobals<{ as?: string }>().as,
        );
        if (opts.json) return printJson(r);
        printRecord(r);
      },
    );
}
