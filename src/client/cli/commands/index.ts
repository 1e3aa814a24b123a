// Every command: where it sits, what it is for, and its module, loaded only when that command runs. `--help` and
// `--version` load none of them, `calendar add` loads only its own (no Temporal client), so a command starts in
// the time its own work needs. Each module's `register` adds the arguments, options and action to the command.
import type { Command } from 'commander';

export interface CommandEntry {
  /** ['open'], or ['calendar', 'add'] for a command in a group. */
  path: string[];
  description: string;
  load: () => Promise<{ register(cmd: Command): void }>;
}

/** The groups' own descriptions. */
export const GROUPS: Record<string, string> = {
  calendar: 'working days and bank holidays (no server needed)',
  policy: 'the timescale policy in force',
  report: 'reports from the ledger for quality assurance',
  keys: 'the encryption keys of case data',
  directory: 'the staff and agency directory emails go to',
  export: 'returns to government from the same record',
  credential: "the local issuer's tokens (the stack's stand-in for the council's sign-in)",
  schedule: "the morning digest's schedule (an operator's)",
  retention: "the council's records schedule: what has passed its period, and destroying it",
};

export const COMMANDS: CommandEntry[] = [
  {
    path: ['open'],
    description: 'open a case: start its clock (one per family group; children by opaque id, never by name)',
    load: () => import('./open'),
  },
  {
    path: ['record'],
    description: 'record what happened on a case; the reply shows the deadlines now open',
    load: () => import('./record'),
  },
  {
    path: ['status'],
    description: 'everything about one case: stage, children and plans, every deadline and its next reminder',
    load: () => import('./status'),
  },
  {
    path: ['list'],
    description: 'open cases, soonest deadline first, filtered by what is due, who holds it, or stage',
    load: () => import('./list'),
  },
  {
    path: ['import'],
    description: 'record events in bulk from a CSV file; every row is checked before any is recorded',
    load: () => import('./import'),
  },
  {
    path: ['repair'],
    description:
      'a broken case (its workflow task failing): what is wrong, and starting it again or ending it',
    load: () => import('./repair'),
  },
  {
    path: ['serve'],
    description:
      'the staff pages: a case in plain words, what I owe, the live view, the annual report (read-only, signed in)',
    load: () => import('./serve'),
  },
  {
    path: ['audit'],
    description: 'who recorded what on a case, and when: the audit trail from the reporting ledger',
    load: () => import('./audit'),
  },
  {
    path: ['export', 'cin-census'],
    description: "the DfE Children in Need census's child protection blocks, as its XML",
    load: () => import('./export-cin-census'),
  },
  {
    path: ['export', 'subject'],
    description:
      'everything cpcase holds about one child, for a subject access request (JSON, and HTML to review)',
    load: () => import('./export-subject'),
  },
  {
    path: ['calendar', 'add'],
    description: 'the date N working days after DATE (before it when N is negative)',
    load: () => import('./calendar-add'),
  },
  {
    path: ['calendar', 'between'],
    description: 'working days from A to B: those after A, up to and including B (negative if B is earlier)',
    load: () => import('./calendar-between'),
  },
  {
    path: ['calendar', 'check'],
    description: 'whether DATE is a working day, and if not, why',
    load: () => import('./calendar-check'),
  },
  {
    path: ['calendar', 'import'],
    description:
      'load a newer GOV.UK bank-holidays.json; it is validated first and a bad file changes nothing. ' +
      'Then run `cpcase calendar push` so open cases pick it up.',
    load: () => import('./calendar-import'),
  },
  {
    path: ['calendar', 'push'],
    description: 'tell every open case to reload the bank holidays (after `cpcase calendar import`)',
    load: () => import('./calendar-push'),
  },
  {
    path: ['policy', 'show'],
    description: 'print the effective timescale policy: the defaults with the council policy file applied',
    load: () => import('./policy-show'),
  },
  {
    path: ['report', 'annual'],
    description: "the annual report's tables (2a, 2b, 3, 4, conferences, outcomes, plans) for any period",
    load: () => import('./report-annual'),
  },
  {
    path: ['report', 'live'],
    description:
      'what is overdue now and what falls due soon, by team and owner (the weekly management view)',
    load: () => import('./report-live'),
  },
  {
    path: ['keys', 'generate'],
    description:
      'make a new AES-256 key and make it current; keys already in the file stay, retired, so older data still decrypts',
    load: () => import('./keys-generate'),
  },
  {
    path: ['keys', 'drop'],
    description: 'drop a retired key, only when nothing still needs it (the ledger, Temporal, the schedule)',
    load: () => import('./keys-drop'),
  },
  {
    path: ['codec-server'],
    description: 'serve the Temporal Web UI decoded payloads for authorised staff (bearer token required)',
    load: () => import('./codec-server'),
  },
  {
    path: ['retention', 'due'],
    description:
      'closed cases past their period in the records schedule (policy file), with why, and those held',
    load: () => import('./retention-due'),
  },
  {
    path: ['retention', 'apply'],
    description:
      'destroy the cases due, everywhere cpcase holds them, leaving a tombstone each (asks to confirm)',
    load: () => import('./retention-apply'),
  },
  {
    path: ['hold'],
    description: 'place a legal hold on a case (or --lift it): a held case is never destroyed',
    load: () => import('./hold'),
  },
  {
    path: ['schedule', 'ensure'],
    description: "make the morning digest's schedule if it is not there (workers make it where they may)",
    load: () => import('./schedule-ensure'),
  },
  {
    path: ['whoami'],
    description: 'who your credential says you are, and your roles (the server checks it on every call)',
    load: () => import('./whoami'),
  },
  {
    path: ['credential', 'issue'],
    description: 'a token from the local issuer for a person or service, with their roles (stack and tests)',
    load: () => import('./credential-issue'),
  },
  {
    path: ['credential', 'revoke'],
    description: 'revoke a token of the local issuer: the servers refuse it within a second',
    load: () => import('./credential-revoke'),
  },
  {
    path: ['directory', 'check'],
    description:
      'check a staff and agency directory: fields, duplicate ids, unknown managers, management loops',
    load: () => import('./directory-check'),
  },
];
