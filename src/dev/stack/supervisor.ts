// Runs the stack's processes and keeps them running: a process that stops unexpectedly is started again after a
// second, as `restart: unless-stopped` does in docker-compose, and says so. Each writes its pid to a file, so an
// operator (or the fault tests) can find and kill one.
import { spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import path from 'path';

export interface Service {
  name: string;
  cmd: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

export class Supervisor {
  private readonly running = new Map<string, ChildProcess>();
  private stopping = false;

  constructor(private readonly dir: string) {}

  start(s: Service): void {
    const log = fs.openSync(path.join(this.dir, `${s.name}.log`), 'a');
    const child = spawn(s.cmd, s.args, { stdio: ['ignore', log, log], env: { ...process.env, ...s.env } });
    fs.closeSync(log);
    fs.writeFileSync(path.join(this.dir, `${s.name}.pid`), `${child.pid}\n`);
    this.running.set(s.name, child);
    child.on('exit', (code, signal) => {
      if (this.stopping) return;
      process.stderr.write(`${s.name} stopped (${signal ?? `exit ${code}`}); starting it again\n`);
      setTimeout(() => this.stopping || this.start(s), 1_000);
    });
  }

  /** Stops every process, the named ones first (workers before the server they talk to). */
  async stop(first: string[] = []): Promise<void> {
    this.stopping = true;
    const order = [...first, ...[...this.running.keys()].filter((n) => !first.includes(n))];
    for (const name of order) {
      const c = this.running.get(name);
      if (!c || c.exitCode !== null || c.signalCode !== null) continue;
      await new Promise<void>((resolve) => {
        c.once('exit', () => resolve());
        c.kill('SIGTERM');
        setTimeout(() => c.kill('SIGKILL'), 10_000).unref();
      });
    }
  }
}
