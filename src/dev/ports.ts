// Ports on this machine: one nobody is using, and waiting until a process listens on one. For the dev server,
// the stack, the benchmark and the tests that start servers of their own.
import net from 'net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
    s.on('error', reject);
  });
}

/** Resolves once something accepts connections on `port` (127.0.0.1); rejects after `within` ms. */
export function waitForPort(port: number, what: string, within = 120_000): Promise<void> {
  const until = Date.now() + within;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.end();
        resolve();
      });
      sock.once('error', () => {
        sock.destroy();
        if (Date.now() > until) reject(new Error(`${what} did not start listening on port ${port}`));
        else setTimeout(attempt, 250);
      });
    };
    attempt();
  });
}
