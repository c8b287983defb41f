#!/usr/bin/env node
// Loads the CLI bundle with V8's code cache (dist/topoform.js.cache, made by the build): validate then skips
// parsing and compiling most of the bundle. A cache from another Node or V8 is rejected by V8 itself, and a
// missing one is no error: the bundle is then compiled as usual.
'use strict';
const { readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const Module = require('node:module');
const vm = require('node:vm');

function load(file) {
  let cachedData;
  try {
    cachedData = readFileSync(`${file}.cache`);
  } catch {
    return require(file);
  }
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
  const m = new Module(file, module);
  m.filename = file;
  m.paths = Module._nodeModulePaths(dirname(file));
  Module._cache[file] = m; // as require() would: one instance, visible in require.cache
  script.runInThisContext().call(m.exports, m.exports, Module.createRequire(file), m, file, dirname(file));
  m.loaded = true;
  return m.exports;
}

process.exitCode = load(join(__dirname, '../dist/topoform.js')).main();
