// One schema for SQLite (embedded default) and PostgreSQL (several workers): portable SQL only, applied in order
// and recorded, so an existing ledger is upgraded in place and never rebuilt.
export const MIGRATIONS: { version: number; sql: string[] }[] = [
  {
    version: 1,
    sql: [
      `CREATE TABLE ledger_events (
        event_id TEXT NOT NULL,
        case_ref TEXT NOT NULL,
        type TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        sealed_event TEXT NOT NULL,
        PRIMARY KEY (case_ref, event_id)
      )`,
      `CREATE INDEX ledger_events_occurred ON ledger_events (occurred_at)`,
      `CREATE TABLE ledger_outcomes (
        case_ref TEXT NOT NULL,
        deadline_id TEXT NOT NULL,
        rule_id TEXT NOT NULL,
        due_date TEXT NOT NULL,
        status TEXT NOT NULL,
        met_on TEXT NOT NULL DEFAULT '',
        late_by INTEGER,
        conference_id TEXT,
        agency_id TEXT,
        observed_at TEXT NOT NULL,
        PRIMARY KEY (case_ref, deadline_id, status, met_on)
      )`,
      `CREATE INDEX ledger_outcomes_due ON ledger_outcomes (due_date)`,
    ],
  },
  {
    version: 2,
    sql: [
      `CREATE TABLE ledger_cases (
        case_ref TEXT NOT NULL PRIMARY KEY,
        region TEXT NOT NULL,
        team TEXT,
        opened_at TEXT NOT NULL,
        opened_by TEXT NOT NULL,
        policy_id TEXT NOT NULL,
        sealed_case TEXT NOT NULL
      )`,
    ],
  },
  {
    // The event's place in its case, so a case is rebuilt in the order it accepted events on any database.
    version: 3,
    sql: [`ALTER TABLE ledger_events ADD COLUMN seq INTEGER`],
  },
  {
    // State every worker shares when several run (PostgreSQL): the sent-message record, one row per message and
    // recipient, claimed before sending so two workers never both send; and the imported bank-holiday file, so
    // the CLI's import reaches every worker. Present but unused in the embedded SQLite ledger.
    version: 4,
    sql: [
      `CREATE TABLE sent_messages (
        message_id TEXT NOT NULL PRIMARY KEY,
        message_key TEXT NOT NULL,
        recipient TEXT NOT NULL,
        status TEXT NOT NULL,
        claimed_by TEXT NOT NULL,
        claimed_at TEXT NOT NULL,
        settled_at TEXT,
        detail TEXT
      )`,
      `CREATE TABLE calendar_imports (
        id INTEGER NOT NULL PRIMARY KEY,
        imported_at TEXT NOT NULL,
        imported_by TEXT NOT NULL,
        govuk_json TEXT NOT NULL
      )`,
    ],
  },
  {
    // What each worker runs with (fingerprints of its policy and directory), so a worker whose configuration
    // differs from another's says so. Present but unused in the embedded SQLite ledger (one worker).
    version: 5,
    sql: [
      `CREATE TABLE worker_configs (
        worker_id TEXT NOT NULL PRIMARY KEY,
        policy_id TEXT NOT NULL,
        policy_fingerprint TEXT NOT NULL,
        directory_fingerprint TEXT NOT NULL,
        seen_at TEXT NOT NULL
      )`,
    ],
  },
  {
    // Who made each entry, as proven: the person an administrator entered it for, and how the recorder's identity
    // was verified by the server (NULL: unverified, as typed, e.g. on the embedded default). Columns, so the
    // report's provenance counts them without unsealing a row.
    version: 6,
    sql: [
      `ALTER TABLE ledger_events ADD COLUMN on_behalf_of TEXT`,
      `ALTER TABLE ledger_events ADD COLUMN verified_by TEXT`,
      `ALTER TABLE ledger_cases ADD COLUMN opened_on_behalf_of TEXT`,
      `ALTER TABLE ledger_cases ADD COLUMN opened_verified_by TEXT`,
    ],
  },
  {
    // The records schedule (src/domain/retention.ts): legal holds that stop destruction (placed and lifted, each
    // kept), the tombstone a destruction leaves (what, which rule, who, when; written before anything goes and
    // finished after, so an interrupted one is resumed and never done twice), and every disclosure of a case's
    // record (a subject access export). Reasons and the subject are sealed like every free text.
    version: 7,
    sql: [
      `CREATE TABLE ledger_holds (
        case_ref TEXT NOT NULL,
        seq INTEGER NOT NULL,
        placed_at TEXT NOT NULL,
        placed_by TEXT NOT NULL,
        sealed_reason TEXT NOT NULL,
        lifted_at TEXT,
        lifted_by TEXT,
        sealed_lift_reason TEXT,
        PRIMARY KEY (case_ref, seq)
      )`,
      `CREATE TABLE ledger_tombstones (
        case_ref TEXT NOT NULL PRIMARY KEY,
        kind TEXT NOT NULL,
        rule_id TEXT NOT NULL,
        anchor TEXT NOT NULL,
        anchor_date TEXT NOT NULL,
        due_on TEXT NOT NULL,
        opened_on TEXT NOT NULL,
        closed_on TEXT NOT NULL,
        destroyed_by TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT
      )`,
      `CREATE TABLE ledger_disclosures (
        case_ref TEXT NOT NULL,
        disclosed_at TEXT NOT NULL,
        disclosed_by TEXT NOT NULL,
        kind TEXT NOT NULL,
        sealed_subject TEXT NOT NULL
      )`,
    ],
  },
  {
    // A broken case repaired (cpcase repair): ended, or started again from its recorded events; who, when, why.
    version: 8,
    sql: [
      `CREATE TABLE ledger_repairs (
        case_ref TEXT NOT NULL,
        repaired_at TEXT NOT NULL,
        repaired_by TEXT NOT NULL,
        action TEXT NOT NULL,
        sealed_reason TEXT NOT NULL
      )`,
    ],
  },
  {
    // Every time a person opened a case's page (cpcase serve): who looked and when, shown in its audit trail.
    version: 9,
    sql: [
      `CREATE TABLE ledger_views (
        case_ref TEXT NOT NULL,
        viewed_at TEXT NOT NULL,
        viewed_by TEXT NOT NULL,
        page TEXT NOT NULL
      )`,
      `CREATE INDEX ledger_views_case ON ledger_views (case_ref, viewed_at)`,
    ],
  },
];
