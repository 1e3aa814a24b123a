// The image's HEALTHCHECK: exit 0 while the worker's heartbeat is fresh, 1 (with the reason) when it is not.
import { heartbeatHealth } from './heartbeat';

const health = heartbeatHealth(process.env.CPCASE_DATA_DIR ?? './data');
if (health !== 'healthy') {
  process.stderr.write(`cpcase worker: ${health}\n`);
  process.exit(1);
}
