// The command line as users and pipelines meet it: help, version, usage errors, --quiet, colour, exit codes, JSON
// output, escaping, start-up.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS, commandHelp, overview, parse, synopsis, UsageError } from '../src/usage';
import { ROOT, topoform } from './helpers/cli';
import { twoRegions } from './helpers/fixtures';
import { topologyDir } from './helpers/synth';

const minimal = twoRegions({ healthCheck: 'path: "/health?probe=${jndi}&x=%{if}"' });

const scratch = (text: string) => topologyDir(text, 'cli');

describe('cli', () => {
  it('prints help and version', () => {
    const help = topoform(['--help']);
    expect(help.status).toBe(0);
    for (const c of COMMANDS) expect(help.stdout).toContain(`\n  ${c.name}`);
    expect(help.stdout).toContain('topoform help COMMAND');
    expect(topoform(['help']).stdout).toBe(help.stdout);
    const version = `topoform ${(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}\n`;
    for (const args of [['--version'], ['-v'], ['version']]) {
      const r = topoform(args);
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.stdout).toBe(version);
    }
  });

  it('gives every command its own help: topoform help COMMAND, COMMAND --help and COMMAND -h alike', () => {
    for (const c of COMMANDS) {
      const help = commandHelp(c.name);
      expect(help.startsWith(`Usage: ${synopsis(c.name)}\n`), c.name).toBe(true);
      for (const o of c.options) expect(help, `${c.name} ${o.flag}`).toContain(`\n  ${o.flag === '--quiet' ? '-q, --quiet' : o.flag}`);
      expect(help).toContain('\n  -h, --help ');
    }
    for (const args of [['help', 'pipeline'], ['pipeline', '--help'], ['pipeline', '-h'], ['pipeline', 'x.yaml', '--frob', '--help']]) {
      const r = topoform(args);
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.stdout).toBe(commandHelp('pipeline'));
    }
    // The help of synth, as a person reads it.
    const synth = topoform(['synth', 'examples/active-passive/topology.yaml', '--help']).stdout;
    expect(synth).toContain('Usage: topoform synth FILE [--out DIR] [--force] [--allow-destroy NAME]... [--format text|json] [-q]\n');
    expect(synth).toMatch(/\n  --out DIR +the output folder \(default: \$CDKTF_OUTDIR, else cdktf\.out\)\n/);
    expect(synth).toContain('Exit codes: 0 written');
  });

  it('the parser accepts every option a command\'s help lists, and refuses every other', () => {
    const flags = [...new Set(COMMANDS.flatMap((c) => c.options.map((o) => o.flag)))];
    for (const c of COMMANDS) {
      const args = c.args.filter((a) => !('optional' in a)).map((a) => (a.name === 'REGION' ? 'us-west-2' : 'topology.yaml'));
      const oneOf: readonly string[] = 'oneOf' in c ? c.oneOf : [];
      const required = oneOf.length > 0 ? [oneOf[0]!] : [];
      for (const o of c.options) {
        const value = 'values' in o ? [o.values[o.values.length - 1]!] : 'value' in o ? ['x'] : [];
        expect(() => parse([c.name, ...args, ...(oneOf.includes(o.flag) ? [] : required), o.flag, ...value]), `${c.name} ${o.flag}`).not.toThrow();
      }
      for (const flag of flags.filter((f) => !c.options.some((o) => o.flag === f))) {
        expect(() => parse([c.name, ...args, ...required, flag, 'x']), `${c.name} ${flag}`).toThrow(`${c.name} takes no ${flag}: ${flag} belongs to`);
      }
    }
    expect(parse(['pipeline', 'topology.yaml', '--atlantis', '-q'])).toMatchObject({ kind: 'run', args: { command: 'pipeline', pipeline: 'atlantis', quiet: true } });
    expect(parse(['promote', 'us-west-2'])).toMatchObject({ kind: 'run', args: { command: 'promote', second: 'us-west-2', file: 'topology.yaml' } });
    expect(parse(['diff', 'a.yaml', 'b.yaml', '--allow-destroy', 'orders, us-east-1', '--allow-destroy=sessions'])).toMatchObject({ args: { allowDestroy: ['orders', 'us-east-1', 'sessions'] } });
    expect(parse(['graph', 'topology.yaml', '--format=dot'])).toMatchObject({ args: { diagram: 'dot', format: 'text' } });
  });

  it('the README lists every command with the usage its help prints', () => {
    const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n');
    for (const c of COMMANDS) expect(lines.some((l) => l.startsWith(synopsis(c.name)) && /^( +#.*)?$/.test(l.slice(synopsis(c.name).length))), c.name).toBe(true);
  });

  it('exits 2 on usage errors with one line and a pointer to the help, never the whole usage or a stack trace', () => {
    for (const [args, message, command] of [
      [['frobnicate', 'x.yaml'], 'unknown command frobnicate', undefined],
      [['valdate', 'x.yaml'], 'unknown command valdate (did you mean validate?)', undefined],
      [['validate'], 'validate needs the topology file', 'validate'],
      [['synth', 'a.yaml', '--out'], '--out needs a value', 'synth'],
      [['validate', 'a.yaml', '--format', 'xml'], '--format must be text or json, not xml', 'validate'],
      [['check', 'a.yaml', '--fromat', 'json'], 'unknown option --fromat (did you mean --format?)', 'check'],
      [['check', 'a.yaml', '--strict=yes'], '--strict takes no value', 'check'],
      [['diff', 'a.yaml'], 'diff needs the new topology', 'diff'],
      [['init', 'x.yaml'], 'unexpected argument x.yaml', 'init'],
      [['help', 'frobnicate'], 'unknown command frobnicate', undefined],
      [['--quiet'], 'no command given', undefined],
    ] as const) {
      let error: unknown;
      try {
        parse([...args]);
      } catch (err) {
        error = err;
      }
      expect(error, args.join(' ')).toBeInstanceOf(UsageError);
      expect(error).toMatchObject({ message, command });
    }
    // As a person sees them.
    for (const [args, text] of [
      [['validate'], 'topoform: validate needs the topology file\nSee topoform help validate for its usage and options.\n'],
      [['valdate', 'x.yaml'], 'topoform: unknown command valdate (did you mean validate?)\nSee topoform help for the commands.\n'],
    ] as const) {
      const r = topoform([...args]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toBe(text);
      expect(r.stdout).toBe('');
    }
    // Nothing at all: the commands, as a start, still a usage error.
    const bare = topoform([]);
    expect(bare.status).toBe(2);
    expect(bare.stderr).toBe(overview());
    expect(bare.stdout).toBe('');
  });

  it('exits 2 (a usage error) for a missing file, named without a made-up position', () => {
    const r = topoform(['validate', 'no/such/topology.yaml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('no/such/topology.yaml: error TOPO1001 cannot read the topology: no such file\n1 error, 0 warnings, 0 infos\n');
    const json = topoform(['check', 'no/such/topology.yaml', '--format', 'json']);
    expect(json.status).toBe(2);
    const report = JSON.parse(json.stdout) as { diagnostics: Record<string, unknown>[] };
    expect(report.diagnostics).toEqual([{ code: 'TOPO1001', severity: 'error', message: 'cannot read the topology: no such file', file: 'no/such/topology.yaml' }]);
  });

  it('--quiet prints only errors: no warnings, infos, counts or success lines', () => {
    const dir = scratch(twoRegions({ append: '  ttl: 30\n' })); // a warning of validate (TOPO3024)
    const loud = topoform(['validate', 'topology.yaml'], { cwd: dir });
    expect(loud.stderr).toContain('warning TOPO3024');
    for (const args of [['validate', 'topology.yaml', '--quiet'], ['check', 'topology.yaml', '-q']]) {
      const r = topoform(args, { cwd: dir });
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe('');
    }
    // An error is printed whole (source line, caret, hint), the warnings beside it and the counts are not.
    writeFileSync(join(dir, 'topology.yaml'), twoRegions({ healthCheck: 'failureThreshold: "3"', append: '  ttl: 30\n' }));
    const r = topoform(['check', 'topology.yaml', '--quiet'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      [
        'topology.yaml:12:36: error TOPO2003 routing.healthCheck.failureThreshold must be an integer, not a string',
        '   |',
        '12 |   healthCheck: { failureThreshold: "3" }',
        '   |                                    ^^^',
        '  hint: remove the quotes, as in failureThreshold: 3 (in quotes, YAML reads "3" as a string)',
        '',
      ].join('\n'),
    );
    // JSON stays whole: --quiet is about what a person reads.
    const json = JSON.parse(topoform(['validate', 'topology.yaml', '--format', 'json', '-q'], { cwd: dir }).stdout) as { errors: number };
    expect(json.errors).toBe(1);
    // init writes its file and says nothing.
    const init = topoform(['init', '--out', 'starter.yaml', '-q'], { cwd: dir });
    expect(init.status).toBe(0);
    expect(init.stdout).toBe('');
    expect(readFileSync(join(dir, 'starter.yaml'), 'utf8')).toContain('pattern: active-passive');
  });

  it('counts infos in the summary, in text and JSON', () => {
    const dir = scratch(twoRegions({ append: '  ttl: 30\n' }));
    const text = topoform(['check', 'topology.yaml'], { cwd: dir });
    const n = (severity: string) => text.stderr.split('\n').filter((l) => l.startsWith(`topology.yaml:`) && l.includes(`: ${severity} TOPO`)).length;
    const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
    expect(n('info'), 'the check of this topology has an info').toBeGreaterThan(0);
    const counts = `${plural(n('error'), 'error')}, ${plural(n('warning'), 'warning')}, ${plural(n('info'), 'info')}`;
    expect(text.stderr.endsWith(`\n${counts}\n`)).toBe(true);
    expect(text.stdout).toContain(`topology.yaml: ready (${counts}, 0 suppressed)\n`);
    const json = JSON.parse(topoform(['check', 'topology.yaml', '--format', 'json'], { cwd: dir }).stdout) as Record<string, number>;
    expect([json['errors'], json['warnings'], json['infos']]).toEqual([n('error'), n('warning'), n('info')]);
  });

  it('colours errors, warnings and the caret on a terminal; never into a pipe or with NO_COLOR', () => {
    const dir = scratch(twoRegions({ healthCheck: 'failureThreshold: "3"', append: '  ttl: 30\n' }));
    const RED = '\x1b[1;31m';
    const plain = topoform(['validate', 'topology.yaml'], { cwd: dir });
    expect(plain.stderr).toContain('error TOPO2003');
    expect(plain.stderr, 'a pipe gets no escape codes').not.toContain('\x1b');
    const forced = topoform(['validate', 'topology.yaml'], { cwd: dir, env: { FORCE_COLOR: '1' } });
    expect(forced.stderr).toContain(`${RED}error\x1b[0m TOPO2003`);
    expect(forced.stderr).toContain(`|                                    ${RED}^^^\x1b[0m\n`);
    expect(forced.stderr.replace(/\x1b\[[0-9;]*m/g, ''), 'the same text, coloured').toBe(plain.stderr);
    expect(topoform(['validate', 'topology.yaml'], { cwd: dir, env: { FORCE_COLOR: '0' } }).stderr).toBe(plain.stderr);
    expect(topoform(['validate', 'topology.yaml'], { cwd: dir, env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stderr).toBe(plain.stderr);
    // A terminal without FORCE_COLOR: stderr made a TTY before the CLI starts.
    const preload = join(dir, 'tty.js');
    writeFileSync(preload, "Object.defineProperty(process.stderr, 'isTTY', { value: true });\n");
    const tty = (env: NodeJS.ProcessEnv) =>
      spawnSync(process.execPath, ['--require', preload, join(ROOT, 'bin/topoform.js'), 'validate', 'topology.yaml'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, FORCE_COLOR: undefined, NO_COLOR: undefined, TERM: 'xterm', ...env },
      }).stderr;
    expect(tty({})).toBe(forced.stderr);
    expect(tty({ NO_COLOR: '1' })).toBe(plain.stderr);
    expect(tty({ TERM: 'dumb' })).toBe(plain.stderr);
    // Machine output never carries colour.
    expect(topoform(['validate', 'topology.yaml', '--format', 'json'], { cwd: dir, env: { FORCE_COLOR: '1' } }).stdout).not.toContain('\x1b');
  });

  it('validates the examples', () => {
    const r = topoform(['validate', 'examples/active-passive/topology.yaml']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('examples/active-passive/topology.yaml: valid (active-passive, 2 regions)\n');
  });

  it('accepts a trailing document marker with nothing after it', () => {
    const dir = scratch(minimal + '---\n');
    expect(topoform(['validate', 'topology.yaml'], { cwd: dir }).status).toBe(0);
  });

  it('prints diagnostics as JSON for CI', () => {
    const dir = scratch(minimal.replace('pattern: active-passive', 'pattern: active-pasive'));
    const r = topoform(['validate', 'topology.yaml', '--format', 'json'], { cwd: dir });
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as { valid: boolean; errors: number; diagnostics: { code: string; pointer: string; range: { line: number; column: number } }[] };
    expect(report.valid).toBe(false);
    expect(report.errors).toBe(1);
    expect(report.diagnostics[0]).toMatchObject({ code: 'TOPO2004', pointer: '/pattern', range: { line: 3, column: 10 } });
  });

  it('escapes ${ and %{ in user strings so Terraform does not evaluate them', () => {
    const dir = scratch(minimal);
    const r = topoform(['synth', 'topology.yaml'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const global = JSON.parse(readFileSync(join(dir, 'cdktf.out/stacks/global/cdk.tf.json'), 'utf8')) as {
      resource: { aws_route53_health_check: Record<string, { resource_path: string }> };
    };
    expect(global.resource.aws_route53_health_check['us-east-1']!.resource_path).toBe('/health?probe=$${jndi}&x=%%{if}');
  });

  it('summarizes synth: workspaces, resources, state locations and the apply order', () => {
    const r = topoform(['synth', 'examples/active-passive/topology.yaml', '--out', join(mkdtempSync(join(tmpdir(), 'topoform-cli-')), 'out')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1\. us-east-1 +\d+ resources +state: s3:\/\/acme-tfstate-us-east-1\/payments\/us-east-1\.tfstate \(us-east-1\)/);
    expect(r.stdout).toMatch(/2\. us-west-2 .*after us-east-1/);
    expect(r.stdout).toMatch(/3\. global .*s3:\/\/acme-tfstate-us-west-2\/payments\/global\.tfstate \(us-west-2\) +after us-east-1, us-west-2/);
    expect(r.stdout).toContain('The global workspace keeps its state in us-west-2, outside the primary region us-east-1.');
  });

  it('refuses parts of the format this version does not compile, instead of dropping them; validate warns of them', () => {
    // A network no compiled store attaches to (alarms, once the example here, are compiled now).
    const dir = scratch(minimal.replace('  - name: us-west-2\n', '  - name: us-west-2\n    network: { subnetIds: [subnet-0a1, subnet-0a2], securityGroupIds: [sg-0a3] }\n'));
    const v = topoform(['validate', 'topology.yaml'], { cwd: dir });
    expect(v.status).toBe(0);
    const message = 'regions[1].network (the subnets aurora and cache stores attach to, or a region-isolation drill cuts off) is not compiled by this version of topoform';
    expect(v.stderr).toContain(`topology.yaml:8:5: warning TOPO4001 ${message}`);
    const r = topoform(['synth', 'topology.yaml'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`topology.yaml:8:5: error TOPO4001 ${message}`);
    expect(r.stderr).toContain('hint: topoform synth refuses it; remove it to synthesize the rest');
  });

  it('compiles a topology spread over several accounts (from account or roleArn), each workspace pinned to its own', () => {
    const dir = scratch(
      minimal
        .replace('  - name: us-west-2\n', '  - name: us-west-2\n    roleArn: arn:aws:iam::222222222222:role/deploy\n')
        .replace('  - name: us-east-1\n', '  - name: us-east-1\n    account: "111111111111"\n    roleArn: arn:aws:iam::111111111111:role/deploy\n'),
    );
    const r = topoform(['synth', 'topology.yaml'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const provider = (w: string) => (JSON.parse(readFileSync(join(dir, 'cdktf.out/stacks', w, 'cdk.tf.json'), 'utf8')) as { provider: { aws: { alias?: string; allowed_account_ids?: string[] }[] } }).provider.aws;
    expect(provider('us-east-1')[0]!.allowed_account_ids).toEqual(['111111111111']);
    // An account named by the roleArn alone pins the provider too.
    expect(provider('us-west-2')[0]!.allowed_account_ids).toEqual(['222222222222']);
  });

  it('validate neither loads nor runs cdktf, the AWS provider or ajv\'s compiler', () => {
    // A preload records what only cdktf and constructs do when their code runs (they register jsii and cdktf
    // symbols as their modules load), every function compiled from a string (ajv's compiler does that), and
    // the files Node loaded. The same probe on synth shows it catches cdktf, so it would catch a validate that ran it.
    const dir = mkdtempSync(join(tmpdir(), 'topoform-probe-'));
    const preload = join(dir, 'probe.js');
    writeFileSync(
      preload,
      `const { writeFileSync } = require('node:fs');
      const symbols = new Set();
      const symbolFor = Symbol.for;
      Symbol.for = (key) => { if (/^(jsii\\.|cdktf\\/|constructs\\.)/.test(String(key))) symbols.add(String(key)); return symbolFor(key); };
      let compiled = 0;
      globalThis.Function = new Proxy(Function, { construct(t, a, n) { compiled++; return Reflect.construct(t, a, n); }, apply(t, self, a) { compiled++; return Reflect.apply(t, self, a); } });
      process.on('exit', () => writeFileSync(process.env.PROBE_OUT, JSON.stringify({ symbols: [...symbols].sort(), compiled, loaded: Object.keys(require.cache) })));`,
    );
    const probe = (name: string, args: string[]) => {
      const out = join(dir, `${name}.json`);
      const r = spawnSync(process.execPath, ['--require', preload, join(ROOT, 'bin/topoform.js'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PROBE_OUT: out } });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(readFileSync(out, 'utf8')) as { symbols: string[]; compiled: number; loaded: string[] };
    };
    const example = 'examples/active-passive/topology.yaml';

    const validate = probe('validate', ['validate', example]);
    expect(validate.symbols).toEqual([]);
    expect(validate.compiled).toBe(0);
    expect(validate.loaded.filter((f) => f !== preload).map((f) => relative(ROOT, f))).toEqual(['bin/topoform.js', 'dist/topoform.js']);

    const synth = probe('synth', ['synth', example, '--out', join(dir, 'out')]);
    expect(synth.symbols).toEqual(expect.arrayContaining(['cdktf/App', 'cdktf/TerraformStack', 'constructs.Construct', 'jsii.rtti']));
    expect(synth.loaded.map((f) => relative(ROOT, f))).toContain('dist/topoform-synth.js');
  });

  it('ships a V8 code cache that matches the bundle, so validate skips compiling it', () => {
    const probe = `const vm = require('node:vm'); const { readFileSync } = require('node:fs'); const Module = require('node:module');
      const file = 'dist/topoform.js';
      const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), { filename: require('node:path').resolve(file), cachedData: readFileSync(file + '.cache') });
      process.stdout.write(String(script.cachedDataRejected));`;
    const r = spawnSync(process.execPath, ['-e', probe], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stdout).toBe('false');
  });
});
