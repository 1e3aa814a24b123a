// cpcase's metrics as the meter receives them: names in Prometheus's conventions, what each event moves, and
// labels that never carry a case, a child or a person.
import type { MetricMeter, MetricTags } from '@temporalio/common';
import { meteredBy, METRIC } from '../../src/metrics/metrics';

interface Point {
  name: string;
  kind: string;
  value: number;
  tags: MetricTags;
}

/** A meter that keeps every value it is given, in order. */
function recordingMeter() {
  const points: Point[] = [];
  const instrument = (name: string, kind: string) => {
    const keep = (value: number, tags: MetricTags = {}) => void points.push({ name, kind, value, tags });
    const metric = { name, kind, valueType: 'int' as const, add: keep, set: keep, record: keep };
    return { ...metric, withTags: () => metric };
  };
  const meter = {
    createCounter: (name: string) => instrument(name, 'counter'),
    createHistogram: (name: string) => instrument(name, 'histogram'),
    createGauge: (name: string) => instrument(name, 'gauge'),
    withTags: () => meter,
  } as unknown as MetricMeter;
  const of = (name: string) => points.filter((p) => p.name === name);
  return { meter, points, of };
}

let clock = Date.parse('2026-12-07T09:00:00Z');
const now = () => clock;

test('each attempt counted by kind and outcome; a taken message’s delay recorded, no other', () => {
  const m = recordingMeter();
  const metrics = meteredBy(m.meter, now);
  metrics.message('escalation', 'sent', 42);
  metrics.message('reminder', 'retry');
  metrics.message('reminder', 'held');
  metrics.message('digest', 'already-sent', 3);
  expect(m.of(METRIC.messages).map((p) => [p.value, p.tags])).toEqual([
    [1, { kind: 'escalation', outcome: 'sent' }],
    [1, { kind: 'reminder', outcome: 'retry' }],
    [1, { kind: 'reminder', outcome: 'held' }],
    [1, { kind: 'digest', outcome: 'already-sent' }],
  ]);
  expect(m.of(METRIC.messageDelay).map((p) => [p.value, p.tags])).toEqual([[42, { kind: 'escalation' }]]);
});

test('mail failing and getting through: the time of each, in whole seconds', () => {
  const m = recordingMeter();
  const metrics = meteredBy(m.meter, now);
  clock = Date.parse('2026-12-07T09:00:00.700Z');
  metrics.message('reminder', 'retry');
  clock += 30_000;
  metrics.message('reminder', 'held'); // says nothing of the mail server
  metrics.message('reminder', 'refused'); // the server answered: mail gets through
  const at = (s: string) => Date.parse(s) / 1000;
  expect(m.of(METRIC.mailLastFault).map((p) => p.value)).toEqual([at('2026-12-07T09:00:00Z')]);
  expect(m.of(METRIC.mailLastThrough).map((p) => p.value)).toEqual([at('2026-12-07T09:00:30Z')]);
});

test('a census sets every gauge, overdue deadlines by level, and when it was taken', () => {
  const m = recordingMeter();
  meteredBy(m.meter, now).cases({
    open: 12,
    broken: 1,
    overdueByLevel: new Map([
      [0, 2],
      [1, 0],
    ]),
  });
  expect(m.of(METRIC.casesOpen).map((p) => p.value)).toEqual([12]);
  expect(m.of(METRIC.casesBroken).map((p) => p.value)).toEqual([1]);
  expect(m.of(METRIC.overdue).map((p) => [p.tags.level, p.value])).toEqual([
    ['0', 2],
    ['1', 0],
  ]);
  expect(m.of(METRIC.census).map((p) => p.value)).toEqual([Math.floor(clock / 1000)]);
});

test('the configuration as an info series: a new directory replaces the old, which drops to 0', () => {
  const m = recordingMeter();
  const metrics = meteredBy(m.meter, now);
  const info = { policyId: 'p', policyFingerprint: 'aa', directoryFingerprint: 'd1' };
  metrics.config(info);
  metrics.config(info); // unchanged: nothing said again
  metrics.config({ ...info, directoryFingerprint: 'd2' });
  expect(m.of(METRIC.config).map((p) => [p.tags.directory_fingerprint, p.value])).toEqual([
    ['d1', 1],
    ['d1', 0],
    ['d2', 1],
  ]);
});

test('names follow Prometheus; labels are kinds, outcomes, levels and fingerprints only', () => {
  const m = recordingMeter();
  const metrics = meteredBy(m.meter, now);
  metrics.message('escalation', 'sent', 1);
  metrics.message('escalation', 'retry');
  metrics.ledgerWrite('ok');
  metrics.ledgerWrite('failed');
  metrics.caseCensusFailed();
  metrics.cases({ open: 1, broken: 0, overdueByLevel: new Map([[3, 1]]) });
  metrics.config({ policyId: 'p', policyFingerprint: 'aa', directoryFingerprint: 'd1' });
  for (const name of Object.values(METRIC)) expect(name).toMatch(/^cpcase_[a-z_]+$/);
  const labels = new Set(m.points.flatMap((p) => Object.keys(p.tags)));
  expect([...labels].sort()).toEqual([
    'directory_fingerprint',
    'kind',
    'level',
    'outcome',
    'policy_fingerprint',
    'policy_id',
  ]);
  // Each metric was given a value by one of the calls above.
  expect(new Set(m.points.map((p) => p.name))).toEqual(new Set(Object.values(METRIC)));
});
