// The image's healthcheck: healthy while the worker beats, unhealthy (saying why) once it has stopped.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { HEARTBEAT_STALE_MS, heartbeatHealth, startHeartbeat } from '../../src/worker/heartbeat';

test('no beat yet, a fresh beat, a stale one, and no beat while the worker is not running', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-beat-'));
  expect(heartbeatHealth(dir)).toBe('no heartbeat yet');
  const stop = startHeartbeat(dir, () => true);
  stop();
  expect(heartbeatHealth(dir)).toBe('healthy');
  expect(heartbeatHealth(dir, Date.now() + HEARTBEAT_STALE_MS + 5_000)).toMatch(/^no heartbeat for \d+ s$/);
  const other = fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-beat-'));
  startHeartbeat(other, () => false)();
  expect(heartbeatHealth(other)).toBe('no heartbeat yet');
});
