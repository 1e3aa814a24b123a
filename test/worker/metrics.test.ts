// A worker told to serve its metrics where something else already listens stops at once, naming the variable,
// before it connects to anything (the built worker, as `npm run worker` runs it).
import { execFile } from 'child_process';
import net from 'net';
import path from 'path';

const WORKER = path.join(__dirname, '..', '..', 'dist', 'src', 'worker', 'main.js');

test('the metrics port taken: one line naming CPCASE_METRICS_ADDRESS, exit 1', async () => {
  const taken = net.createServer();
  await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
  const port = (taken.address() as net.AddressInfo).port;
  try {
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        [WORKER],
        // Nothing listens at this Temporal address: the worker must stop before it would try it.
        {
          env: {
            ...process.env,
            CPCASE_METRICS_ADDRESS: `127.0.0.1:${port}`,
            TEMPORAL_ADDRESS: '127.0.0.1:1',
          },
        },
        (_e, _out, stderr) => resolve({ code: child.exitCode, stderr }),
      );
    });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(
      new RegExp(
        `^cpcase worker: configuration: CPCASE_METRICS_ADDRESS='127.0.0.1:${port}': .*Address already in use`,
      ),
    );
  } finally {
    taken.close();
  }
});
