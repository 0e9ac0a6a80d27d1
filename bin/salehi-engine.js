#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI itself is compiled TypeScript in dist/.
require('../dist/engine/src/main.js').runCli(process.argv.slice(2));
