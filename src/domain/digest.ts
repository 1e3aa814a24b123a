// The morning digest: for each person whose role takes one, everything they owe across all open cases that is
// overdue or due within the next few working days, in one list. Pure: from case statuses, a date and a calendar.
import { isOutstanding } from './case/plan';
import type { CaseStatus } from './case/status';
import type { LocalDate } from './dates';
import type { OwnerRole } from './policy';
import { dueWithinUntil, type HolidayCalendar } from './workingDays';

export interface DigestItem {
  caseRef: string;
  deadlineId: string;
  title: string;
  dueDate: LocalDate;
  overdueBy?: number;
}

export interface Digest {
  owner: { role: OwnerRole; id: string };
  /** Overdue first, then by due date, then by case. */
  items: DigestItem[];
}

export function digests(
  statuses: CaseStatus[],
  roles: OwnerRole[],
  today: LocalDate,
  calendar: HolidayCalendar,
  horizonWorkingDays = 5,
): Digest[] {
  const until = dueWithinUntil(calendar, today, horizonWorkingDays);
  const byOwner = new Map<string, Digest>();
  for (const s of statuses) {
    for (const d of s.deadlines) {
      if (d.kind !== 'deadline' || !isOutstanding(d)) continue;
      if (!d.owner.id || !roles.includes(d.owner.role) || d.dueDate > until) continue;
      const key = `${d.owner.role}:${d.owner.id}`;
      const digest = byOwner.get(key) ?? { owner: { role: d.owner.role, id: d.owner.id }, items: [] };
      digest.items.push({
        caseRef: s.caseRef,
        deadlineId: d.id,
        title: d.title,
        dueDate: d.dueDate,
        ...(d.status === 'missed' ? { overdueBy: d.lateBy ?? 0 } : {}),
      });
      byOwner.set(key, digest);
    }
  }
  const order = (a: DigestItem, b: DigestItem) =>
    Number(b.overdueBy !== undefined) - Number(a.overdueBy !== undefined) ||
    a.dueDate.localeCompare(b.dueDate) ||
    a.caseRef.localeCompare(b.caseRef) ||
    a.deadlineId.localeCompare(b.deadlineId);
  return [...byOwner.values()]
    .map((d) => ({ ...d, items: d.items.sort(order) }))
    .sort((a, b) => a.owner.id.localeCompare(b.owner.id));
}
