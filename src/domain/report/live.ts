// The weekly management view: what is overdue now and what falls due in the next few working days, by team and
// by owner. Pure: from the open cases' statuses and a calendar.
import { isOutstanding } from '../case/plan';
import type { DeliveryProblem, MailFault } from '../case/sending';
import type { CaseStatus } from '../case/status';
import type { LocalDate } from '../dates';
import { dueWithinUntil, type HolidayCalendar } from '../workingDays';

export interface LiveItem {
  caseRef: string;
  deadlineId: string;
  title: string;
  dueDate: LocalDate;
  /** Working days overdue; absent when not yet due. */
  overdueBy?: number;
}

export interface LiveOwner {
  /** Role and id, e.g. 'social-worker SW-101': the key, and what is shown when the directory has no name. */
  owner: string;
  role: string;
  id?: string;
  /** From the directory, when the report is named. */
  name?: string;
  overdue: LiveItem[];
  dueSoon: LiveItem[];
}

/** A case whose mail is not getting through: a fault of the mail set-up, or people it could not reach. */
export interface LiveMailIssue {
  caseRef: string;
  fault?: MailFault;
  problems: DeliveryProblem[];
}

export interface LiveReport {
  today: LocalDate;
  until: LocalDate;
  /** Shown first: while these last, people are not being told what they owe. */
  mail: LiveMailIssue[];
  teams: { team: string; overdue: number; dueSoon: number; owners: LiveOwner[] }[];
}

export function liveReport(
  statuses: CaseStatus[],
  today: LocalDate,
  calendar: HolidayCalendar,
  horizonWorkingDays = 10,
): LiveReport {
  const until = dueWithinUntil(calendar, today, horizonWorkingDays);
  const teams = new Map<string, Map<string, LiveOwner>>();
  for (const s of statuses) {
    for (const d of s.deadlines) {
      if (d.kind !== 'deadline' || !isOutstanding(d)) continue;
      if (d.status === 'open' && d.dueDate > until) continue;
      const team = s.team ?? '(no team)';
      const owner = `${d.owner.role} ${d.owner.id ?? '(unassigned)'}`;
      const byOwner = teams.get(team) ?? new Map<string, LiveOwner>();
      const o = byOwner.get(owner) ?? {
        owner,
        role: d.owner.role,
        ...(d.owner.id ? { id: d.owner.id } : {}),
        overdue: [],
        dueSoon: [],
      };
      const item: LiveItem = { caseRef: s.caseRef, deadlineId: d.id, title: d.title, dueDate: d.dueDate };
      if (d.status === 'missed') o.overdue.push({ ...item, overdueBy: d.lateBy ?? 0 });
      else o.dueSoon.push(item);
      byOwner.set(owner, o);
      teams.set(team, byOwner);
    }
  }
  const byDue = (a: LiveItem, b: LiveItem) =>
    a.dueDate.localeCompare(b.dueDate) || a.caseRef.localeCompare(b.caseRef);
  return {
    today,
    until,
    mail: statuses
      .flatMap((s) => (s.mail ? [{ caseRef: s.caseRef, ...s.mail }] : []))
      .sort((a, b) => a.caseRef.localeCompare(b.caseRef)),
    teams: [...teams.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([team, owners]) => {
        const list = [...owners.values()]
          .map((o) => ({ ...o, overdue: o.overdue.sort(byDue), dueSoon: o.dueSoon.sort(byDue) }))
          .sort((a, b) => b.overdue.length - a.overdue.length || a.owner.localeCompare(b.owner));
        return {
          team,
          overdue: list.reduce((n, o) => n + o.overdue.length, 0),
          dueSoon: list.reduce((n, o) => n + o.dueSoon.length, 0),
          owners: list,
        };
      }),
  };
}
