#!/usr/bin/env node
// Loads the CLI bundle with V8's code cache (dist/topoform.js.cache, made by the build): validate then skips
// parsing and compiling most of the bundle. A cache from another Node or V8 is rejected by V8 itself, and a
// missing one is no error: the bundle is then compiled as usual.
'use strict';
const { existsSync, readFileSync } = require('node:fs');
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

/**
 * dist/ is built, not committed: by `npm pack` and `npm publish` (prepack), and by vitest's global setup. In a checkout
 * of the repository (its scripts/build.js beside us) a missing dist/ is built here, once, on the first run: so
 * `npm ci && npx topoform …` works without an install script, which the published package does not have (an installed
 * package never builds anything: it ships dist/ and no source).
 */
function ensureBuilt(bundle) {
  if (existsSync(bundle)) return;
  const build = join(__dirname, '../scripts/build.js');
  if (!existsSync(build)) {
    process.stderr.write(`topoform: ${bundle} is missing from this installation; install the package again\n`);
    process.exit(2);
  }
  process.stderr.write('topoform: building dist/ from the source (the first run in this checkout)\n');
  const r = require('node:child_process').spawnSync(process.execPath, [build], { stdio: ['ignore', 2, 2] });
  if (r.status !== 0) process.exit(2);
}

const bundle = join(__dirname, '../dist/topoform.js');
ensureBuilt(bundle);
process.exitCode = load(bundle).main();
