// Prometheus's text format read back, and the metric names deploy/ reads, for the tests of what a council's
// monitoring sees.
import fs from 'fs';
import path from 'path';

const DEPLOY = path.join(__dirname, '..', '..', 'deploy');

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Every sample of a scrape (comments and blank lines left out). */
export function parseMetrics(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line.trim());
    if (!m) continue;
    const labels = Object.fromEntries(
      [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!]),
    );
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

export async function scrape(port: number): Promise<Sample[]> {
  const r = await fetch(`http://127.0.0.1:${port}/metrics`);
  if (!r.ok) throw new Error(`metrics on ${port}: HTTP ${r.status}`);
  return parseMetrics(await r.text());
}

/** The sum of a metric's samples whose labels include `where`. */
export const total = (samples: Sample[], name: string, where: Record<string, string> = {}) =>
  samples
    .filter((s) => s.name === name && Object.entries(where).every(([k, v]) => s.labels[k] === v))
    .reduce((a, s) => a + s.value, 0);

/** Every metric name (cpcase_… and temporal_…) the alert rules and the dashboard read. */
export function deployedMetricNames(): string[] {
  const text = [
    fs.readFileSync(path.join(DEPLOY, 'prometheus', 'alerts.yml'), 'utf8'),
    fs.readFileSync(path.join(DEPLOY, 'grafana', 'cpcase-dashboard.json'), 'utf8'),
  ].join('\n');
  return [...new Set([...text.matchAll(/\b(?:cpcase|temporal)_[a-z_]+\b/g)].map((m) => m[0]))].sort();
}

/** One PromQL expression's value now, from a Prometheus server's API; undefined when it has no sample. */
export async function promQuery(port: number, expr: string): Promise<number | undefined> {
  const r = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = (await r.json()) as { data?: { result?: { value: [number, string] }[] } };
  const first = body.data?.result?.[0];
  return first ? Number(first.value[1]) : undefined;
}

/** Asks `probe` every second until it answers true; false when `within` ms pass first. */
export async function until(probe: () => Promise<boolean>, within: number): Promise<boolean> {
  const end = Date.now() + within;
  for (;;) {
    try {
      if (await probe()) return true;
    } catch {
      // not answering yet
    }
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}
