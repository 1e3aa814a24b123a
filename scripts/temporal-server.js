#!/usr/bin/env node
// Provisions the full Temporal server for the production-like stack (`npm run stack`): the server and its SQL
// schema tool, built from the Go module (go.temporal.io/server, cmd/server and cmd/tools/sql) at the version
// pinned in tool-versions.json, with the Go toolchain that version needs (fetched by `go` from the Go module
// proxy). Built once into ~/.cache/cpcase/temporal-server/<version> (outside any clone; about 23 minutes on 2
// cores the first time, server-clock's 2 to 3 of them, nothing after), with the module's PostgreSQL schema copied beside the binaries.
// Prints the folder on stdout; `--check` only says whether it is there (exit 1 if not).
//
// Beside `server`, `server-clock`: the same source built against a copy of the toolchain whose time.Now() adds
// CPCASE_SERVER_CLOCK_OFFSET_SECONDS (0 when unset), so a rehearsal can run the server as if it were, say, 08:55
// on a Monday: reminders go only at the send time on a working day, and a real-time burst of them could not
// otherwise be seen on a weekend. libfaketime cannot do this: Go reads the clock through the vDSO, not libc.
// Only the stack's rehearsals (CPCASE_STACK_CLOCK_AT) run it; `npm run stack` runs the upstream `server`.
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
  ['server', 'server-clock', 'sql', 'schema/postgresql/v12/temporal/versioned'].every((p) =>
    fs.existsSync(path.join(dir, p)),
  );

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

function build() {
  const env = { GOTOOLCHAIN: pin.goToolchain, GOBIN: dir, GOFLAGS: '-mod=mod' };
  fs.mkdirSync(dir, { recursive: true });
  const started = Date.now();
  for (const [cmd, binary] of [
    ['cmd/tools/sql', 'sql'],
    ['cmd/server', 'server'],
  ]) {
    if (fs.existsSync(path.join(dir, binary))) continue;
    log(`building ${pin.module}/${cmd}@${pin.version} with ${pin.goToolchain} (once; cached in ${dir})`);
    go(['install', `${pin.module}/${cmd}@${pin.version}`], env);
  }
  if (!fs.existsSync(path.join(dir, 'server-clock'))) {
    log('building server-clock (the same server, its clock set by CPCASE_SERVER_CLOCK_OFFSET_SECONDS)');
    const copy = path.join(dir, 'toolchain-clock');
    const clockGo = clockToolchain(go(['env', 'GOROOT'], env), copy);
    const bin = path.join(dir, 'clock-bin');
    const clockEnv = { ...env, GOTOOLCHAIN: 'local', GOBIN: bin };
    go(['install', `${pin.module}/cmd/server@${pin.version}`], clockEnv, clockGo);
    fs.renameSync(path.join(bin, 'server'), path.join(dir, 'server-clock'));
    removeTree(bin);
    removeTree(copy); // 250 MB; Go's build cache keeps what it compiled
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
