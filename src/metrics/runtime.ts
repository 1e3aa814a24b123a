// The worker process's Temporal runtime, with its metrics served for Prometheus at CPCASE_METRICS_ADDRESS: the
// SDK's own (task latencies, slots, sticky cache, failures; prefixed temporal_) and cpcase's (src/metrics). It
// must be installed before anything else in the process touches the runtime (a connection, a worker, its logger).
import { Runtime } from '@temporalio/worker';
import { ConfigError } from '../config/env';
import { DELAY_BUCKETS, meteredBy, METRIC, noMetrics, type CpcaseMetrics } from './metrics';

export function installMetricsRuntime(address: string | undefined): CpcaseMetrics {
  if (!address) return noMetrics;
  try {
    install(address);
  } catch (e) {
    // The port taken, most often: said against the variable that chose it.
    throw new ConfigError(
      `CPCASE_METRICS_ADDRESS='${address}': ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  return meteredBy(Runtime.instance().metricMeter);
}

function install(address: string): void {
  Runtime.install({
    telemetryOptions: {
      metrics: {
        prometheus: {
          bindAddress: address,
          // Prometheus's conventions: counters end _total, durations are in seconds and say so.
          countersTotalSuffix: true,
          unitSuffix: true,
          useSecondsForDurations: true,
          histogramBucketOverrides: { [METRIC.messageDelay]: DELAY_BUCKETS },
        },
      },
    },
  });
}
