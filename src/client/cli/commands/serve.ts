import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import type { Command } from 'commander';
import type { Config } from '../../../config/env';
import { createWebServer } from '../../../web/app';
import { localSignIn, type LocalSignIn } from '../../../web/localSignIn';
import { intArg } from '../args';
import { getConfig } from '../context';
import { dataConverterFor } from '../../../crypto/codec';
import { loadDirectoryFile } from '../../../directory/file';
import { keepConnectionOpen } from '../temporal';
import { printLines } from '../io';
import { badInput } from '../errors';

interface Plan {
  oidc: { issuer: string; clientId: string; clientSecret?: string };
  local?: LocalSignIn;
  port: number;
}

/** The council's provider when CPCASE_OIDC_ISSUER is set; else the local sign-in over the local issuer's key. */
function signInPlan(cfg: Config, port: number | undefined): Plan {
  const url = new URL(cfg.web.url);
  const chosen = port ?? (Number(url.port) || (url.protocol === 'https:' ? 443 : 80));
  if (cfg.web.oidc) return { oidc: cfg.web.oidc, port: chosen };
  const dir = process.env.CPCASE_ISSUER_DIR ?? path.join(cfg.dataDir, 'issuer');
  const local = localSignIn(dir, cfg.web.url);
  return { oidc: { issuer: local.issuer, clientId: cfg.web.clientId }, local, port: chosen };
}

/** At least 32 bytes from CPCASE_WEB_SESSION_KEY_FILE, or a new key for this run. */
function sessionKey(cfg: Config): Buffer {
  if (!cfg.web.sessionKeyFile) return crypto.randomBytes(32);
  const key = fs.readFileSync(cfg.web.sessionKeyFile);
  if (key.length < 32)
    throw badInput(
      `CPCASE_WEB_SESSION_KEY_FILE: ${cfg.web.sessionKeyFile} holds ${key.length} bytes; it needs at least 32 (head -c 32 /dev/urandom > FILE)`,
    );
  return key;
}

export function register(cmd: Command): void {
  cmd
    .option(
      '--port <port>',
      'port to listen on (default: the port of CPCASE_WEB_URL)',
      intArg('--port', 1, 65535),
    )
    .option('--host <ip>', 'address to listen on (0.0.0.0 inside a container)', '127.0.0.1')
    .addHelpText(
      'after',
      '\nPeople reach it at CPCASE_WEB_URL (default http://localhost:8990), and emails link to its case pages unless\n' +
        "CPCASE_CASE_URL points them elsewhere. Staff sign in with the council's OpenID Connect provider\n" +
        '(CPCASE_OIDC_ISSUER, CPCASE_OIDC_CLIENT_ID, CPCASE_OIDC_CLIENT_SECRET); unset, a local sign-in with no\n' +
        'password stands in, for the dev server and tests, and every page says so. See docs/pages.md.',
    )
    .action(async (opts: { port?: number; host: string }) => {
      const cfg = getConfig();
      // What every page needs, read now: a missing key or directory is said at start, not as a broken page.
      dataConverterFor(cfg.keys);
      loadDirectoryFile(cfg.directoryFile);
      keepConnectionOpen();
      const plan = signInPlan(cfg, opts.port);
      const server = createWebServer({
        base: cfg.web.url,
        oidc: plan.oidc,
        ...(plan.local ? { local: plan.local } : {}),
        namespace: cfg.temporal.namespace,
        sessionKey: sessionKey(cfg),
        log: (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`),
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(plan.port, opts.host, () => resolve());
      });
      printLines([
        `cpcase pages at ${cfg.web.url} (listening on ${opts.host}:${plan.port}); sign-in: ` +
          (plan.local ? 'LOCAL, no password (dev and tests only)' : plan.oidc.issuer) +
          '. Ctrl-C stops it.',
      ]);
      await new Promise<void>((resolve) => {
        const stop = () => {
          server.close(() => resolve());
          server.closeAllConnections();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
