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
export const statusQuery = defineQuery<CaseStatus>('status');
/** Judges events without recording them (bulk import checks a whole file first). */
export const checkEventsQuery = defineQuery<EventCheck[], [CaseEvent[]]>('checkEvents');
export const calendarUpdated = defineSignal('calendarUpdated');

export const CASE_WORKFLOW_PREFIX = 'case-';
export const caseWorkflowId = (caseRef: string) => `${CASE_WORKFLOW_PREFIX}${caseRef}`;
