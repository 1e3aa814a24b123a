import type { Command } from 'commander';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { planDeadlines } from '../../../domain/case/plan';
import { outcomeKey } from '../../../domain/case/ledger';
import { londonDate } from '../../../domain/londonTime';
import type { CaseInput, CaseState } from '../../../domain/case/types';
import type { Region } from '../../../domain/workingDays';
import type { LedgerStore } from '../../../ledger/types';
import { KEY_ID_METADATA } from '../../../crypto/codec';
import { rebuildCase } from '../../../report/fromLedger';
import { caseWorkflow } from '../../../workflows/case';
import { caseWorkflowId } from '../../../workflows/messages';
import { failingTask, type BrokenCase } from '../../cases';
import { workersPublish } from '../../workers';
import { caseRefArg } from '../args';
import { getCouncil, importedCalendar } from '../context';
import { badInput, CliError, EXIT } from '../errors';
import { printJson, printLines } from '../io';
import { openCliLedger } from '../ledger';
import { recorder } from '../recorder';
import { withTemporal, type CliTemporal } from '../temporal';

export interface Diagnosis {
  caseRef: string;
  broken: BrokenCase;
  /** Why its workflow task fails, as Temporal recorded it (the cause; the worker's words are encrypted). */
  cause?: string;
  /** The key its opening was encrypted with, and the workers' current one, when they differ. */
  keys?: { opened: string; workers: string };
  /** Whether the ledger holds its recorded events: then it can start again from them. */
  ledgered: number;
}

const decoder = new TextDecoder();
const EventType = temporal.api.enums.v1.EventType;
const WftCause = temporal.api.enums.v1.WorkflowTaskFailedCause;

/** What its history says: the last failed task's cause, and the key its opening was encrypted with. */
async function fromHistory(client: Client, caseRef: string): Promise<{ cause?: string; openedKey?: string }> {
  const history = await client.workflow.getHandle(caseWorkflowId(caseRef)).fetchHistory();
  const events = history.events ?? [];
  const started = events.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
  const keyBytes =
    started?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]?.metadata?.[KEY_ID_METADATA];
  const failed = events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED).at(-1);
  const cause = failed?.workflowTaskFailedEventAttributes?.cause;
  return {
    ...(cause !== undefined && cause !== null ? { cause: WftCause[cause] ?? String(cause) } : {}),
    ...(keyBytes ? { openedKey: decoder.decode(keyBytes) } : {}),
  };
}

async function diagnose(t: CliTemporal, ledger: LedgerStore, caseRef: string): Promise<Diagnosis> {
  const broken = await failingTask(t.client, caseWorkflowId(caseRef));
  if (!broken)
    throw new CliError(
      `case ${caseRef} is not broken: it answers (\`cpcase status ${caseRef}\`)`,
      EXIT.rejected,
    );
  const { cause, openedKey } = await fromHistory(t.client, caseRef);
  const workers = (await workersPublish(t.client, t.taskQueue))[0];
  return {
    caseRef,
    broken,
    ...(cause ? { cause } : {}),
    ...(openedKey && workers && openedKey !== workers.keyId
      ? { keys: { opened: openedKey, workers: workers.keyId } }
      : {}),
    ledgered: (await ledger.events(caseRef)).length + ((await ledger.caseEntry(caseRef)) ? 1 : 0),
  };
}

export function diagnosisLines(d: Diagnosis): string[] {
  const tries = (d.broken.attempt ?? 2) - 1;
  return [
    `Case ${d.caseRef} is BROKEN: its workflow task has failed ${tries} ${tries === 1 ? 'time' : 'times'}` +
      `${d.broken.since ? ` since ${d.broken.since.slice(0, 16)}Z` : ''}${d.cause ? ` (${d.cause})` : ''}.`,
    ...(d.keys
      ? [
          `Most likely: it was opened with key ${d.keys.opened}, and the workers' current key is ${d.keys.workers}: ` +
            'if they do not hold the first, they cannot read it.',
        ]
      : []),
    'Ways out:',
    ...(d.keys
      ? [
          `  1. give the workers key ${d.keys.opened} (add it to their keyring and restart them): it goes on by itself;`,
        ]
      : []),
    d.ledgered > 0
      ? `  ${d.keys ? 2 : 1}. cpcase repair ${d.caseRef} --restart --reason '...': start it again from its ${d.ledgered - 1} ` +
        'recorded events (the ledger), as it was opened;'
      : `  ${d.keys ? 2 : 1}. (it never opened: the ledger holds nothing of it to start again from)`,
    `  ${d.keys ? 3 : 2}. cpcase repair ${d.caseRef} --close --reason '...': end it${d.ledgered > 0 ? '' : ', and open the case again under a new reference'}.`,
    'Either is recorded in the audit trail, with who did it and why.',
  ];
}

/** The case as the ledger holds it, ready to run again: its opening, and its state with what is ledgered marked. */
async function fromLedger(
  ledger: LedgerStore,
  caseRef: string,
): Promise<{ input: CaseInput; state: CaseState }> {
  const entry = await ledger.caseEntry(caseRef);
  const council = getCouncil();
  const today = londonDate(Date.now());
  const rebuilt = await rebuildCase(ledger, caseRef, {
    policy: council.policy,
    imported: await importedCalendar(),
    closures: council.closures,
    asOf: today,
  });
  if (!entry || !rebuilt)
    throw new CliError(
      `the ledger holds nothing of case ${caseRef} to start again from: close it instead`,
      EXIT.rejected,
    );
  const s = rebuilt.state;
  const outcomes = await ledger.outcomes(caseRef);
  const state: CaseState = {
    ...s,
    // What the ledger holds already is not written again.
    ledgered: { events: s.events.length, outcomes: outcomes.map(outcomeKey) },
  };
  planDeadlines(state, today); // the rebuilt case must plan, or it must not run
  const input: CaseInput = {
    caseRef,
    region: entry.region as Region,
    ...(entry.team ? { team: entry.team } : {}),
    children: entry.children.map(({ id, dateOfBirth, expectedBirth }) => ({
      id,
      ...(dateOfBirth ? { dateOfBirth } : {}),
      ...(expectedBirth ? { expectedBirth } : {}),
    })),
    staff: entry.staff,
    agencies: entry.agencies,
    policy: entry.policy ?? council.policy,
    openedBy: entry.openedBy,
  };
  return { input, state };
}

export interface RepairData {
  diagnosis: Diagnosis;
  done?: 'closed' | 'restarted';
}

async function act(
  t: CliTemporal,
  ledger: LedgerStore,
  d: Diagnosis,
  action: 'closed' | 'restarted',
  reason: string,
): Promise<void> {
  const by = recorder().recordedBy;
  const restart = action === 'restarted' ? await fromLedger(ledger, d.caseRef) : undefined;
  // Audited first: the ending and the restart below are what it records.
  await ledger.records.repaired({ caseRef: d.caseRef, at: new Date().toISOString(), by, action, reason });
  await t.caseHandle(d.caseRef).terminate(`cpcase repair: ${action} by ${by}`);
  if (!restart) return;
  await t.client.workflow.start(caseWorkflow, {
    args: [{ input: restart.input, state: restart.state }],
    taskQueue: t.taskQueue,
    workflowId: caseWorkflowId(d.caseRef),
    // The broken run was ended just now: this reference's own case, started again, not a second case.
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
  });
}

export async function gatherRepair(
  caseRef: string,
  o: { close?: boolean; restart?: boolean; reason?: string },
): Promise<RepairData> {
  if (o.close && o.restart) throw badInput('--close, --restart: one or the other');
  const action = o.close ? 'closed' : o.restart ? 'restarted' : undefined;
  const reason = o.reason?.trim() ?? '';
  if (action && !reason)
    throw badInput(`--reason: say why the case is ${action === 'closed' ? 'ended' : 'started again'}`);
  if (reason.length > 500) throw badInput('--reason: 500 characters or fewer');
  const ledger = await openCliLedger();
  try {
    return await withTemporal(async (t) => {
      const diagnosis = await diagnose(t, ledger, caseRef);
      if (action) await act(t, ledger, diagnosis, action, reason);
      return { diagnosis, ...(action ? { done: action } : {}) };
    }, caseRef);
  } finally {
    await ledger.close();
  }
}

export function register(cmd: Command): void {
  cmd
    .argument('<case-ref>', 'the case reference', caseRefArg)
    .option('--restart', 'start it again from its recorded events (the ledger), as it was opened')
    .option('--close', 'end it')
    .option('--reason <text>', 'why (kept in the audit trail; 500 characters at most)')
    .option('--json', 'print the diagnosis as JSON')
    .addHelpText(
      'after',
      '\nA broken case is one whose workflow task keeps failing: it answers nothing and takes no entries.\n' +
        'Without --restart or --close this says what is wrong and the ways out, and changes nothing.\n' +
        "Example: cpcase repair CP-2026-0142 --restart --reason 'opened with a key its workers lacked'",
    )
    .action(
      async (caseRef: string, o: { close?: boolean; restart?: boolean; reason?: string; json?: boolean }) => {
        const d = await gatherRepair(caseRef, o);
        if (o.json) return printJson(d);
        printLines(
          d.done
            ? [
                `Case ${caseRef} ${d.done === 'closed' ? 'ended' : 'started again from its recorded events'}; recorded in the audit trail.`,
              ]
            : diagnosisLines(d.diagnosis),
        );
      },
    );
}
