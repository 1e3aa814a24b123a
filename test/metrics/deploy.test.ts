// What ships in deploy/ for a council's monitoring: the alert rules load in Prometheus's own checker and fire as
// their unit tests say (promtool, from Debian's prometheus, which .ci/run installs); the dashboard and the rules
// read only metrics cpcase serves (names checked against src/metrics; the SDK's and the server's against a
// live scrape in test/stack/reminderBurst.test.ts); docker-compose's Prometheus scrapes the jobs the rules name.
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import YAML from 'yaml';
import { METRIC } from '../../src/metrics/metrics';
import { JOBS, prometheusConfig } from '../../src/dev/stack/prometheus';
import { deployedMetricNames } from '../support/metrics';

const DEPLOY = path.join(__dirname, '..', '..', 'deploy');
const promtool = spawnSync('promtool', ['--version']).status === 0;
const run = (args: string[]) =>
  spawnSync('promtool', args, { cwd: path.join(DEPLOY, 'prometheus'), encoding: 'utf8' });

(promtool || process.env.CI ? describe : describe.skip)('promtool', () => {
  test('the alert rules load', () => {
    const r = run(['check', 'rules', 'alerts.yml']);
    expect(r.stdout + r.stderr).toContain('SUCCESS: 6 rules found');
    expect(r.status).toBe(0);
  });

  test('each alert fires on the series that should raise it, and stays quiet otherwise', () => {
    const r = run(['test', 'rules', 'alerts.test.yml']);
    expect(r.stdout + r.stderr).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  test("docker-compose's and the stack's Prometheus configurations load", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-prom-'));
    const stack = path.join(dir, 'prometheus.yml');
    const rules = path.join(DEPLOY, 'prometheus', 'alerts.yml');
    fs.writeFileSync(
      stack,
      prometheusConfig({
        workers: ['127.0.0.1:1', '127.0.0.1:2'],
        temporal: '127.0.0.1:3',
        rules,
        everySeconds: 5,
      }),
    );
    expect(spawnSync('promtool', ['check', 'config', stack], { encoding: 'utf8' }).status).toBe(0);
    const compose = YAML.parse(
      fs.readFileSync(path.join(DEPLOY, 'prometheus', 'prometheus.yml'), 'utf8'),
    ) as unknown;
    expect(compose).toMatchObject({ rule_files: ['/etc/prometheus/alerts.yml'] });
  });
});

test('every cpcase metric the dashboard and the rules read is one the workers serve', () => {
  const served = Object.values(METRIC).flatMap((n) => [
    n,
    `${n}_total`,
    `${n}_bucket`,
    `${n}_count`,
    `${n}_sum`,
  ]);
  const read = deployedMetricNames().filter((n) => n.startsWith('cpcase_'));
  expect(read.length).toBeGreaterThan(5);
  expect(read.filter((n) => !served.includes(n))).toEqual([]);
});

test("the rules' and the dashboard's recorded series are defined by the rules", () => {
  const rules = fs.readFileSync(path.join(DEPLOY, 'prometheus', 'alerts.yml'), 'utf8');
  const dashboard = fs.readFileSync(path.join(DEPLOY, 'grafana', 'cpcase-dashboard.json'), 'utf8');
  const recorded = [...rules.matchAll(/record: (\S+)/g)].map((m) => m[1]);
  const used = [...`${rules}\n${dashboard}`.matchAll(/\bcpcase:[a-z_]+/g)].map((m) => m[0]);
  expect(used.filter((u) => !recorded.includes(u))).toEqual([]);
});

test('both Prometheus configurations scrape the jobs the rules and the dashboard name', () => {
  const compose = YAML.parse(fs.readFileSync(path.join(DEPLOY, 'prometheus', 'prometheus.yml'), 'utf8')) as {
    scrape_configs: { job_name: string }[];
  };
  const stack = YAML.parse(
    prometheusConfig({ workers: ['a:1'], temporal: 'b:2', rules: '/r.yml', everySeconds: 5 }),
  ) as typeof compose;
  for (const c of [compose, stack])
    expect(c.scrape_configs.map((j) => j.job_name)).toEqual([JOBS.workers, JOBS.temporal]);
  const text = fs.readFileSync(path.join(DEPLOY, 'prometheus', 'alerts.yml'), 'utf8');
  expect(text).toContain(`job="${JOBS.workers}"`);
});

test('the dashboard is Grafana JSON over a chosen Prometheus, each panel with a query', () => {
  const d = JSON.parse(fs.readFileSync(path.join(DEPLOY, 'grafana', 'cpcase-dashboard.json'), 'utf8')) as {
    panels: { title: string; targets: { expr: string }[] }[];
    templating: { list: { name: string; type: string }[] };
  };
  expect(d.templating.list).toContainEqual(
    expect.objectContaining({ name: 'datasource', type: 'datasource' }),
  );
  expect(d.panels.length).toBeGreaterThanOrEqual(10);
  for (const p of d.panels) expect(p.targets.length).toBeGreaterThan(0);
});
