#!/usr/bin/env node
'use strict';
// CommonJS on purpose (bin/package.json): the bundled CLI starts without the ES module loader.
// Node >= 22.1 keeps compiled code between runs; older versions lack the call.
require('node:module').enableCompileCache?.();
const { main } = require('../dist/cli-bundle/main.cjs');

main(process.argv.slice(2)).then((status) => {
  process.exitCode = status;
});
