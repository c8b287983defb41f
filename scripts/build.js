#!/usr/bin/env node
// `npm run build`: the precompiled schema validator, then the CLI bundled by esbuild into two files with no runtime
// dependencies:
//   dist/topoform.js        the CLI and everything `validate` needs (yaml, the validator, the rules): small, parsed fast
//   dist/topoform-synth.js  what src/compile.ts `require`s lazily inside synth (cdktf, constructs, the provider
//                           classes, handlebars), loaded only by `synth`
//   dist/topoform-docs.js   src/docs (the runbook and Handlebars), `require`d lazily by `docs`; never cdktf
// plus dist/THIRD-PARTY-NOTICES.txt, the licenses of the bundled packages.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const SYNTH_FILE = 'topoform-synth.js';
const DOCS_FILE = 'topoform-docs.js';
/** Our own modules of `topoform docs`: a lazy require() of one of them goes to the docs chunk. */
const DOCS_LAYER = /^src[\\/]docs[\\/]/;
/** Our own modules that load cdktf: a lazy require() of one of them, from anywhere, goes to the synth chunk. */
const SYNTH_LAYER = /^src[\\/](stacks[\\/]|emit[\\/]synth\.ts$)/;
/** The module whose lazy require() calls of our own code start the synth chunk. */
const LAZY_IMPORTER = path.join(root, 'src/compile.ts');
/** Packages that must never be in dist/topoform.js: `validate` must not parse, let alone run, them. */
const SYNTH_ONLY = /node_modules[\\/](cdktf|constructs|@cdktf|handlebars|source-map|ajv[\\/]dist[\\/](compile|core|ajv|2020)|ajv-formats[\\/]dist[\\/]index)/;

require('./build-validator.js'); // writes generated/schema-validator.js, which the bundle inlines

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Handlebars' main entry (lib/index.js) uses require.extensions; its CommonJS dist build does not.
  alias: { handlebars: 'handlebars/dist/cjs/handlebars.js' },
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: false,
  legalComments: 'none', // collected into THIRD-PARTY-NOTICES.txt instead
  metafile: true,
  logLevel: 'silent',
};

/** dist/topoform.js: the lazy require()s of src/compile.ts become lookups in the synth chunk. */
function lazySynthChunk(lazy, lazyDocs) {
  return {
    name: 'lazy-synth-chunk',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, async (args) => {
        if (args.kind !== 'require-call' || args.path.endsWith('.json') || args.pluginData?.inner) return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { inner: true } });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        if (DOCS_LAYER.test(path.relative(root, resolved.path))) {
          const key = path.relative(root, resolved.path).split(path.sep).join('/');
          lazyDocs.set(key, resolved.path);
          return { path: key, namespace: 'docs-chunk' };
        }
        // compile.ts's lazy requires, and any lazy require of the cdktf layer (a store kind's or routing feature's
        // builder loader), are looked up in the synth chunk.
        if (args.importer !== LAZY_IMPORTER && !SYNTH_LAYER.test(path.relative(root, resolved.path))) return undefined;
        const key = path.relative(root, resolved.path).split(path.sep).join('/');
        lazy.set(key, resolved.path);
        return { path: key, namespace: 'synth-chunk' };
      });
      build.onLoad({ filter: /.*/, namespace: 'synth-chunk' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(`./${SYNTH_FILE}`)})[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
      build.onLoad({ filter: /.*/, namespace: 'docs-chunk' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(`./${DOCS_FILE}`)})[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
      build.onResolve({ filter: new RegExp(`^\\./${SYNTH_FILE.replace('.', '\\.')}$`) }, (args) => ({ path: args.path, external: true }));
      build.onResolve({ filter: new RegExp(`^\\./${DOCS_FILE.replace('.', '\\.')}$`) }, (args) => ({ path: args.path, external: true }));
    },
  };
}

/** Handlebars only uses source-map for source maps of compiled templates, and has a fallback without it. */
const noSourceMap = {
  name: 'no-source-map',
  setup(build) {
    build.onResolve({ filter: /^source-map$/ }, () => ({ path: 'source-map', namespace: 'empty' }));
    build.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

/**
 * cdktf requires archiver (and through it readable-stream, glob, ...: a third of the synth chunk) at load time,
 * only to zip TerraformAsset folders, which topoform never creates. Left out: ~20 ms less per synth, 0.5 MB less to parse.
 */
const noArchiver = {
  name: 'no-archiver',
  setup(build) {
    build.onResolve({ filter: /^archiver$/ }, (args) =>
      /node_modules[\\/]cdktf[\\/]lib[\\/]private[\\/]fs\.js$/.test(args.importer) ? { path: 'archiver', namespace: 'no-archiver' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'no-archiver' }, () => ({
      contents: 'module.exports = () => { throw new Error("topoform bundles cdktf without archiver: TerraformAsset archives are not supported"); };',
      loader: 'js',
    }));
  },
};

/**
 * cdktf captures a full stack trace (Error.stackTraceLimit = MAX_SAFE_INTEGER) for every token it creates, only to
 * say where a token came from if resolving it fails: ~35 ms of a 20-region synth. Kept with TOPOFORM_DEBUG=1.
 */
const tokenStacksOnlyWhenDebugging = {
  name: 'token-stacks-only-when-debugging',
  setup(build) {
    build.onLoad({ filter: /node_modules[\\/]cdktf[\\/]lib[\\/]tokens[\\/]private[\\/]stack-trace\.js$/ }, async (args) => {
      const original = await fs.promises.readFile(args.path, 'utf8');
      if (!/^exports\.captureStackTrace = captureStackTrace;$/m.test(original)) fail(`${args.path} changed: review the token-stacks patch`);
      const patched = original.replace(
        /^exports\.captureStackTrace = captureStackTrace;$/m,
        'exports.captureStackTrace = (below) => (process.env.TOPOFORM_DEBUG === "1" ? captureStackTrace(below || exports.captureStackTrace) : []);',
      );
      return { contents: patched, loader: 'js' };
    });
  },
};

/** Folder of each bundled package -> its name. */
function packagesOf(metafile) {
  const out = new Map();
  for (const output of Object.values(metafile.outputs)) {
    for (const input of Object.keys(output.inputs)) {
      const m = /^(.*node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+))[\\/]/.exec(input);
      if (m) out.set(path.join(root, m[1]), m[2]);
    }
  }
  return out;
}

function fail(message) {
  if (typeof stage === 'string') fs.rmSync(stage, { recursive: true, force: true });
  process.stderr.write(`build: ${message}\n`);
  process.exit(1);
}

function check(result, file) {
  const problems = [...result.errors, ...result.warnings];
  if (problems.length > 0) {
    const text = esbuild.formatMessagesSync(problems, { kind: 'warning', color: false }).join('\n');
    fail(`${file}: esbuild reported ${problems.length} problem(s), treated as errors:\n${text}`);
  }
}

/**
 * Builds into a staging folder, then renames each file into dist/: two builds at once (two test runs, an editor's
 * and a test's) never leave a half-written or deleted bundle for the other to load.
 */
const stage = fs.mkdtempSync(path.join(root, '.dist-'));

function publish() {
  fs.mkdirSync(dist, { recursive: true });
  for (const file of fs.readdirSync(stage)) fs.renameSync(path.join(stage, file), path.join(dist, file));
  fs.rmSync(stage, { recursive: true, force: true });
}

async function main() {
  const lazy = new Map();
  const lazyDocs = new Map();
  const entry = await esbuild.build({
    ...common,
    entryPoints: ['src/cli.ts'],
    outfile: path.join(stage, 'topoform.js'),
    plugins: [lazySynthChunk(lazy, lazyDocs)],
  });
  check(entry, 'dist/topoform.js');
  const leaked = Object.keys(Object.values(entry.metafile.outputs)[0].inputs).filter((i) => SYNTH_ONLY.test(i));
  if (leaked.length > 0) fail(`dist/topoform.js (the validate path) would contain synth-only code:\n  ${leaked.slice(0, 10).join('\n  ')}`);
  if (lazy.size === 0) fail(`found no lazy require() in ${path.relative(root, LAZY_IMPORTER)}: nothing would load cdktf`);

  const docsContents = [...lazyDocs]
    .map(([key, file]) => `Object.defineProperty(exports, ${JSON.stringify(key)}, { enumerable: true, get: () => require(${JSON.stringify(file)}) });`)
    .join('\n');
  const docs = await esbuild.build({
    ...common,
    stdin: { contents: docsContents || '', resolveDir: root, sourcefile: 'docs-chunk.js', loader: 'js' },
    outfile: path.join(stage, DOCS_FILE),
    // Its model code has the store kinds' and routing features' builder loaders: those stay lazy lookups in the
    // synth chunk (never called by docs), so this chunk holds no cdktf. Built before the synth chunk, which they join.
    plugins: [noSourceMap, lazySynthChunk(lazy, lazyDocs)],
  });
  check(docs, `dist/${DOCS_FILE}`);
  const docsLeaked = Object.keys(Object.values(docs.metafile.outputs)[0].inputs).filter((i) => /node_modules[\\/](cdktf|constructs|@cdktf)/.test(i));
  if (docsLeaked.length > 0) fail(`dist/${DOCS_FILE} would contain cdktf:\n  ${docsLeaked.slice(0, 10).join('\n  ')}`);

  // Getters: each module of the chunk is evaluated on first use, like the require() it stands for.
  const contents = [...lazy]
    .map(([key, file]) => `Object.defineProperty(exports, ${JSON.stringify(key)}, { enumerable: true, get: () => require(${JSON.stringify(file)}) });`)
    .join('\n');
  const synth = await esbuild.build({
    ...common,
    stdin: { contents, resolveDir: root, sourcefile: 'synth-chunk.js', loader: 'js' },
    outfile: path.join(stage, SYNTH_FILE),
    plugins: [noSourceMap, noArchiver, tokenStacksOnlyWhenDebugging],
  });
  check(synth, `dist/${SYNTH_FILE}`);

  const notices = new Map(); // name@version -> notice
  for (const [dir, name] of [...packagesOf(entry.metafile), ...packagesOf(synth.metafile), ...packagesOf(docs.metafile)]) {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const licenseFile = fs.readdirSync(dir).find((f) => /^(licen[sc]e|copying)(\.|$)/i.test(f));
    const text = licenseFile ? fs.readFileSync(path.join(dir, licenseFile), 'utf8').trim() : `License: ${pkg.license}`;
    notices.set(`${name}@${pkg.version}`, `${name}@${pkg.version} (${pkg.license})\n\n${text}\n`);
  }
  fs.writeFileSync(
    path.join(stage, 'THIRD-PARTY-NOTICES.txt'),
    `dist/topoform.js, dist/${SYNTH_FILE} and dist/${DOCS_FILE} bundle these packages. Changed at build time (scripts/build.js):\n` +
      `cdktf's lib/private/fs.js gets a stub for archiver (TerraformAsset archives are unsupported), and\n` +
      `cdktf's lib/tokens/private/stack-trace.js captures token stack traces only with TOPOFORM_DEBUG=1.\n\n${[...notices.keys()].sort().map((k) => notices.get(k)).join('\n' + '-'.repeat(72) + '\n\n')}`,
  );
}

main()
  .then(() => {
    publish();
    // A child process, so the cache reflects a clean run of the bundle, not this build's state.
    const r = require('node:child_process').spawnSync(process.execPath, [path.join(__dirname, 'code-cache.js')], { stdio: 'inherit' });
    if (r.status !== 0) fail('making dist/topoform.js.cache failed');
  })
  .catch((err) => {
    fs.rmSync(stage, { recursive: true, force: true });
    fail(err.stack || String(err));
  });
