// A worker's sign of life for a container healthcheck: a file under the data folder touched while it runs. A
// worker that has stopped polling (crashed, wedged) stops touching it, and `health.ts` reports it unhealthy.
import fs from 'fs';
import path from 'path';

export const HEARTBEAT_FILE = 'worker-heartbeat';
export const HEARTBEAT_EVERY_MS = 15_000;
/** Older than this, the worker is taken to be down: four missed beats. */
export const HEARTBEAT_STALE_MS = 4 * HEARTBEAT_EVERY_MS;

export function startHeartbeat(dataDir: string, isRunning: () => boolean): () => void {
  const file = path.join(dataDir, HEARTBEAT_FILE);
  const beat = () => {
    if (isRunning()) fs.writeFileSync(file, new Date().toISOString() + '\n');
  };
  beat();
  const timer = setInterval(beat, HEARTBEAT_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** 'healthy', or why not: no heartbeat, or one too old. */
export function heartbeatHealth(dataDir: string, now = Date.now()): string {
  try {
    const age = now - fs.statSync(path.join(dataDir, HEARTBEAT_FILE)).mtimeMs;
    return age <= HEARTBEAT_STALE_MS ? 'healthy' : `no heartbeat for ${Math.round(age / 1000)} s`;
  } catch {
    return 'no heartbeat yet';
  }
}
