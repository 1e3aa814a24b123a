// The people and agencies an event names, checked against the directory before it is recorded: a reminder to
// someone the directory does not know would only come back as "undeliverable". One check for `record` and
// `import`; `name` turns a field into what the user typed (`--staff`, or the CSV column `staff`).
import type { CaseEvent } from '../domain/case/types';
import { unknownAgency, unknownStaff, type Directory } from '../domain/directory';

export function directoryProblems(dir: Directory, e: CaseEvent, name: (field: string) => string): string[] {
  switch (e.type) {
    case 'staff-reassigned':
      return unknownStaff(dir, name('staff'), e.staffId);
    case 'conference-scheduled':
      return [
        ...unknownStaff(dir, name('chair'), e.chair),
        ...(e.agencies ?? []).flatMap((a) => unknownAgency(dir, name('agency'), a)),
      ];
    case 'deadline-extended':
    case 'deadline-waived':
      return unknownStaff(dir, name('approved-by'), e.approvedBy);
    case 'report-received':
      return e.from === 'social-worker' ? [] : unknownAgency(dir, name('from'), e.from.agencyId);
    default:
      return [];
  }
}
