// A PostgreSQL server from the machine's Debian packages, in a folder of our own: initdb once, pg_ctl to start and
// stop. Used by the production-like stack (`npm run stack`) and by tests. PostgreSQL refuses to run as root, so
// as root it runs as the `postgres` user.
import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';

export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs.readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const v of versions)
    if (fs.existsSync(path.join(root, v, 'bin', 'initdb'))) return path.join(root, v, 'bin');
  return undefined;
}

/** The postgres system user's ids, from /etc/passwd. */
function postgresUser(): { uid: number; gid: number } {
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined)
    throw new Error('no postgres user (Debian: apt-get install postgresql)');
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * PostgreSQL runs as its own user, which must be able to pass through every folder above its own. A folder we
 * made for the stack is opened to it (search only, never listing); one of the person's own that it cannot pass
 * is refused in one line naming it, before anything starts.
 */
export function reachableBy(folder: string, uid: number): void {
  for (let d = folder; ; d = path.dirname(d)) {
    const st = fs.statSync(d);
    const passable = st.uid === uid || (st.mode & 0o001) !== 0;
    if (!passable)
      throw new Error(
        `PostgreSQL runs as the postgres user, which cannot pass through ${d} (mode ${(st.mode & 0o777).toString(8)}): ` +
          `run \`chmod o+x ${d}\`, or choose a folder it can reach (CPCASE_STACK_DIR)`,
      );
    if (d === path.dirname(d)) return;
  }
}

export interface LocalPostgres {
  /** A URL for the superuser (postgres, trusted on 127.0.0.1), or for another user and database. */
  url(database?: string, user?: string, password?: string): string;
  start(): void;
  /** Whether the server answers (pg_ctl status). */
  running(): boolean;
  /**
   * 'immediate' stops as a crash would: no shutdown checkpoint, recovery on the next start. `wait: false` returns
   * at once (a supervisor may be starting it again meanwhile, which a waiting stop would take for a hang).
   */
  stop(mode?: 'fast' | 'immediate', wait?: boolean): void;
  /** The running server's process id, from its pid file. */
  pid(): number | undefined;
}

/**
 * The server in `dir` (made with initdb the first time) on `port`, local connections trusted. `durable: false`
 * turns fsync off: for throwaway test databases only.
 */
export function localPostgres(dir: string, port: number, durable = true): LocalPostgres {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL is not installed (Debian: apt-get install postgresql)');
  const asRoot = process.getuid?.() === 0;
  // As root, run as the postgres user directly (uid/gid), not through runuser/su, which manage sessions and
  // signals of their own around the command.
  const user = asRoot ? postgresUser() : undefined;
  const run = (cmd: string, args: string[]) =>
    execFileSync(path.join(bin, cmd), args, { stdio: 'pipe', ...(user ?? {}) });
  const data = path.join(dir, 'data');
  if (!fs.existsSync(path.join(data, 'PG_VERSION'))) {
    fs.mkdirSync(dir, { recursive: true });
    if (user) reachableBy(path.dirname(path.resolve(dir)), user.uid);
    if (user) fs.chownSync(dir, user.uid, user.gid);
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', ...(durable ? [] : ['--no-sync'])]);
  }
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${durable ? '' : ' -c fsync=off'}`;
  return {
    url: (database = 'postgres', user = 'postgres', password) =>
      `postgres://${user}${password ? `:${password}` : ''}@127.0.0.1:${port}/${database}`,
    start: () => void run('pg_ctl', ['-D', data, '-w', '-l', path.join(dir, 'log'), '-o', options, 'start']),
    running: () => {
      try {
        run('pg_ctl', ['-D', data, 'status']);
        return true;
      } catch {
        return false;
      }
    },
    stop: (mode = 'fast', wait = true) =>
      void run('pg_ctl', ['-D', data, wait ? '-w' : '-W', '-m', mode, 'stop']),
    pid: () => {
      const file = path.join(data, 'postmaster.pid');
      return fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8').split('\n')[0]) : undefined;
    },
  };
}
