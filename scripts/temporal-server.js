#!/usr/bin/env node
// Provisions the full Temporal server for the production-like stack (`npm run stack`): `cpcase-server`, Temporal's
// server (go.temporal.io/server at the version pinned in tool-versions.json and server/go.mod) with cpcase's
// identity and access control built in (server/), and Temporal's SQL schema tool (cmd/tools/sql), with the Go
// toolchain that version needs (fetched by `go` from the Go module proxy). Built into
// ~/.cache/cpcase/temporal-server/<version> (outside any clone; about 5 minutes on 2 cores the first time,
// nothing after); cpcase-server again, in a minute or two from Go's build cache, whenever server/ changes (its
// sources' hash is kept beside it). The module's PostgreSQL schema is copied beside the binaries.
// Prints the folder on stdout; `--check` only says whether it is there (exit 1 if not).
//
// Beside `cpcase-server`, `cpcase-server-clock`: the same source built against a copy of the toolchain whose
// time.Now() adds CPCASE_SERVER_CLOCK_OFFSET_SECONDS (0 when unset), so a rehearsal can run the server as if it
// were, say, 08:55 on a Monday: reminders go only at the send time on a working day, and a real-time burst of them
// could not otherwise be seen on a weekend. libfaketime cannot do this: Go reads the clock through the vDSO, not
// libc. Only the stack's rehearsals (CPCASE_STACK_CLOCK_AT) run it.
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
const serverSource = path.join(__dirname, '..', 'server');

/** What the cpcase server is built from: its Go sources and module files (tests excluded). */
function sourceHash() {
  const h = require('crypto').createHash('sha256');
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/^(go\.mod|go\.sum)$|(?<!_test)\.go$/.test(e.name))
        h.update(`${path.relative(serverSource, p)}\0`).update(fs.readFileSync(p));
    }
  };
  walk(serverSource);
  return h.digest('hex').slice(0, 16);
}

const built = (binary) =>
  fs.existsSync(path.join(dir, binary)) &&
  fs.existsSync(path.join(dir, `${binary}.source`)) &&
  fs.readFileSync(path.join(dir, `${binary}.source`), 'utf8').trim() === sourceHash();

const ready = () =>
  built('cpcase-server') &&
  built('cpcase-server-clock') &&
  ['sql', 'schema/postgresql/v12/temporal/versioned'].every((p) => fs.existsSync(path.join(dir, p)));

function log(msg) {
  process.stderr.write(`[temporal-server] ${msg}\n`);
}

function go(args, env, goBinary = 'go') {
  const r = spawnSync(goBinary, args, {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.error) throw new Error(`go ${args.join(' ')}: ${r.error.message} (is Go installed?)`);
  if (r.status !== 0) throw new Error(`go ${args.join(' ')} failed (exit ${r.status})`);
  return r.stdout.trim();
}

// The one line the clock-settable build adds to time.Now(), after the line it follows; and the variable it reads.
const NOW_FIRST_LINE = '\tsec, nsec, mono := runtimeNow()\n';
const OFFSET_LINE = '\tsec += cpcaseClockOffsetSeconds\n';
const OFFSET_FILE = `// Added by cpcase's scripts/temporal-server.js for the server-clock build only.
package time

import "syscall"

// Seconds added to every reading of the wall clock: CPCASE_SERVER_CLOCK_OFFSET_SECONDS, an integer, else 0.
var cpcaseClockOffsetSeconds = func() int64 {
	v, _ := syscall.Getenv("CPCASE_SERVER_CLOCK_OFFSET_SECONDS")
	neg := len(v) > 0 && v[0] == '-'
	if neg {
		v = v[1:]
	}
	var n int64
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		return -n
	}
	return n
}()
`;

/** Removes a tree copied from the module cache, whose folders are read-only. */
function removeTree(p) {
  if (!fs.existsSync(p)) return;
  spawnSync('chmod', ['-R', 'u+w', p]);
  fs.rmSync(p, { recursive: true, force: true });
}

/** A copy of the toolchain (read-only in the module cache) with time.Now() reading the offset. */
function clockToolchain(goroot, into) {
  removeTree(into);
  fs.cpSync(goroot, into, { recursive: true });
  spawnSync('chmod', ['-R', 'u+w', path.join(into, 'src', 'time')]);
  const timeGo = path.join(into, 'src', 'time', 'time.go');
  const text = fs.readFileSync(timeGo, 'utf8');
  const at = `func Now() Time {\n${NOW_FIRST_LINE}`;
  if (text.split(at).length !== 2)
    throw new Error(`${timeGo}: time.Now() is not as expected; cannot add the offset`);
  fs.writeFileSync(timeGo, text.replace(at, at + OFFSET_LINE));
  fs.writeFileSync(path.join(path.dirname(timeGo), 'cpcase_clock_offset.go'), OFFSET_FILE);
  return path.join(into, 'bin', 'go');
}

/** Builds the cpcase server from server/ with the given go binary into dir/name, and notes what it was built from. */
function buildCpcaseServer(name, env, goBinary) {
  const hash = sourceHash();
  const out = path.join(dir, `${name}.building`);
  const r = spawnSync(goBinary, ['build', '-o', out, '.'], {
    cwd: serverSource,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.error) throw new Error(`go build: ${r.error.message} (is Go installed?)`);
  if (r.status !== 0) throw new Error(`go build of server/ failed (exit ${r.status})`);
  fs.renameSync(out, path.join(dir, name));
  fs.writeFileSync(path.join(dir, `${name}.source`), hash + '\n');
}

function build() {
  const env = { GOTOOLCHAIN: pin.goToolchain, GOBIN: dir, GOFLAGS: '-mod=mod' };
  fs.mkdirSync(dir, { recursive: true });
  const started = Date.now();
  if (!fs.existsSync(path.join(dir, 'sql'))) {
    log(
      `building ${pin.module}/cmd/tools/sql@${pin.version} with ${pin.goToolchain} (once; cached in ${dir})`,
    );
    go(['install', `${pin.module}/cmd/tools/sql@${pin.version}`], env);
  }
  if (!built('cpcase-server')) {
    log(`building cpcase-server (server/, ${pin.module}@${pin.version}) with ${pin.goToolchain}`);
    buildCpcaseServer('cpcase-server', env, 'go');
  }
  if (!built('cpcase-server-clock')) {
    log(
      'building cpcase-server-clock (the same server, its clock set by CPCASE_SERVER_CLOCK_OFFSET_SECONDS)',
    );
    const copy = path.join(dir, 'toolchain-clock');
    const clockGo = clockToolchain(go(['env', 'GOROOT'], env), copy);
    try {
      buildCpcaseServer('cpcase-server-clock', { ...env, GOTOOLCHAIN: 'local' }, clockGo);
    } finally {
      removeTree(copy); // 250 MB; Go's build cache keeps what it compiled
    }
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
