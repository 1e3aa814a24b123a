// One child of each kind the census treats apart, built by the case rules from their events, with the council's
// details as a real council file gives them: a transfer-in plan, a pre-birth plan for a baby not yet born, a second
// plan in one episode, a plan that began before the census year, and a CSE cycle moved to child protection.
import { applyEvent, initialState } from '../../src/domain/case/apply';
import type { CaseState, ChildInput } from '../../src/domain/case/types';
import { cinCensus, type CensusReturn, type CouncilChild } from '../../src/domain/census/cin';
import { upnCheckLetter } from '../../src/domain/census/upn';
import type { LocalDate } from '../../src/domain/dates';
import { caseInput, calendar, wd, type EventWithoutMeta } from './caseHarness';

export const FROM = '2025-04-01' as LocalDate;
export const TO = '2026-03-31' as LocalDate;
const d = (s: string) => s as LocalDate;

function build(ref: string, child: ChildInput, events: [LocalDate, EventWithoutMeta][]): CaseState {
  let s = initialState(caseInput(ref, { children: [child] }), calendar, 'opened');
  for (const [on, e] of events) {
    const r = applyEvent(s, { ...e, occurredAt: on, recordedBy: 'admin-1' }, TO, 'now');
    if (!r.ok) throw new Error(`${ref} ${e.type}: ${r.reason}`);
    s = r.state;
  }
  return s;
}

const held = (
  type: 'initial' | 'pre-birth' | 'transfer-in' | 'review',
  childId: string,
  outcome: 'plan-started' | 'plan-continues' | 'plan-ended',
  category: 'neglect' | 'physical' | 'emotional' | 'sexual' = 'neglect',
): EventWithoutMeta => ({
  type: 'conference-held',
  conferenceType: type,
  children: [
    outcome === 'plan-ended' ? { childId, outcome, reason: 'risk reduced' } : { childId, outcome, category },
  ],
});

const TIN = wd(d('2025-06-02'), 9);
const BIRTH_SD = d('2026-01-05');
const FIRST_SD = d('2025-04-14');
const FIRST_ICPC = wd(FIRST_SD, 12);
const ENDED = wd(FIRST_ICPC, 63);
const AGAIN_SD = wd(ENDED, 40);
const OLD_ICPC = wd(d('2024-10-01'), 12);
const MOVED = wd(d('2025-09-01'), 15);

export const KIND_CASES: CaseState[] = [
  build('CP-K-TIN', { id: 'CH-TIN', dateOfBirth: d('2016-05-05') }, [
    [d('2025-06-02'), { type: 'transfer-in-notified' }],
    [TIN, held('transfer-in', 'CH-TIN', 'plan-started', 'physical')],
    [wd(TIN, 63), held('review', 'CH-TIN', 'plan-continues', 'physical')],
  ]),
  build('CP-K-PRE', { id: 'CH-PRE', expectedBirth: d('2026-04-20') }, [
    [BIRTH_SD, { type: 'strategy-discussion' }],
    [wd(BIRTH_SD, 12), held('pre-birth', 'CH-PRE', 'plan-started')],
  ]),
  build('CP-K-TWO', { id: 'CH-TWO', dateOfBirth: d('2012-11-11') }, [
    [FIRST_SD, { type: 'strategy-discussion' }],
    [FIRST_ICPC, held('initial', 'CH-TWO', 'plan-started')],
    [ENDED, held('review', 'CH-TWO', 'plan-ended')],
    [AGAIN_SD, { type: 'strategy-discussion' }],
    [wd(AGAIN_SD, 14), held('initial', 'CH-TWO', 'plan-started', 'emotional')],
  ]),
  build('CP-K-OLD', { id: 'CH-OLD', dateOfBirth: d('2019-02-02') }, [
    [d('2024-10-01'), { type: 'strategy-discussion' }],
    [OLD_ICPC, held('initial', 'CH-OLD', 'plan-started')],
    [wd(OLD_ICPC, 63), held('review', 'CH-OLD', 'plan-continues')],
    [wd(OLD_ICPC, 190), held('review', 'CH-OLD', 'plan-continues')],
  ]),
  build('CP-K-CSE', { id: 'CH-CSE', dateOfBirth: d('2010-02-02') }, [
    [d('2025-09-01'), { type: 'cse-meeting-requested', childId: 'CH-CSE' }],
    [wd(d('2025-09-01'), 10), { type: 'cse-meeting-held', childId: 'CH-CSE', outcome: 'plan' }],
    [MOVED, { type: 'cse-moved-to-cp', childId: 'CH-CSE' }],
    [wd(MOVED, 12), held('initial', 'CH-CSE', 'plan-started', 'sexual')],
  ]),
];

const upn = (tail: string) => `${upnCheckLetter(`X${tail}`)!}${tail}`;
const child = (la: string, extra: CouncilChild, referralDate: string): CouncilChild => ({
  laChildId: la,
  sex: 'F',
  ethnicity: 'WBRI',
  disabilities: ['NONE'],
  referralDate: d(referralDate),
  referralSource: '3A',
  primaryNeed: 'N1',
  ...extra,
});

/** What the council's file says of each: identifiers, characteristics, the referral before the first event. */
export const KIND_COUNCIL = new Map<string, CouncilChild>([
  ['CH-TIN', child('T1001', { upn: upn('201100025001'), disabilities: ['LD', 'COMM'] }, '2025-05-28')],
  ['CH-PRE', child('P1002', { upnUnknown: 'UN1', sex: 'U', ethnicity: 'NOBT' }, '2025-12-15')],
  ['CH-TWO', child('S1003', { upn: upn('201100026002'), sex: 'M' }, '2025-04-10')],
  ['CH-OLD', child('O1004', { upn: upn('201100027003'), disabilities: ['AUT'] }, '2024-09-20')],
  ['CH-CSE', child('C1005', { upn: upn('201100028004') }, '2025-08-28')],
]);

/** The return for the census year 2025-26 of the five. */
export const kindsReturn = (): CensusReturn => cinCensus(KIND_CASES, FROM, TO, KIND_COUNCIL);
export const KIND_DATES = { TIN, BIRTH_SD, FIRST_SD, FIRST_ICPC, ENDED, AGAIN_SD, OLD_ICPC, MOVED };
