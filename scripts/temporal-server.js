#!/usr/bin/env node
// Provisions the full Temporal server for the production-like stack (`npm run stack`): the server and its SQL
// schema tool, built from the Go module (go.temporal.io/server, cmd/server and cmd/tools/sql) at the version
// pinned in tool-versions.json, with the Go toolchain that version needs (fetched by `go` from the Go module
// proxy). Built once into ~/.cache/cpcase/temporal-server/<version> (outside any clone; about 20 minutes on 2
// cores the first time, nothing after), with the module's PostgreSQL schema copied beside the binaries.
// Prints the folder on stdout; `--check` only says whether it is there (exit 1 if not).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const pin = require('./tool-versions.json')['temporal-server'];
const dir = path.join(
  process.env.CPCASE_CACHE_DIR || path.join(os.homedir(), '.cache', 'cpcase'),
  'temporal-server',
  pin.version,
);
const ready = () =>
  ['server', 'sql', 'schema/postgresql/v12/temporal/versioned'].every((p) =>
    fs.existsSync(path.join(dir, p)),
  );

function log(msg) {
  process.stderr.write(`[temporal-server] ${msg}\n`);
}

function go(args, env) {
  const r = spawnSync('go', args, {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.error) throw new Error(`go ${args.join(' ')}: ${r.error.message} (is Go installed?)`);
  if (r.status !== 0) throw new Error(`go ${args.join(' ')} failed (exit ${r.status})`);
  return r.stdout.trim();
}

function build() {
  const env = { GOTOOLCHAIN: pin.goToolchain, GOBIN: dir, GOFLAGS: '-mod=mod' };
  fs.mkdirSync(dir, { recursive: true });
  const started = Date.now();
  for (const cmd of ['cmd/tools/sql', 'cmd/server']) {
    log(`building ${pin.module}/${cmd}@${pin.version} with ${pin.goToolchain} (once; cached in ${dir})`);
    go(['install', `${pin.module}/${cmd}@${pin.version}`], env);
  }
  const modDir = path.join(go(['env', 'GOMODCACHE'], env), `${pin.module}@${pin.version}`);
  fs.cpSync(path.join(modDir, 'schema', 'postgresql'), path.join(dir, 'schema', 'postgresql'), {
    recursive: true,
  });
  log(`built in ${Math.round((Date.now() - started) / 1000)} s`);
}

if (!ready()) {
  if (process.argv.includes('--check')) {
    log(`not built yet: run node scripts/temporal-server.js (${dir})`);
    process.exit(1);
  }
  try {
    build();
  } catch (e) {
    log(e.message);
    process.exit(1);
  }
}
process.stdout.write(dir + '\n');
