// A council's policy file (YAML or JSON) overrides any part of the default policy. It is validated field by
// field so a mistake is reported as e.g. "rules.icpc.offset.amount: must be a whole number of 1 or more".
import crypto from 'crypto';
import fs from 'fs';
import YAML from 'yaml';
import { z } from 'zod';
import {
  ANCHORS,
  CONFERENCE_TYPES,
  DEFAULT_POLICY,
  OFFSET_UNITS,
  OWNER_ROLES,
  RECIPIENTS,
  SATISFIERS,
  type LadderStep,
  type Policy,
  type TimescaleRule,
} from '../domain/policy';
import { isIsoDate, type LocalDate } from '../domain/dates';
import { parseTimeOfDay } from '../domain/londonTime';
import { INDICATOR_IDS } from '../domain/report/annual';
import type { Targets } from '../domain/report/breakdowns';
import { formatIssues } from '../shared/issues';
import { canonicalJson } from '../domain/configDrift';
import { RECORD_KINDS, RETENTION_ANCHORS, type RetentionRule } from '../domain/retention';

const idSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and hyphens');
const countingSchema = z.enum(['next-day', 'same-day']);

const ladderStepSchema = z.object({
  id: idSchema,
  kind: z.enum(['reminder', 'due-today', 'overdue', 'escalation']),
  offsetWorkingDays: z
    .number()
    .int('must be a whole number of working days')
    .min(-60, 'must be -60 to 60 working days')
    .max(60, 'must be -60 to 60 working days'),
  to: z.array(z.enum(RECIPIENTS)).min(1, 'must name at least one recipient'),
  level: z.number().int().min(0),
});

const offsetSchema = z.object({
  // At most ten years in any unit: a deadline further off is a typing slip, and would spin the arithmetic.
  amount: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be 1 or more')
    .max(2600, 'must be 2600 or fewer'),
  unit: z.enum(OFFSET_UNITS),
  direction: z.enum(['after', 'before']),
});

const ruleFields = {
  title: z.string().min(1),
  kind: z.enum(['deadline', 'alert']),
  anchor: z.enum(ANCHORS),
  offset: offsetSchema,
  conferenceTypes: z.array(z.enum(CONFERENCE_TYPES)).min(1),
  satisfiedBy: z.enum(SATISFIERS),
  owner: z.enum(OWNER_ROLES),
  ladder: idSchema,
  counting: countingSchema,
  enabled: z.boolean(),
};

const ruleOverrideSchema = z
  .object({ ...ruleFields, offset: offsetSchema.partial() })
  .partial()
  .strict();
const newRuleSchema = z
  .object({ ...ruleFields, conferenceTypes: ruleFields.conferenceTypes.optional() })
  .strict();

const closureSchema = z.object({
  date: z.string().refine(isIsoDate, 'must be a real date written YYYY-MM-DD'),
  title: z.string().min(1).default('Council closure'),
});

export const policyFileSchema = z
  .object({
    id: idSchema.optional(),
    counting: countingSchema.optional(),
    sendTime: z
      .string()
      .refine((t) => parseTimeOfDay(t) !== null, 'must be a time of day written HH:MM, e.g. 09:00')
      .optional(),
    digestRoles: z.array(z.enum(OWNER_ROLES)).optional(),
    // Up to a week: longer would hold an overdue escalation back for longer than anyone would want.
    lateEntryWaitMinutes: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60)
      .optional(),
    ladders: z.record(idSchema, z.array(ladderStepSchema).min(1)).optional(),
    /** Overrides of default rules by id, or whole new rules under a new id. */
    rules: z.record(idSchema, z.unknown()).optional(),
    closures: z.array(closureSchema).optional(),
    /** The coded indicators of need and risk conferences record (replaces the default list when given). */
    riskIndicators: z
      .array(z.object({ id: idSchema, label: z.string().trim().min(1).max(100) }).strict())
      .min(1)
      .optional(),
    /** The council's targets for the annual report's indicators, in whole per cent (e.g. outline-plan: 90). */
    targets: z.partialRecord(z.enum(INDICATOR_IDS), z.number().int().min(0).max(100)).optional(),
    /** The records schedule: how long each kind of closed case is kept, and from when. None: nothing is destroyed. */
    retention: z
      .array(
        z
          .object({
            id: idSchema,
            kind: z.enum(RECORD_KINDS),
            years: z
              .number()
              .int('must be a whole number of years')
              .min(1, 'must be 1 to 150')
              .max(150, 'must be 1 to 150'),
            from: z.enum(RETENTION_ANCHORS),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

export interface CouncilConfig {
  policy: Policy;
  closures: { date: LocalDate; title: string }[];
  /** Shown against the annual report's figures; reporting only, never part of a case's rules. */
  targets: Targets;
  /** The records schedule (empty: the council chose none, and nothing is destroyed). */
  retention: RetentionRule[];
}

export class PolicyFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.join('; ')}`);
  }
}

/**
 * An id that is not a default rule is most often a misspelt one (`icpcc`), so it is said in one line: which
 * defaults exist, and what a new rule would still need.
 */
function newRuleProblem(id: string, issues: readonly z.core.$ZodIssue[]): string {
  const missing = [...new Set(issues.map((i) => String(i.path[0] ?? '')).filter(Boolean))];
  const close = DEFAULT_POLICY.rules.map((r) => r.id).filter((d) => d.startsWith(id.slice(0, 3)));
  return (
    `rules.${id}: not a default rule${close.length ? ` (did you mean ${close.join(' or ')}?)` : ''}; ` +
    `a new rule needs ${missing.length ? missing.join(', ') : 'valid fields'}: ${formatIssues(issues)[0]}`
  );
}

/** What only the whole policy can show: a rule naming a missing ladder, a step id used twice, and the like. */
function consistencyProblems(
  rules: TimescaleRule[],
  ladders: Record<string, LadderStep[]>,
  indicators: { id: string }[],
  retention: RetentionRule[],
): string[] {
  const problems: string[] = [];
  for (const r of rules) {
    if (!ladders[r.ladder]) problems.push(`rules.${r.id}.ladder: no ladder named '${r.ladder}' is defined`);
    const conferenceAnchor = r.anchor === 'conference-date' || r.anchor === 'conference-held';
    if (conferenceAnchor && !r.conferenceTypes?.length) {
      problems.push(`rules.${r.id}.conferenceTypes: required for the '${r.anchor}' anchor`);
    }
    if (r.offset.unit === 'months' && r.offset.direction === 'before') {
      problems.push(`rules.${r.id}.offset.direction: month offsets count forward only ('after')`);
    }
  }
  const indicatorIds = indicators.map((i) => i.id);
  for (const [i, r] of retention.entries()) {
    if (retention.findIndex((x) => x.kind === r.kind) !== i)
      problems.push(`retention[${i}].kind: '${r.kind}' has a rule already: one rule per kind of record`);
    if (retention.findIndex((x) => x.id === r.id) !== i)
      problems.push(`retention[${i}].id: '${r.id}' is used twice`);
  }
  for (const id of new Set(indicatorIds.filter((id, k) => indicatorIds.indexOf(id) !== k)))
    problems.push(`riskIndicators: id '${id}' is used twice`);
  for (const [name, steps] of Object.entries(ladders)) {
    const ids = new Set<string>();
    for (const s of steps) {
      if (ids.has(s.id)) problems.push(`ladders.${name}: step id '${s.id}' is used twice`);
      ids.add(s.id);
    }
  }
  return problems;
}

export function buildPolicy(raw: unknown, file = 'policy'): CouncilConfig {
  const parsed = policyFileSchema.safeParse(raw ?? {});
  if (!parsed.success) throw new PolicyFileError(file, formatIssues(parsed.error.issues));
  const input = parsed.data;
  const problems: string[] = [];
  const ladders: Record<string, LadderStep[]> = { ...DEFAULT_POLICY.ladders, ...(input.ladders ?? {}) };
  const rules: TimescaleRule[] = DEFAULT_POLICY.rules.map((r) => ({ ...r, offset: { ...r.offset } }));

  for (const [id, value] of Object.entries(input.rules ?? {})) {
    const existing = rules.findIndex((r) => r.id === id);
    if (existing >= 0) {
      const o = ruleOverrideSchema.safeParse(value);
      if (!o.success) {
        problems.push(...formatIssues(o.error.issues).map((m) => `rules.${id}.${m}`));
        continue;
      }
      const base = rules[existing]!;
      rules[existing] = { ...base, ...o.data, id, offset: { ...base.offset, ...(o.data.offset ?? {}) } };
    } else {
      const n = newRuleSchema.safeParse(value);
      if (!n.success) {
        problems.push(newRuleProblem(id, n.error.issues));
        continue;
      }
      rules.push({ ...n.data, id });
    }
  }

  problems.push(...consistencyProblems(rules, ladders, input.riskIndicators ?? [], input.retention ?? []));
  if (problems.length > 0) throw new PolicyFileError(file, problems);

  const policy: Policy = {
    id: input.id ?? DEFAULT_POLICY.id,
    counting: input.counting ?? DEFAULT_POLICY.counting,
    sendTime: input.sendTime ?? DEFAULT_POLICY.sendTime,
    digestRoles: input.digestRoles ?? DEFAULT_POLICY.digestRoles,
    lateEntryWaitMinutes: input.lateEntryWaitMinutes ?? DEFAULT_POLICY.lateEntryWaitMinutes,
    ...(input.riskIndicators ? { riskIndicators: input.riskIndicators } : {}),
    ladders,
    rules,
  };
  return {
    policy: input.id ? policy : { ...policy, id: idOf(policy) },
    closures: (input.closures ?? []).map((c) => ({ date: c.date, title: c.title })),
    targets: input.targets ?? {},
    retention: input.retention ?? [],
  };
}

/**
 * A policy file that changes anything and names no id gets one of its own (the default's, and a hash of what it
 * is), so `status`, the ledger and the report never call a council's overridden policy the default.
 */
function idOf(p: Policy): string {
  const { id: _id, ...content } = p;
  const { id: _default, ...defaults } = DEFAULT_POLICY;
  if (canonicalJson(content) === canonicalJson(defaults)) return DEFAULT_POLICY.id;
  const hash = crypto.createHash('sha256').update(canonicalJson(content)).digest('hex').slice(0, 8);
  return `${DEFAULT_POLICY.id}-local-${hash}`;
}

/** Reads a policy file: YAML (.yaml/.yml) or JSON. No file means the defaults. */
export function loadPolicyFile(file: string | undefined): CouncilConfig {
  if (!file) return buildPolicy({}, '(defaults)');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new PolicyFileError(file, [
      `cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
    ]);
  }
  let raw: unknown;
  try {
    raw = /\.ya?ml$/i.test(file) ? YAML.parse(text) : JSON.parse(text);
  } catch (e) {
    throw new PolicyFileError(file, [
      `not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${(e as Error).message.split('\n')[0]}`,
    ]);
  }
  return buildPolicy(raw, file);
}
