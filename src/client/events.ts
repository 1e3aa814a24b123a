// The events an administrator records, as named fields (command-line options or CSV columns), turned into the
// case workflow's typed events. One definition serves `cpcase record <event>` and `cpcase import`, so a field
// means the same in both and a bad value is reported with the field's name.
import type { RecorderClaim } from '../domain/case/recorder';
import { z } from 'zod';
import { parseDate, type LocalDate } from '../domain/dates';
import { CASE_REF_PATTERN, REF_PATTERN, checkCaseRef } from '../domain/refs';
import { parseTimeOfDay } from '../domain/londonTime';
import { CONFERENCE_TYPES } from '../domain/policy';
import {
  CONFERENCE_REQUESTERS,
  CSE_MEETING_OUTCOMES,
  CSE_REVIEW_OUTCOMES,
  PARENT_PARTICIPATION,
  PLAN_CATEGORIES,
  type PlanCategory,
  type CaseEvent,
  type ChildOutcome,
  type ChildParticipation,
  type EventType,
  type StaffRole,
} from '../domain/case/types';

export { REF_PATTERN, CASE_REF_PATTERN, checkCaseRef };

const article = (what: string) => (/^[aeiou]/.test(what) ? 'an' : 'a');
const ref = (what: string) =>
  z
    .string()
    .regex(
      REF_PATTERN,
      `must be ${article(what)} ${what} id (letters, digits, '-', '_', ':', '.', '/'; no spaces)`,
    );
const date = z.string().transform((v, ctx): LocalDate => {
  const r = parseDate(v);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.error });
    return z.NEVER;
  }
  return r.date;
});
const time = z.string().refine((v) => parseTimeOfDay(v) !== null, 'must be a time such as 14:30');
const text = z.string().trim().min(1, 'must not be empty').max(500, 'must be 500 characters or fewer');
const conferenceType = z.enum(CONFERENCE_TYPES, {
  error: `must be one of ${CONFERENCE_TYPES.join(', ')}`,
});
const staffRoleFlag = {
  'social-worker': 'socialWorker',
  'team-manager': 'teamManager',
  'service-manager': 'serviceManager',
  chair: 'chair',
  'minute-taker': 'minuteTaker',
} as const satisfies Record<string, StaffRole>;

const OUTCOMES = ['plan', 'no-plan', 'continues', 'ended', 'not-discussed'] as const;
/** Several children typed into one option: the right form is one option per child. */
const oneEach = (v: string, flag: string) => {
  const parts = v.split(/[,;]\s*(?=[^=,;]+=)/);
  return parts.length > 1 ? ` (one child each: ${parts.map((p) => `--${flag} ${p.trim()}`).join(' ')})` : '';
};
/** CH-1=plan:neglect · CH-2=no-plan · CH-3=continues · CH-4=ended:risk reduced · CH-5=not-discussed:reason */
const childOutcome = z.string().transform((v, ctx): ChildOutcome => {
  const m = /^([^=]+)=([a-z-]+)(?::(.+))?$/.exec(v.trim());
  const fail = (message: string) => {
    ctx.addIssue({ code: 'custom', message: `'${v}': ${message}` });
    return z.NEVER;
  };
  if (oneEach(v, 'child')) return fail(`one child per --child${oneEach(v, 'child')}`);
  if (!m)
    return fail(
      'write CHILD=OUTCOME, e.g. CH-1=plan:neglect, CH-2=no-plan, CH-3=continues, CH-4=ended:reason, ' +
        'CH-5=not-discussed:reason',
    );
  const [, childId = '', outcome = '', extra] = m;
  if (!REF_PATTERN.test(childId)) return fail(`'${childId}' is not a child id`);
  switch (outcome) {
    case 'plan':
      if (!isPlanCategory(extra)) return fail(`a plan needs its category: plan:${PLAN_CATEGORIES.join('|')}`);
      return { childId, outcome: 'plan-started', category: extra };
    case 'no-plan':
      return { childId, outcome: 'no-plan' };
    case 'continues':
      return { childId, outcome: 'plan-continues' };
    case 'ended':
      if (!extra?.trim()) return fail('an ended plan needs its reason: ended:<reason>');
      return { childId, outcome: 'plan-ended', reason: extra.trim() };
    case 'not-discussed':
      if (!extra?.trim()) return fail('say why: not-discussed:<reason>');
      return { childId, outcome: 'not-discussed', reason: extra.trim() };
    default:
      return fail(`unknown outcome '${outcome}'; use ${OUTCOMES.join(', ')}`);
  }
});
const PARTICIPATION = ['attended', 'consulted', 'not-consulted', 'not-recorded'] as const;
const isParticipation = (v: string | undefined): v is ChildParticipation =>
  PARTICIPATION.some((p) => p === v);
const isPlanCategory = (v: string | undefined): v is PlanCategory => PLAN_CATEGORIES.some((c) => c === v);
/** CH-1=attended */
const participation = z.string().transform((v, ctx) => {
  const [childId, how] = v.split('=').map((x) => x.trim());
  if (!childId || !REF_PATTERN.test(childId) || !isParticipation(how)) {
    ctx.addIssue({
      code: 'custom',
      message: `'${v}': write CHILD=${PARTICIPATION.join('|')}${oneEach(v, 'participation')}`,
    });
    return z.NEVER;
  }
  return { childId, participation: how };
});
/** gp=invited,attended,report (any of the three; absent ones are false) */
const agencyAtConference = z.string().transform((v, ctx) => {
  const [agencyId, flags = ''] = v.split('=').map((x) => x.trim());
  const set = flags ? flags.split(',').map((x) => x.trim()) : [];
  const bad = set.filter((f) => !['invited', 'attended', 'report'].includes(f));
  if (!agencyId || !REF_PATTERN.test(agencyId) || bad.length > 0) {
    ctx.addIssue({ code: 'custom', message: `'${v}': write AGENCY=invited,attended,report (any of them)` });
    return z.NEVER;
  }
  return {
    agencyId,
    invited: set.includes('invited'),
    attended: set.includes('attended'),
    sentReport: set.includes('report'),
  };
});

/** One named input of an event (an option `--name`, a CSV column `name`), parsed by its schema into a `T`. */
/** Whether a field must be given, and whether it may be given more than once (a list). */
type Kind = 'optional' | 'required' | 'repeatable' | 'required-list';

/** One named input of an event (an option `--name`, a CSV column `name`), parsed by its schema into a `T`. */
export interface Field<N extends string = string, T = unknown, K extends Kind = Kind> {
  name: N;
  description: string;
  kind: K;
  required: boolean;
  /** Given more than once on the command line; separated by ';' in a CSV cell. */
  repeatable: boolean;
  schema: z.ZodType<T, string>;
}
/** A field of any kind, as commander, import's columns and the docs read them. */
export type FieldSpec = Field<string, unknown>;

function field<const N extends string, T, const K extends Kind>(
  name: N,
  description: string,
  schema: z.ZodType<T, string>,
  kind: K,
): Field<N, T, K> {
  return {
    name,
    description,
    schema,
    kind,
    required: kind === 'required' || kind === 'required-list',
    repeatable: kind === 'repeatable' || kind === 'required-list',
  };
}

/** What a field gives `build`: a list when repeatable, the value when required, else the value or undefined. */
type ValueOf<F> =
  F extends Field<string, infer T, infer K>
    ? K extends 'repeatable' | 'required-list'
      ? T[]
      : K extends 'required'
        ? T
        : T | undefined
    : never;
type Values<Fs extends readonly FieldSpec[]> = { [F in Fs[number] as F['name']]: ValueOf<F> };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event as `build` makes it: everything but when it happened, who recorded it and its id. */
export type BuiltBody = DistributiveOmit<CaseEvent, 'occurredAt' | 'recordedBy' | 'eventId'>;
type BodyOf<T extends EventType> = Extract<BuiltBody, { type: T }>;

export interface EventSpec {
  type: EventType;
  description: string;
  fields: readonly FieldSpec[];
  /** From the fields' parsed values (by name) and the day it happened. */
  build: (values: Readonly<Record<string, unknown>>, occurredAt: LocalDate) => BuiltBody;
}

/**
 * One event's contract: its fields, and how their parsed values make the event. `build` sees each value typed
 * by its own field's schema; the record of values is produced by `fieldValues` from exactly these fields, which
 * is the one place that knows the two agree.
 */
function defineEvent<const T extends EventType, const Fs extends readonly FieldSpec[]>(def: {
  type: T;
  description: string;
  fields: Fs;
  build: (f: Values<Fs>, occurredAt: LocalDate) => BodyOf<T>;
}): EventSpec {
  return {
    type: def.type,
    description: def.description,
    fields: def.fields,
    // The one cast of the contract: `fieldValues` fills `values` from exactly `def.fields`, each by its schema.
    build: (values, occurredAt) => def.build(values as Values<Fs>, occurredAt),
  };
}

const present = <T>(list: T[]): T[] | undefined => (list.length > 0 ? list : undefined);
/** `{ key: value }` when the value is there, `{}` when not: optional fields stay absent rather than undefined. */
function opt<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  const out: Partial<Record<K, V>> = {};
  if (value !== undefined) out[key] = value;
  return out;
}

const conference = field(
  'conference',
  'which conference (C1, C2 … as `cpcase status` shows); the latest one when omitted',
  ref('conference'),
  'optional',
);
const reasonField = field('reason', 'why', text, 'required');
/** An extension or waiver names the deadline and the manager who approved it. */
const deadlineField = field(
  'deadline',
  'the deadline id (from `cpcase status`)',
  ref('deadline'),
  'required',
);
const approvedByField = field('approved-by', 'the approving manager (staff id)', ref('staff'), 'required');
const childField = field('child', 'the child id', ref('child'), 'required');
const requestedByField = field(
  'requested-by',
  `who asked for the conference: ${CONFERENCE_REQUESTERS.join(', ')}`,
  z.enum(CONFERENCE_REQUESTERS, { error: `must be one of ${CONFERENCE_REQUESTERS.join(', ')}` }),
  'optional',
);
const outcomeField = <const O extends readonly [string, ...string[]]>(outcomes: O) =>
  field(
    'outcome',
    outcomes.join(' or '),
    z.enum(outcomes, { error: `must be ${outcomes.join(' or ')}` }),
    'required',
  );
const STAFF_ROLE_FLAGS = [
  'social-worker',
  'team-manager',
  'service-manager',
  'chair',
  'minute-taker',
] as const satisfies readonly (keyof typeof staffRoleFlag)[];

type DocumentType =
  | 'invitations-sent'
  | 'chair-pre-meeting'
  | 'outline-plan-distributed'
  | 'minutes-sent-to-chair'
  | 'minutes-approved'
  | 'full-record-distributed';
const documentEvent = (type: DocumentType, description: string): EventSpec =>
  defineEvent({
    type,
    description,
    fields: [conference],
    build: (f) => ({ type, ...opt('conferenceId', f.conference) }),
  });

export const EVENT_SPECS: EventSpec[] = [
  defineEvent({
    type: 'strategy-discussion',
    description: 'a strategy discussion was held (a section 47 enquiry starts; the ICPC clock starts)',
    fields: [],
    build: () => ({ type: 'strategy-discussion' }),
  }),
  defineEvent({
    type: 'transfer-in-notified',
    description: 'another authority notified us of a child on a plan moving here (transfer-in clock starts)',
    fields: [],
    build: () => ({ type: 'transfer-in-notified' }),
  }),
  defineEvent({
    type: 'conference-scheduled',
    description: 'a conference was booked (--date: the day it was booked; --on: the day it will be held)',
    fields: [
      field('type', CONFERENCE_TYPES.join(', '), conferenceType, 'required'),
      field('on', 'the day the conference will be held (--date is the day it was booked)', date, 'required'),
      field('at', 'the start time, e.g. 14:30', time, 'optional'),
      field('chair', 'the chair (staff id)', ref('staff'), 'optional'),
      field(
        'agency',
        "an agency invited (repeat for each); the case's agencies when omitted",
        ref('agency'),
        'repeatable',
      ),
      requestedByField,
    ],
    build: (f) => ({
      ...opt('requestedBy', f['requested-by']),
      type: 'conference-scheduled',
      conferenceType: f.type,
      date: f.on,
      ...opt('time', f.at),
      ...opt('chair', f.chair),
      ...opt('agencies', present(f.agency)),
    }),
  }),
  defineEvent({
    type: 'conference-rescheduled',
    description: 'a booked conference moved to another date',
    fields: [
      field('on', 'the new date', date, 'required'),
      field('at', 'the new start time', time, 'optional'),
      conference,
    ],
    build: (f) => ({
      type: 'conference-rescheduled',
      date: f.on,
      ...opt('time', f.at),
      ...opt('conferenceId', f.conference),
    }),
  }),
  defineEvent({
    type: 'conference-cancelled',
    description: 'a booked conference was cancelled',
    fields: [reasonField, conference],
    build: (f) => ({ type: 'conference-cancelled', reason: f.reason, ...opt('conferenceId', f.conference) }),
  }),
  documentEvent('invitations-sent', 'invitations to the conference went out'),
  documentEvent('chair-pre-meeting', "the chair's pre-meeting with the social worker was held"),
  defineEvent({
    type: 'report-received',
    description: 'a report for the conference arrived',
    fields: [
      field(
        'from',
        "'social-worker' or the agency id",
        z
          .string()
          .refine((v) => !/^social[\s_]+worker$/i.test(v.trim()), "write 'social-worker', with a hyphen")
          .pipe(z.union([z.literal('social-worker'), ref('agency')])),
        'required',
      ),
      conference,
    ],
    build: (f) => ({
      type: 'report-received',
      from: f.from === 'social-worker' ? 'social-worker' : { agencyId: f.from },
      ...opt('conferenceId', f.conference),
    }),
  }),
  defineEvent({
    type: 'conference-held',
    description: 'the conference took place, with its outcome for each child',
    fields: [
      field(
        'child',
        `CHILD=plan:CATEGORY | no-plan | continues | ended:REASON | not-discussed:REASON, one for each child; ` +
          `CATEGORY is ${PLAN_CATEGORIES.join(', ')}`,
        childOutcome,
        'required-list',
      ),
      field('type', 'the conference type, if none was scheduled', conferenceType, 'optional'),
      field(
        'participation',
        'for each child aged 10 or over: CHILD=attended|consulted|not-consulted|not-recorded (repeatable)',
        participation,
        'repeatable',
      ),
      field('agency', 'AGENCY=invited,attended,report (repeatable)', agencyAtConference, 'repeatable'),
      field(
        'parents',
        `the parents' and carers' part: ${PARENT_PARTICIPATION.join(', ')}`,
        z.enum(PARENT_PARTICIPATION, { error: `must be one of ${PARENT_PARTICIPATION.join(', ')}` }),
        'optional',
      ),
      field(
        'indicator',
        'an indicator of need or risk in the family (repeatable; codes from `cpcase policy show`)',
        ref('indicator'),
        'repeatable',
      ),
      requestedByField,
      conference,
    ],
    build: (f) => ({
      ...opt('requestedBy', f['requested-by']),
      ...opt('parents', f.parents),
      ...opt('indicators', present(f.indicator)),
      type: 'conference-held',
      children: f.child,
      ...opt('conferenceType', f.type),
      ...opt('participation', present(f.participation)),
      ...opt('agencies', present(f.agency)),
      ...opt('conferenceId', f.conference),
    }),
  }),
  documentEvent('outline-plan-distributed', 'the outline child protection plan was distributed'),
  documentEvent('minutes-sent-to-chair', 'the minute-taker sent the minutes to the chair'),
  documentEvent('minutes-approved', 'the chair approved the minutes'),
  documentEvent('full-record-distributed', 'the full conference record was distributed'),
  defineEvent({
    type: 'core-group-held',
    description: 'a core group meeting was held',
    fields: [],
    build: () => ({ type: 'core-group-held' }),
  }),
  defineEvent({
    type: 'plan-ended',
    description: "a child's plan ended outside a conference",
    fields: [childField, reasonField],
    build: (f) => ({ type: 'plan-ended', childId: f.child, reason: f.reason }),
  }),
  defineEvent({
    type: 'birth-recorded',
    description: 'an unborn child was born (--date is the date of birth)',
    fields: [childField],
    build: (f, occurredAt) => ({ type: 'birth-recorded', childId: f.child, dateOfBirth: occurredAt }),
  }),
  defineEvent({
    type: 'staff-reassigned',
    description: 'someone new took over a role; later reminders go to them',
    fields: [
      field(
        'role',
        STAFF_ROLE_FLAGS.join(', '),
        z.enum(STAFF_ROLE_FLAGS, { error: `must be one of ${STAFF_ROLE_FLAGS.join(', ')}` }),
        'required',
      ),
      field('staff', 'the new person (staff id)', ref('staff'), 'required'),
    ],
    build: (f) => ({ type: 'staff-reassigned', role: staffRoleFlag[f.role], staffId: f.staff }),
  }),
  defineEvent({
    type: 'deadline-extended',
    description: 'a manager approved a later due date for a deadline',
    fields: [
      deadlineField,
      field('until', 'the new due date', date, 'required'),
      reasonField,
      approvedByField,
    ],
    build: (f) => ({
      type: 'deadline-extended',
      deadlineId: f.deadline,
      newDueDate: f.until,
      reason: f.reason,
      approvedBy: f['approved-by'],
    }),
  }),
  defineEvent({
    type: 'deadline-waived',
    description: 'a manager agreed a deadline no longer applies',
    fields: [deadlineField, reasonField, approvedByField],
    build: (f) => ({
      type: 'deadline-waived',
      deadlineId: f.deadline,
      reason: f.reason,
      approvedBy: f['approved-by'],
    }),
  }),
  defineEvent({
    type: 'case-closed',
    description: 'the case closed or transferred out; its open deadlines stop',
    fields: [
      field(
        'reason',
        'closed or transferred-out',
        z.enum(['closed', 'transferred-out'], { error: 'must be closed or transferred-out' }),
        'required',
      ),
      field('note', 'a short note', text, 'optional'),
    ],
    build: (f) => ({ type: 'case-closed', reason: f.reason, ...opt('note', f.note) }),
  }),
  defineEvent({
    type: 'cse-meeting-requested',
    description: 'a conference chair was asked to chair a CSE meeting for a child (its clock starts)',
    fields: [childField],
    build: (f) => ({ type: 'cse-meeting-requested', childId: f.child }),
  }),
  defineEvent({
    type: 'cse-meeting-held',
    description: 'the CSE meeting was held: a CSE plan, or none',
    fields: [childField, outcomeField(CSE_MEETING_OUTCOMES)],
    build: (f) => ({ type: 'cse-meeting-held', childId: f.child, outcome: f.outcome }),
  }),
  defineEvent({
    type: 'cse-review-held',
    description: 'a CSE plan was reviewed: it continues, or ends as the risk is reduced',
    fields: [childField, outcomeField(CSE_REVIEW_OUTCOMES)],
    build: (f) => ({ type: 'cse-review-held', childId: f.child, outcome: f.outcome }),
  }),
  defineEvent({
    type: 'cse-moved-to-cp',
    description:
      'child protection procedures take over from the CSE plan (a section 47 enquiry starts on this case)',
    fields: [childField],
    build: (f) => ({ type: 'cse-moved-to-cp', childId: f.child }),
  }),
];

export const eventSpec = (type: string): EventSpec | undefined => EVENT_SPECS.find((s) => s.type === type);

export type BuiltEvent = { ok: true; event: CaseEvent } | { ok: false; problems: string[] };

type RawEventFields = Record<string, string | string[] | undefined>;
type Label = (field: string) => string;

/** The date it happened, or the problem with it. */
function occurredOn(text: string | undefined, label: Label, problems: string[]): LocalDate | undefined {
  if (!text) {
    problems.push(`${label('date')}: is required (when it happened, e.g. 2026-11-27 or 27/11/2026)`);
    return undefined;
  }
  const d = date.safeParse(text);
  if (d.success) return d.data;
  problems.push(`${label('date')}: ${d.error.issues[0]?.message ?? 'is not a date'}`);
  return undefined;
}

/** Each field of the event parsed by its schema; every field given that the event does not take is a problem. */
function fieldValues(
  spec: EventSpec,
  raw: RawEventFields,
  label: Label,
  problems: string[],
): Record<string, unknown> {
  const known = new Set(spec.fields.map((f) => f.name));
  for (const [name, v] of Object.entries(raw)) {
    if (v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0) && !known.has(name)) {
      problems.push(
        `${label(name)}: not a field of ${spec.type} (it takes ${[...known].join(', ') || 'no other fields'})`,
      );
    }
  }
  const values: Record<string, unknown> = {};
  for (const f of spec.fields) {
    const v = raw[f.name];
    const list = v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v];
    if (list.length === 0) {
      if (f.required) problems.push(`${label(f.name)}: is required for ${spec.type} (${f.description})`);
      // What `build` is promised: a list for a repeatable field, even an empty one.
      values[f.name] = f.repeatable ? [] : undefined;
      continue;
    }
    if (!f.repeatable && list.length > 1) {
      problems.push(`${label(f.name)}: given ${list.length} times; ${spec.type} takes one`);
      continue;
    }
    const parsed: unknown[] = [];
    for (const item of list) {
      const r = f.schema.safeParse(item);
      if (r.success) parsed.push(r.data);
      else {
        const message = r.error.issues[0]?.message ?? 'is not valid';
        problems.push(`${label(f.name)}: ${message}${message.includes(item) ? '' : ` (got '${item}')`}`);
      }
    }
    values[f.name] = f.repeatable ? parsed : parsed[0];
  }
  return values;
}

/**
 * Builds one event from named raw values (strings, or string lists for repeatable fields). Every problem is
 * reported, each naming its field, so a CSV row or a command line is corrected in one go.
 */
export function buildEvent(
  type: string,
  raw: { date?: string; eventId?: string; fields: RawEventFields },
  by: RecorderClaim,
  /** How a field is named to the person who gave it: a CSV column as is, a command line's as `--field`. */
  label: Label = (field) => field,
): BuiltEvent {
  const spec = eventSpec(type);
  if (!spec) {
    return {
      ok: false,
      problems: [`event: unknown event '${type}'; use one of ${EVENT_SPECS.map((s) => s.type).join(', ')}`],
    };
  }
  const problems: string[] = [];
  const occurredAt = occurredOn(raw.date, label, problems);
  const values = fieldValues(spec, raw.fields, label, problems);
  if (raw.eventId !== undefined && raw.eventId !== '' && !REF_PATTERN.test(raw.eventId)) {
    problems.push(
      `${label('event-id')}: '${raw.eventId}' must be letters, digits, '-', '_', ':', '.', '/' (no spaces)`,
    );
  }
  if (problems.length > 0 || !occurredAt) return { ok: false, problems };
  const event: CaseEvent = {
    ...spec.build(values, occurredAt),
    occurredAt,
    ...by,
    ...(raw.eventId ? { eventId: raw.eventId } : {}),
  };
  return { ok: true, event };
}

type RawFields = Record<string, string | string[]>;
const conferenceOf = (e: { conferenceId?: string }): RawFields =>
  e.conferenceId ? { conference: e.conferenceId } : {};
const ROLE_FLAG = {
  socialWorker: 'social-worker',
  teamManager: 'team-manager',
  serviceManager: 'service-manager',
  chair: 'chair',
  minuteTaker: 'minute-taker',
} as const satisfies Record<StaffRole, keyof typeof staffRoleFlag>;
const roleFlag = (role: StaffRole) => ROLE_FLAG[role];
function outcomeText(o: ChildOutcome): string {
  switch (o.outcome) {
    case 'plan-started':
      return `${o.childId}=plan:${o.category}`;
    case 'no-plan':
      return `${o.childId}=no-plan`;
    case 'plan-continues':
      return `${o.childId}=continues`;
    case 'plan-ended':
      return `${o.childId}=ended:${o.reason}`;
    case 'not-discussed':
      return `${o.childId}=not-discussed:${o.reason}`;
  }
}

/** A conference held, back as its fields: every child's outcome and every optional detail recorded. */
function conferenceHeldFields(e: Extract<CaseEvent, { type: 'conference-held' }>): RawFields {
  return {
    child: e.children.map(outcomeText),
    ...(e.conferenceType ? { type: e.conferenceType } : {}),
    ...(e.participation
      ? { participation: e.participation.map((p) => `${p.childId}=${p.participation}`) }
      : {}),
    ...(e.agencies
      ? {
          agency: e.agencies.map(
            (a) =>
              `${a.agencyId}=${[a.invited && 'invited', a.attended && 'attended', a.sentReport && 'report'].filter(Boolean).join(',')}`,
          ),
        }
      : {}),
    ...(e.parents ? { parents: e.parents } : {}),
    ...(e.indicators ? { indicator: e.indicators } : {}),
    ...(e.requestedBy ? { 'requested-by': e.requestedBy } : {}),
    ...conferenceOf(e),
  };
}

/**
 * An event back as the named fields `buildEvent` reads (its `--date` aside): what `record amend` starts from, so
 * an administrator types only what was wrong. `buildEvent(e.type, { date, fields: fieldsOf(e) })` gives `e` again.
 */
export function fieldsOf(e: CaseEvent): RawFields {
  switch (e.type) {
    case 'conference-scheduled':
      return {
        type: e.conferenceType,
        on: e.date,
        ...(e.time ? { at: e.time } : {}),
        ...(e.chair ? { chair: e.chair } : {}),
        ...(e.agencies ? { agency: e.agencies } : {}),
        ...(e.requestedBy ? { 'requested-by': e.requestedBy } : {}),
      };
    case 'conference-rescheduled':
      return { on: e.date, ...(e.time ? { at: e.time } : {}), ...conferenceOf(e) };
    case 'conference-cancelled':
      return { reason: e.reason, ...conferenceOf(e) };
    case 'invitations-sent':
    case 'chair-pre-meeting':
    case 'outline-plan-distributed':
    case 'minutes-sent-to-chair':
    case 'minutes-approved':
    case 'full-record-distributed':
      return conferenceOf(e);
    case 'report-received':
      return { from: e.from === 'social-worker' ? e.from : e.from.agencyId, ...conferenceOf(e) };
    case 'conference-held':
      return conferenceHeldFields(e);
    case 'cse-meeting-requested':
    case 'cse-moved-to-cp':
      return { child: e.childId };
    case 'cse-meeting-held':
    case 'cse-review-held':
      return { child: e.childId, outcome: e.outcome };
    case 'plan-ended':
      return { child: e.childId, reason: e.reason };
    case 'birth-recorded':
      return { child: e.childId };
    case 'staff-reassigned':
      return { role: roleFlag(e.role), staff: e.staffId };
    case 'deadline-extended':
      return { deadline: e.deadlineId, until: e.newDueDate, reason: e.reason, 'approved-by': e.approvedBy };
    case 'deadline-waived':
      return { deadline: e.deadlineId, reason: e.reason, 'approved-by': e.approvedBy };
    case 'case-closed':
      return { reason: e.reason, ...(e.note ? { note: e.note } : {}) };
    case 'strategy-discussion':
    case 'transfer-in-notified':
    case 'core-group-held':
    case 'event-amended':
    case 'event-withdrawn':
      return {};
  }
}
