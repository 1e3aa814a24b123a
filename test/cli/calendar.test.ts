import fs from 'fs';
import os from 'os';
import path from 'path';
import snapshot from '../../src/calendar/data/bank-holidays.snapshot.json';
import { cpcase } from '../support/cli';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-cli-'));
const env = { CPCASE_DATA_DIR: dataDir };

describe('cpcase calendar', () => {
  it('add: 15 working days from 2023-04-24 is 2023-05-17, in either date form', () => {
    for (const from of ['2023-04-24', '24/04/2023']) {
      const r = cpcase(['calendar', 'add', from, '15'], env);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe('2023-05-17 (Wednesday 17 May 2023)');
    }
  });

  it('add --explain lists each skipped day with its reason', () => {
    const r = cpcase(['calendar', 'add', '2023-04-24', '15', '--explain'], env);
    expect(r.stdout).toContain('2023-05-01 Monday    bank-holiday: Early May bank holiday');
    expect(r.stdout).toContain(
      '2023-05-08 Monday    bank-holiday: Bank holiday for the coronation of King Charles III',
    );
    expect(r.stdout).toContain('2023-04-29 Saturday  weekend');
  });

  it('add counts back for negative N and prints JSON on request', () => {
    const r = cpcase(['calendar', 'add', '2023-05-09', '-2', '--json'], env);
    expect(JSON.parse(r.stdout)).toMatchObject({ from: '2023-05-09', workingDays: -2, date: '2023-05-04' });
  });

  it('between and check', () => {
    expect(cpcase(['calendar', 'between', '2023-04-24', '2023-05-17', '--json'], env).stdout).toContain(
      '"workingDays": 15',
    );
    const check = cpcase(['calendar', 'check', '2024-04-01', '--region', 'scotland'], env);
    expect(check.stdout.trim()).toBe('2024-04-01 (Monday) is a working day in scotland');
    expect(cpcase(['calendar', 'check', '2024-04-01'], env).stdout).toContain('bank-holiday, Easter Monday');
  });

  it.each([
    [['calendar', 'add', '2023-02-30', '3'], "DATE: '2023-02-30' is not a real date"],
    [['calendar', 'add', '04/24/2023', '3'], 'is not a real date (expected day/month/year'],
    [['calendar', 'add', '2023-04-24', 'three'], "N: 'three' is not a whole number"],
    [['calendar', 'add', '2023-04-24', '3', '--region', 'wales'], "--region: 'wales' is not a region"],
    [['calendar', 'add', '2023-04-24', '3', '--colour'], "unknown option '--colour'"],
    [['calendar', 'between', '2023-04-24'], "missing required argument 'b'"],
  ])('refuses %j with exit 2 and a message naming the problem', (args, message) => {
    const r = cpcase(args, env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });

  it('import installs a valid file and refuses a bad one without changing anything', () => {
    const good = path.join(dataDir, 'good.json');
    const newer = JSON.parse(JSON.stringify(snapshot)) as typeof snapshot;
    newer['england-and-wales'].events.push({
      title: 'Extra bank holiday',
      date: '2027-06-07',
      notes: '',
      bunting: true,
    });
    fs.writeFileSync(good, JSON.stringify(newer));
    expect(cpcase(['calendar', 'import', good], env).code).toBe(0);
    expect(cpcase(['calendar', 'check', '2027-06-07'], env).stdout).toContain('Extra bank holiday');

    const bad = path.join(dataDir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ 'england-and-wales': { division: 'x', events: [] } }));
    const r = cpcase(['calendar', 'import', bad], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nothing changed');
    expect(r.stderr).toContain('england-and-wales.events: a division must list at least one bank holiday');
    expect(cpcase(['calendar', 'check', '2027-06-07'], env).stdout).toContain('Extra bank holiday');
  });
});

describe('cpcase policy show', () => {
  it('prints every rule of the effective policy, and JSON with --json', () => {
    const r = cpcase(['policy', 'show'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/icpc\s+15 working days after \(next-day\)\s+strategy-discussion/);
    const json = JSON.parse(cpcase(['policy', 'show', '--json'], env).stdout) as {
      policy: { rules: { id: string }[] };
    };
    expect(json.policy.rules.map((x) => x.id)).toContain('minutes-approved');
  });

  it('applies a council policy file and reports its mistakes by rule and field', () => {
    const file = path.join(dataDir, 'council.yaml');
    fs.writeFileSync(file, 'rules:\n  icpc:\n    offset:\n      amount: 10\n');
    expect(cpcase(['policy', 'show'], { ...env, CPCASE_POLICY_FILE: file }).stdout).toMatch(
      /icpc\s+10 working days/,
    );
    fs.writeFileSync(file, 'rules:\n  icpc:\n    offset:\n      amount: -1\n');
    const r = cpcase(['policy', 'show', '--policy', file], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('rules.icpc.offset.amount: must be 1 or more');
  });

  it('a wrong environment variable stops with one line naming it', () => {
    const r = cpcase(['policy', 'show'], { ...env, CPCASE_POLICY_FILE: '/no/such/file.yaml' });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      "cpcase: configuration: CPCASE_POLICY_FILE='/no/such/file.yaml': must be the path of an existing policy (YAML or JSON) file",
    );
  });
});

describe('cpcase directory check', () => {
  it('passes the shipped example, and names every problem of a bad directory with exit 2', () => {
    expect(cpcase(['directory', 'check'], env).stdout).toMatch(
      /directory\.example\.yaml: 10 staff, 4 agencies; no problems\./,
    );
    const file = path.join(dataDir, 'directory.yaml');
    fs.writeFileSync(
      file,
      [
        'safeguardingAdmin: { name: Admin, email: admin@council.example }',
        'staff:',
        '  - { id: A-1, name: A, email: a@council.example, role: r, lineManager: B-1 }',
        '  - { id: B-1, name: B, email: b@council.example, role: r, lineManager: A-1 }',
        '  - { id: C-1, name: C, email: c@council.example, role: r, lineManager: Z-9 }',
        '  - { id: C-1, name: C2, email: c2@council.example, role: r }',
      ].join('\n'),
    );
    const r = cpcase(['directory', 'check', file], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('C-1: the id is used 2 times');
    expect(r.stderr).toContain('management loop: A-1 -> B-1 -> A-1');
    fs.writeFileSync(file, 'safeguardingAdmin: { name: Admin, email: nope }\nstaff: []\n');
    const bad = cpcase(['directory', 'check', file], env);
    expect(bad.stderr).toContain('safeguardingAdmin.email: must be an email address');
    expect(bad.stderr).toContain('staff: must list at least one member of staff');
    expect(bad.code).toBe(2);
  });
});
