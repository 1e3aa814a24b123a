// "What I owe": a person's open steps across the cases, overdue first (the most late at the top), then by due
// date. Pure, from the open cases' statuses.
import { isOutstanding } from '../case/plan';
import type { CaseStatus, DeadlineView } from '../case/status';

export interface Owed {
  caseRef: string;
  deadline: DeadlineView;
  overdue: boolean;
}

export function owedBy(statuses: readonly CaseStatus[], staffId: string): Owed[] {
  const items = statuses.flatMap((s) =>
    s.deadlines
      .filter((d) => d.kind === 'deadline' && isOutstanding(d) && d.owner.id === staffId)
      .map((d) => ({ caseRef: s.caseRef, deadline: d, overdue: d.status === 'missed' })),
  );
  return items.sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      (b.overdue ? (b.deadline.lateBy ?? 0) - (a.deadline.lateBy ?? 0) : 0) ||
      a.deadline.dueDate.localeCompare(b.deadline.dueDate) ||
      a.caseRef.localeCompare(b.caseRef),
  );
}
