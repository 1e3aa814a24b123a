// The SQLite ledger: idempotent appends, migrations applied once, identifying detail sealed at rest.
import fs from 'fs';
import os from 'os';
import path from 'path';
import Database from 'better-sqlite3';
import type { LedgerBatch } from '../../src/domain/case/ledger';
import type { LocalDate } from '../../src/domain/dates';
import { openSqliteLedger } from '../../src/ledger/sqlite';
import { testKeys } from '../support/keys';

const keys = testKeys();
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-ledger-unit-')), 'ledger.sqlite');

const batch: LedgerBatch = {
  case: {
    caseRef: 'CP-L-1',
    region: 'england-and-wales',
    openedAt: '2026-03-01T09:00:00Z',
    openedBy: 'admin-1',
    policyId: 'p1',
    children: [{ id: 'CH-SECRET9', dateOfBirth: '2011-05-17' as LocalDate, pastPlans: [] }],
    staff: { socialWorker: 'SW-1', teamManager: 'TM-1' },
    agencies: ['gp'],
  },
  events: [
    {
      eventId: 'e1',
      caseRef: 'CP-L-1',
      type: 'plan-ended',
      occurredAt: '2026-03-02',
      recordedAt: '2026-03-02T12:00:00Z',
      recordedBy: 'admin-1',
      event: {
        type: 'plan-ended',
        childId: 'CH-SECRET9',
        reason: 'moved abroad',
        occurredAt: '2026-03-02' as LocalDate,
        recordedBy: 'admin-1',
      },
    },
  ],
  outcomes: [
    {
      caseRef: 'CP-L-1',
      deadlineId: 'icpc:E1',
      ruleId: 'icpc',
      dueDate: '2026-02-27',
      status: 'missed',
      lateBy: 1,
      observedAt: 't1',
    },
    {
      caseRef: 'CP-L-1',
      deadlineId: 'icpc:E1',
      ruleId: 'icpc',
      dueDate: '2026-02-27',
      status: 'met',
      metOn: '2026-03-02',
      lateBy: 1,
      observedAt: 't2',
    },
  ],
};

test('a retried write adds nothing; a reopened ledger keeps everything and migrates once', () => {
  const l = openSqliteLedger(file, keys.ring);
  expect(l.write(batch)).toEqual({ casesAdded: 1, eventsAdded: 1, outcomesAdded: 2 });
  expect(l.write(batch)).toEqual({ casesAdded: 0, eventsAdded: 0, outcomesAdded: 0 });
  l.close();
  const again = openSqliteLedger(file, keys.ring);
  expect(again.audit('CP-L-1')).toEqual([
    {
      eventId: 'e1',
      type: 'plan-ended',
      occurredAt: '2026-03-02',
      recordedAt: '2026-03-02T12:00:00Z',
      recordedBy: 'admin-1',
    },
  ]);
  expect(again.events('CP-L-1')[0]?.event).toEqual(batch.events[0]!.event);
  expect(again.cases()).toEqual([batch.case]);
  expect(again.outcomes('CP-L-1').map((o) => [o.status, o.lateBy])).toEqual([
    ['missed', 1],
    ['met', 1],
  ]);
  again.close();
  const db = new Database(file, { readonly: true });
  expect(db.prepare('SELECT version FROM schema_migrations').all()).toEqual([{ version: 1 }, { version: 2 }]);
  db.close();
});

test('child ids and free text are sealed: not readable in the database file', () => {
  const bytes = Buffer.concat(
    fs.readdirSync(path.dirname(file)).map((f) => fs.readFileSync(path.join(path.dirname(file), f))),
  );
  expect(bytes.includes('CH-SECRET9')).toBe(false);
  expect(bytes.includes('moved abroad')).toBe(false);
  expect(bytes.includes('2011-05-17')).toBe(false); // a date of birth, sealed with the case
  expect(bytes.includes('CP-L-1')).toBe(true); // the case reference is an opaque key, kept in the clear
});
