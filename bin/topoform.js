#!/usr/bin/env node
'use strict';
process.exitCode = require('../dist/topoform.js').main();
