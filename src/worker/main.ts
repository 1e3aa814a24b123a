// `npm run worker`: the worker alone, against the Temporal server and mail server the environment names.
import { ConfigError, loadConfig } from '../config/env';
import { createWorker } from './create';
import { startHeartbeat } from './heartbeat';
import { KeyError } from '../crypto/keys';
import { WorkerIdentityError } from './identity';
import { accessRefusal } from '../identity/refusal';

async function main(): Promise<void> {
  const config = loadConfig();
  const { worker, connection, close } = await createWorker(config);
  const stopBeating = startHeartbeat(config.dataDir, () => worker.getState() === 'RUNNING');
  // The SDK stops polling on SIGINT/SIGTERM and lets running tasks finish before run() resolves.
  await worker.run();
  stopBeating();
  await connection.close();
  await close();
}

main().catch((e: unknown) => {
  const refused = accessRefusal(e);
  if (e instanceof ConfigError) process.stderr.write(`cpcase worker: configuration: ${e.message}\n`);
  else if (e instanceof KeyError) process.stderr.write(`cpcase worker: encryption keys: ${e.message}\n`);
  else if (e instanceof WorkerIdentityError) process.stderr.write(`cpcase worker: identity: ${e.message}\n`);
  // A worker whose credential may not run tasks stops, saying so, rather than retrying for ever.
  else if (refused)
    process.stderr.write(`cpcase worker: refused by the Temporal server: ${refused.reason}\n`);
  else process.stderr.write(`cpcase worker: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
