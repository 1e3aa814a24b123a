// A throwaway PostgreSQL server for a test file, from the Debian packages `.ci/run` installs: initdb into a
// temporary folder, started with pg_ctl on a free port, trust auth on 127.0.0.1 only. Postgres refuses to run as
// root, so as root it runs as the `postgres` user. Without PostgreSQL installed the tests using it are skipped,
// except under CI=true where that is a failure.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { localPostgres, postgresBinDir } from '../../src/dev/postgres';
import { freePort } from '../../src/dev/ports';

export interface TestPostgres {
  url: string;
  stop(): void;
}

export const postgresAvailable = () => postgresBinDir() !== undefined;

export async function startPostgres(): Promise<TestPostgres> {
  const pg = localPostgres(fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-pg-')), await freePort(), false);
  pg.start();
  return { url: pg.url(), stop: () => pg.stop() };
}
