#!/usr/bin/env node
// Writes dist/topoform.js.cache: V8's code cache of the CLI bundle, taken after a `validate` of the shipped
// example so it holds the functions validate compiles lazily, not only the top level. bin/topoform.js uses it.
'use strict';
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const Module = require('node:module');
const vm = require('node:vm');

const root = join(__dirname, '..');
const file = join(root, 'dist/topoform.js');
const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file });
const m = new Module(file, module);
m.filename = file;
m.paths = Module._nodeModulePaths(dirname(file));
script.runInThisContext().call(m.exports, m.exports, Module.createRequire(file), m, file, dirname(file));
const write = process.stdout.write;
process.stdout.write = () => true;
const status = m.exports.main(['validate', join(root, 'examples/active-passive/topology.yaml')]);
process.stdout.write = write;
if (status !== 0) throw new Error(`validate of the example exited ${status} while making the code cache`);
// Written beside, then renamed: a concurrent run of the CLI never reads half a cache.
writeFileSync(`${file}.cache.${process.pid}`, script.createCachedData());
renameSync(`${file}.cache.${process.pid}`, `${file}.cache`);
