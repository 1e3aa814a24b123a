// What to send now, and when to wake next. A deadline revealed late (its steps already in the past) gets one
// message at the level now due, never a burst of every earlier step: the earlier ones are marked superseded.
import type { LocalDate } from '../dates';
import type { LadderStep, Recipient } from '../policy';
import { isActive, type Deadline, type Owner, type PlannedStep } from './plan';
import type { CaseState } from './types';

export interface ResolvedRecipient {
  role: Recipient | Owner['role'];
  /** Staff or agency id; absent when the directory must resolve it (head of service, QA manager, line manager). */
  id?: string;
  /** For a line manager: whose manager. */
  managerOf?: string;
}

/** One notification step of one deadline: the activity sends one email per recipient. */
export interface Notification {
  /** Idempotency key: case, deadline and step. Also the seed of each message's Message-ID. */
  key: string;
  caseRef: string;
  deadlineId: string;
  ruleId: string;
  title: string;
  dueDate: LocalDate;
  kind: LadderStep['kind'];
  level: number;
  stepId: string;
  owner: Owner;
  lateBy?: number;
  conferenceId?: string;
  recipients: ResolvedRecipient[];
}

export function resolveRecipients(s: CaseState, d: Deadline, step: PlannedStep): ResolvedRecipient[] {
  const out: ResolvedRecipient[] = [];
  for (const r of step.to) {
    switch (r) {
      case 'owner':
        out.push({ role: d.owner.role, id: d.owner.id });
        break;
      case 'owner-line-manager':
        // A social worker's line manager is the case's team manager; anyone else's comes from the directory.
        out.push(
          d.owner.role === 'social-worker'
            ? { role: 'team-manager', id: s.staff.teamManager }
            : { role: 'owner-line-manager', managerOf: d.owner.id },
        );
        break;
      case 'social-worker':
        out.push({ role: r, id: s.staff.socialWorker });
        break;
      case 'team-manager':
        out.push({ role: r, id: s.staff.teamManager });
        break;
      case 'service-manager':
        out.push({ role: r, id: s.staff.serviceManager });
        break;
      case 'chair':
        out.push({ role: r, id: s.staff.chair });
        break;
      case 'minute-taker':
        out.push({ role: r, id: s.staff.minuteTaker });
        break;
      case 'head-of-service':
      case 'qa-manager':
        out.push({ role: r });
        break;
    }
  }
  // One message per person: the same person named twice (owner and team manager, say) hears once.
  const seen = new Set<string>();
  return out.filter((r) => {
    const k = r.id ? `id:${r.id}` : `${r.role}:${r.managerOf ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export interface DueActions {
  send: Notification[];
  /** Keys to mark done: the sent steps and the earlier ones they supersede. */
  done: string[];
}

export function dueActions(s: CaseState, deadlines: Deadline[], now: number): DueActions {
  const done = new Set(s.stepsDone);
  const result: DueActions = { send: [], done: [] };
  for (const d of deadlines) {
    if (!isActive(d)) continue;
    const due = d.steps.filter((st) => st.at <= now && !done.has(st.key));
    if (due.length === 0) continue;
    const latest = due.reduce((a, b) => (b.at > a.at || (b.at === a.at && b.level > a.level) ? b : a));
    result.done.push(...due.map((st) => st.key));
    // Owners whose role takes the morning digest hear of reminders there; escalations still go one by one.
    if (latest.level === 0 && (s.policy.digestRoles ?? []).includes(d.owner.role)) continue;
    result.send.push({
      key: latest.key,
      caseRef: s.caseRef,
      deadlineId: d.id,
      ruleId: d.ruleId,
      title: d.title,
      dueDate: d.dueDate,
      kind: latest.kind,
      level: latest.level,
      stepId: latest.stepId,
      owner: d.owner,
      lateBy: d.lateBy,
      conferenceId: d.conferenceId,
      recipients: resolveRecipients(s, d, latest),
    });
  }
  return result;
}

/** The instant of the next step still to do, or undefined when nothing is pending. */
export function nextActionAt(s: CaseState, deadlines: Deadline[]): number | undefined {
  const done = new Set(s.stepsDone);
  let next: number | undefined;
  for (const d of deadlines) {
    if (!isActive(d)) continue;
    for (const st of d.steps) if (!done.has(st.key) && (next === undefined || st.at < next)) next = st.at;
  }
  return next;
}
