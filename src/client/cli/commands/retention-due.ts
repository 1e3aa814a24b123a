import type { Command } from 'commander';
import { londonDate } from '../../../domain/londonTime';
import { parseDate, type LocalDate } from '../../../domain/dates';
import type { RetentionRule } from '../../../domain/retention';
import {
  destroyable,
  reviewRetention,
  type RetentionReview,
  type ReviewedCase,
} from '../../../records/retention';
import { getCouncil } from '../context';
import { badInput } from '../errors';
import { printJson, printLines } from '../io';
import { openCliLedger } from '../ledger';

export interface RetentionDueData {
  asOf: LocalDate;
  rules: RetentionRule[];
  review: RetentionReview;
}

export function asOfDate(given: string | undefined): LocalDate {
  if (given === undefined) return londonDate(Date.now());
  const d = parseDate(given);
  if (!d.ok) throw badInput(`--as-of: ${d.error}`);
  return d.date;
}

export async function gatherRetention(asOf: LocalDate): Promise<RetentionDueData> {
  const rules = getCouncil().retention;
  const ledger = await openCliLedger();
  try {
    return { asOf, rules, review: await reviewRetention(ledger, rules, asOf) };
  } finally {
    await ledger.close();
  }
}

const ruleText = (r: RetentionRule) => `${r.id}: ${r.kind} kept ${r.years} years from ${r.from}`;

/** One line for a closed case: why it is due, held, kept, or has no rule. */
export function caseLine(c: ReviewedCase): string {
  const s = c.status;
  const closed = `${c.caseRef}  ${s.kind}, closed ${c.closedOn}`;
  if (c.hold && s.state === 'due')
    return `HELD  ${closed}: due since ${s.dueOn} (rule ${s.rule.id}) but held since ${c.hold.placedAt.slice(0, 10)} by ${c.hold.placedBy}: ${c.hold.reason}`;
  switch (s.state) {
    case 'due':
      return `DUE   ${closed}: ${s.rule.years} years from ${s.rule.from} (${s.anchorDate}) ended ${s.dueOn} (rule ${s.rule.id})`;
    case 'kept':
      return `kept  ${closed}: until ${s.dueOn} (rule ${s.rule.id})${c.hold ? ', and held' : ''}`;
    case 'no-anchor':
      return `kept  ${closed}: rule ${s.rule.id} cannot be counted: ${s.why}`;
    case 'no-rule':
      return `kept  ${closed}: the schedule has no rule for a ${s.kind} record`;
  }
}

export function retentionLines(d: RetentionDueData): string[] {
  const { review: r } = d;
  const due = destroyable(r);
  const held = r.closed.filter((c) => c.hold);
  return [
    d.rules.length
      ? `Records schedule (policy file): ${d.rules.map(ruleText).join('; ')}.`
      : 'No retention rules in the policy: nothing is destroyed. A council sets its records schedule in its policy file (retention:).',
    `As of ${d.asOf}: ${r.closed.length} closed ${r.closed.length === 1 ? 'case' : 'cases'} (${due.length} due for destruction, ` +
      `${held.length} held), ${r.open} open (never due), ${r.destroyed.length} destroyed before.`,
    ...r.closed.map(caseLine),
    ...r.unfinished.map(
      (t) =>
        `UNFINISHED  ${t.caseRef}: destruction begun ${t.startedAt.slice(0, 16)} by ${t.destroyedBy} and interrupted: ` +
        '`cpcase retention apply` finishes it',
    ),
  ];
}

export function register(cmd: Command): void {
  cmd
    .option('--as-of <date>', 'judge as of this day (default today)')
    .option('--json', 'print it as JSON')
    .action(async (o: { asOf?: string; json?: boolean }) => {
      const d = await gatherRetention(asOfDate(o.asOf));
      if (o.json) return printJson(d);
      printLines(retentionLines(d));
    });
}
