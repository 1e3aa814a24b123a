#!/usr/bin/env node
// Provisions an independent implementation of the DfE's CIN census validation rules (Social Finance's
// csc-validator-be-cin, from PyPI) into ~/.cache/cpcase/cin-validator, outside the clone, so the census tests can
// hold `cpcase export cin-census` to rules written by someone else. Pinned in tool-versions.json (numpy below 2:
// the validator's pandas 1.5 was built against it; pytest: its module imports it). Prints the venv's python.
// Without Python or PyPI a developer's tests run cpcase's own checks only (said in their names); CI needs it.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const { packages } = require('./tool-versions.json')['cin-validator'];
const dir = path.join(
  process.env.CPCASE_CACHE_DIR || path.join(os.homedir(), '.cache', 'cpcase'),
  'cin-validator',
);
const python = path.join(dir, 'bin', 'python');
const stamp = path.join(dir, 'installed.json');

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) {
    process.stderr.write(
      `[cin-validator] could not install the DfE rules' validator: ${cmd} ${args.join(' ')}\n`,
    );
    fs.rmSync(dir, { recursive: true, force: true });
    process.exit(process.env.CI === 'true' ? 1 : 0);
  }
}

const wanted = JSON.stringify(packages);
if (!(fs.existsSync(python) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === wanted)) {
  fs.rmSync(dir, { recursive: true, force: true });
  run('python3', ['-m', 'venv', dir]);
  run(path.join(dir, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', ...packages]);
  fs.writeFileSync(stamp, wanted);
}
process.stderr.write(`[cin-validator] ${python}\n`);
