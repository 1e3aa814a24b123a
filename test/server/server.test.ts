// cpcase-server (server/): its Go tests (the claim mapper, the authorizer's decisions by role, the identity stamp,
// the compose configuration) run with the project's, and the names it shares with the TypeScript side agree.
import { spawnSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { IDENTITY_HEADER, ON_BEHALF_OF_HEADER } from '../../src/domain/case/recorder';
import { ROLES } from '../../src/identity/issuer';
import { LEEWAY_SECONDS } from '../../src/identity/councilTokens';
import {
  CASE_WORKFLOW_PREFIX,
  calendarUpdated,
  openedUpdate,
  recordEvent,
} from '../../src/workflows/messages';
import { caseWorkflow } from '../../src/workflows/case';

const SERVER = path.join(__dirname, '..', '..', 'server');
const pin = (
  JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'scripts', 'tool-versions.json'), 'utf8')) as {
    'temporal-server': { goToolchain: string };
  }
)['temporal-server'];
const goThere = spawnSync('go', ['version']).status === 0;
const source = (file: string) => fs.readFileSync(path.join(SERVER, 'access', file), 'utf8');
const goConst = (file: string, name: string) =>
  new RegExp(`${name}\\s+(?:\\w+\\s+)?=\\s+"([^"]+)"`).exec(source(file))?.[1];

(goThere || process.env.CI ? test : test.skip)(
  "the server's Go tests pass",
  () => {
    const r = spawnSync('go', ['test', '-count=1', './...'], {
      cwd: SERVER,
      encoding: 'utf8',
      env: { ...process.env, GOTOOLCHAIN: pin.goToolchain, GOFLAGS: '-mod=mod' },
    });
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/FAIL/);
    expect(r.status).toBe(0);
  },
  900_000,
);

test('the server and the workflow name the same workflow, update, signal, headers and roles', () => {
  expect(goConst('authorizer.go', 'CaseWorkflowType')).toBe(caseWorkflow.name);
  expect(goConst('authorizer.go', 'RecordEventUpdate')).toBe(recordEvent.name);
  expect(goConst('authorizer.go', 'OpenedUpdate')).toBe(openedUpdate.name);
  expect(goConst('authorizer.go', 'CalendarUpdatedSignal')).toBe(calendarUpdated.name);
  expect(goConst('authorizer.go', 'CaseWorkflowIDPrefix')).toBe(CASE_WORKFLOW_PREFIX);
  expect(goConst('stamp.go', 'IdentityHeader')).toBe(IDENTITY_HEADER);
  expect(goConst('stamp.go', 'OnBehalfOfHeader')).toBe(ON_BEHALF_OF_HEADER);
  for (const role of ROLES) expect(source('identity.go')).toContain(`Role = "${role}"`);
  expect(source('settings.go')).toContain(`DefaultLeeway           = ${LEEWAY_SECONDS / 60} * time.Minute`);
});
