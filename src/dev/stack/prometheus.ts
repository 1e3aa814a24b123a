// The stack's Prometheus (Debian's package: `apt install prometheus`), as docker-compose runs one: it scrapes both
// workers and the Temporal server, and loads cpcase's alert rules (deploy/prometheus/alerts.yml). Without the
// binary the stack runs on and says so; each worker serves its metrics all the same.
import fs from 'fs';
import path from 'path';
import { PROJECT_ROOT } from '../tools';
import type { Service } from './supervisor';

export const ALERT_RULES = path.join(PROJECT_ROOT, 'deploy', 'prometheus', 'alerts.yml');
/** The job names the alert rules and the dashboard read (docker-compose's prometheus.yml uses the same). */
export const JOBS = { workers: 'cpcase-workers', temporal: 'temporal' } as const;

export interface ScrapeTargets {
  workers: string[];
  temporal: string;
  rules: string;
  everySeconds: number;
}

/** prometheus.yml for these targets. */
export function prometheusConfig(t: ScrapeTargets): string {
  const targets = (list: string[]) => `[${list.map((x) => `'${x}'`).join(', ')}]`;
  return [
    'global:',
    `  scrape_interval: ${t.everySeconds}s`,
    `  evaluation_interval: ${t.everySeconds}s`,
    'rule_files:',
    `  - '${t.rules}'`,
    'scrape_configs:',
    `  - job_name: ${JOBS.workers}`,
    '    static_configs:',
    `      - targets: ${targets(t.workers)}`,
    `  - job_name: ${JOBS.temporal}`,
    '    static_configs:',
    `      - targets: ${targets([t.temporal])}`,
    '',
  ].join('\n');
}

/** The prometheus binary on PATH, if there is one. */
export function prometheusBinary(): string | undefined {
  for (const d of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(d, 'prometheus');
    if (d && fs.existsSync(p) && fs.statSync(p).isFile()) return p;
  }
  return undefined;
}

/** Prometheus as a service of the stack, its data and configuration in `dir`; undefined when not installed. */
export function prometheusService(dir: string, port: number, targets: ScrapeTargets): Service | undefined {
  const bin = prometheusBinary();
  if (!bin) return undefined;
  const config = path.join(dir, 'prometheus.yml');
  fs.writeFileSync(config, prometheusConfig(targets));
  return {
    name: 'prometheus',
    cmd: bin,
    args: [
      `--config.file=${config}`,
      `--storage.tsdb.path=${path.join(dir, 'prometheus')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
  };
}
