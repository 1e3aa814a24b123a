// The case workflow's messages, shared by the workflow and its clients (CLI, tests).
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CaseEvent } from '../domain/case/types';
import type { CaseStatus, DeadlineView } from '../domain/case/status';
import type { EventCheck } from '../domain/case/check';

export interface RecordResult {
  eventId: string;
  duplicate: boolean;
  /** The deadlines open after the event (not met, waived or cancelled), soonest first. */
  openDeadlines: DeadlineView[];
}

export const recordEvent = defineUpdate<RecordResult, [CaseEvent]>('recordEvent');
/**
 * A query runs on the workflow's clock, which stops at its last task: a case with nothing due for weeks would
 * answer as of the day it last woke. Clients pass their own time so lateness and "next due" read as of now.
 */
export interface StatusAsOf {
  now: number;
}
export const statusQuery = defineQuery<CaseStatus, [StatusAsOf?]>('status');
/** The arguments of a status query as of this moment. */
export const asOfNow = (): [StatusAsOf] => [{ now: Date.now() }];
/** Judges events without recording them (bulk import checks a whole file first). */
export const checkEventsQuery = defineQuery<EventCheck[], [CaseEvent[]]>('checkEvents');
export const calendarUpdated = defineSignal('calendarUpdated');
/**
 * Whether the case can answer yet: a new case loads its calendar first. A typed answer, not an error to match: the
 * encrypting failure converter replaces every failure's message, so an error's text never reaches the client.
 */
export type CaseReadiness = { ready: true } | { ready: false; why: 'opening' };
export const readinessQuery = defineQuery<CaseReadiness>('readiness');
/**
 * Answers with the case's status once it has opened. `cpcase open` sends it with the start (update-with-start), so
 * one call starts the case and returns what it says, where the CLI used to poll `readiness`. It changes nothing.
 */
export const openedUpdate = defineUpdate<CaseStatus, [StatusAsOf?]>('opened');

export const CASE_WORKFLOW_PREFIX = 'case-';
export const caseWorkflowId = (caseRef: string) => `${CASE_WORKFLOW_PREFIX}${caseRef}`;
