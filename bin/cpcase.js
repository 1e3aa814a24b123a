#!/usr/bin/env node
'use strict';
// Failures that are not the user's input (a bug, a storage fault) are said in one line; `--debug` shows where.
require('../dist/src/client/cli/main.js')
  .main(process.argv)
  .then((code) => process.exit(code))
  .catch((e) => {
    const debug = process.argv.includes('--debug');
    const message = e && e.message ? e.message.split('\n')[0] : String(e);
    process.stderr.write(
      debug && e && e.stack
        ? `cpcase: unexpected error: ${e.stack}\n`
        : `cpcase: unexpected error: ${message} (run again with --debug to see where)\n`,
    );
    process.exit(1);
  });
