#!/usr/bin/env node
'use strict';
require('../dist/src/client/cli/main.js')
  .main(process.argv)
  .then((code) => process.exit(code))
  .catch((e) => {
    process.stderr.write(`cpcase: unexpected error: ${e && e.stack ? e.stack : e}\n`);
    process.exit(1);
  });
