// cpcase's own metrics: what the sending path, the ledger and the case census report, behind one small interface.
// `meteredBy` records them through the Temporal SDK's meter, so they are served on the worker's Prometheus
// endpoint beside the SDK's own (src/metrics/runtime.ts); `noMetrics` is for tools and tests that want none.
// Labels carry kinds, outcomes and levels only (domain/operations.ts): never a case, a child or a person.
import type { MetricMeter } from '@temporalio/common';
import { mailSignal, type MessageKind, type MessageOutcome } from '../domain/operations';

/** What one look over every open case found (worker/caseCensus.ts). */
export interface CaseGauges {
  open: number;
  /** Open cases whose workflow task is failing: they cannot run, nor answer. */
  broken: number;
  /** Overdue deadlines by the level their ladder has reached, every level of the policy present. */
  overdueByLevel: Map<number, number>;
}

/** The worker's configuration by fingerprint: two workers that differ show two series. */
export interface ConfigInfo {
  policyId: string;
  policyFingerprint: string;
  directoryFingerprint: string;
}

export interface CpcaseMetrics {
  /** One attempt to send one message, and how it ended; `delaySeconds` after the send time when it was taken. */
  message(kind: MessageKind, outcome: MessageOutcome, delaySeconds?: number): void;
  ledgerWrite(outcome: 'ok' | 'failed'): void;
  cases(gauges: CaseGauges): void;
  caseCensusFailed(): void;
  config(info: ConfigInfo): void;
}

export const noMetrics: CpcaseMetrics = {
  message: () => undefined,
  ledgerWrite: () => undefined,
  cases: () => undefined,
  caseCensusFailed: () => undefined,
  config: () => undefined,
};

/** Names, as served (the SDK adds `_total` to counters). */
export const METRIC = {
  messages: 'cpcase_messages',
  messageDelay: 'cpcase_message_delay_seconds',
  mailLastFault: 'cpcase_mail_last_fault_timestamp_seconds',
  mailLastThrough: 'cpcase_mail_last_through_timestamp_seconds',
  ledgerWrites: 'cpcase_ledger_writes',
  casesOpen: 'cpcase_cases_open',
  casesBroken: 'cpcase_cases_broken',
  overdue: 'cpcase_deadlines_overdue',
  census: 'cpcase_case_census_timestamp_seconds',
  censusFailures: 'cpcase_case_census_failures',
  config: 'cpcase_worker_config_info',
} as const;

/** The delay histogram's buckets (seconds): the burst's target is 120 s, a mail outage is counted in hours. */
export const DELAY_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 14_400, 86_400];

/** The instruments, made once per meter. */
function instruments(meter: MetricMeter) {
  const messages = meter.createCounter(
    METRIC.messages,
    undefined,
    'Attempts to send a message, by kind and outcome (sent, refused, retry, held, already-sent)',
  );
  const delay = meter.createHistogram(
    METRIC.messageDelay,
    'float',
    undefined,
    'Seconds from the send time to the mail server taking the message',
  );
  // When this worker last met a mail fault, and last got a message through: mail is failing while the latest
  // fault anywhere is later than the latest success anywhere (deploy/prometheus/alerts.yml).
  const lastFault = meter.createGauge(
    METRIC.mailLastFault,
    'int',
    undefined,
    'When a send last met a mail fault',
  );
  const lastThrough = meter.createGauge(
    METRIC.mailLastThrough,
    'int',
    undefined,
    'When the mail server last answered for a message (took it, or refused its recipient)',
  );
  const ledger = meter.createCounter(METRIC.ledgerWrites, undefined, 'Ledger writes, by outcome');
  const open = meter.createGauge(METRIC.casesOpen, 'int', undefined, 'Open cases');
  const broken = meter.createGauge(
    METRIC.casesBroken,
    'int',
    undefined,
    'Open cases whose workflow task fails',
  );
  const overdue = meter.createGauge(
    METRIC.overdue,
    'int',
    undefined,
    'Overdue deadlines by the level their ladder has reached',
  );
  const census = meter.createGauge(METRIC.census, 'int', undefined, 'When the case census last completed');
  const censusFailures = meter.createCounter(METRIC.censusFailures, undefined, 'Case censuses that failed');
  const config = meter.createGauge(METRIC.config, 'int', undefined, "The worker's configuration (1)");

  return {
    messages,
    delay,
    lastFault,
    lastThrough,
    ledger,
    open,
    broken,
    overdue,
    census,
    censusFailures,
    config,
  };
}

export function meteredBy(meter: MetricMeter, now: () => number = Date.now): CpcaseMetrics {
  const m = instruments(meter);
  let shown: ConfigInfo | undefined;
  const seconds = () => Math.floor(now() / 1000);
  const labels = (c: ConfigInfo) => ({
    policy_id: c.policyId,
    policy_fingerprint: c.policyFingerprint,
    directory_fingerprint: c.directoryFingerprint,
  });

  return {
    message(kind, outcome, delaySeconds) {
      m.messages.add(1, { kind, outcome });
      if (outcome === 'sent' && delaySeconds !== undefined) m.delay.record(delaySeconds, { kind });
      const signal = mailSignal(outcome);
      if (signal) (signal === 'fault' ? m.lastFault : m.lastThrough).set(seconds());
    },
    ledgerWrite: (outcome) => m.ledger.add(1, { outcome }),
    cases(g) {
      m.open.set(g.open);
      m.broken.set(g.broken);
      for (const [level, n] of g.overdueByLevel) m.overdue.set(n, { level: String(level) });
      m.census.set(seconds());
    },
    caseCensusFailed: () => m.censusFailures.add(1),
    config(info) {
      if (shown && JSON.stringify(labels(shown)) === JSON.stringify(labels(info))) return;
      // The series it replaces drops to 0, so a sum over the info series counts configurations in force.
      if (shown) m.config.set(0, labels(shown));
      m.config.set(1, labels(info));
      shown = info;
    },
  };
}
