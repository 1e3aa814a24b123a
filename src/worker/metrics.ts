// What a worker with metrics watches beyond its own sends: the cases (worker/caseCensus.ts) and its configuration
// by fingerprint, looked at again as often as the cases, so a directory edited in place shows within a census.
import type { Client } from '@temporalio/client';
import type { Config } from '../config/env';
import type { CouncilConfig } from '../policy/file';
import type { Directory } from '../domain/directory';
import { ladderLevels } from '../domain/operations';
import type { CpcaseMetrics } from '../metrics/metrics';
import type { Published } from '../shared/workerIdentity';
import { fingerprint } from './configCheck';
import { startCaseCensus } from './caseCensus';

export function watchForMetrics(d: {
  config: Config;
  council: CouncilConfig;
  client: Client;
  metrics: CpcaseMetrics;
  directory: () => Directory;
  published: Published;
  warn: (message: string, meta: Record<string, unknown>) => void;
}): { close(): Promise<void> } {
  if (!d.config.metrics.address) return { close: () => Promise.resolve() };
  const showConfig = () =>
    d.metrics.config({
      policyId: d.published.policyId,
      policyFingerprint: d.published.policyFp,
      directoryFingerprint: fingerprint(d.directory()),
    });
  showConfig();
  const everyMs = d.config.metrics.casesEverySeconds * 1000;
  const configTimer = setInterval(showConfig, everyMs);
  const census = startCaseCensus({
    client: d.client,
    metrics: d.metrics,
    levels: ladderLevels(d.council.policy),
    everyMs,
    warn: d.warn,
  });
  return {
    close: async () => {
      clearInterval(configTimer);
      await census.close();
    },
  };
}
