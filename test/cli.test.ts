// The command line as users and pipelines meet it: help, version, exit codes, JSON output, escaping, start-up.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, topoform } from './helpers/cli';
import { twoRegions } from './helpers/fixtures';
import { topologyDir } from './helpers/synth';

const minimal = twoRegions({ healthCheck: 'path: "/health?probe=${jndi}&x=%{if}"' });

const scratch = (text: string) => topologyDir(text, 'cli');

describe('cli', () => {
  it('prints help and version', () => {
    const help = topoform(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('synth FILE [--out DIR]');
    const version = topoform(['--version']);
    expect(version.stdout).toBe(`topoform ${(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}\n`);
  });

  it('exits 2 on usage errors, with the usage and no stack trace', () => {
    for (const args of [[], ['frobnicate', 'x.yaml'], ['validate'], ['synth', 'a.yaml', '--out'], ['validate', 'a.yaml', '--format', 'xml']]) {
      const r = topoform(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('Usage: topoform');
      expect(r.stderr).not.toMatch(/\bat .+:\d+:\d+/);
    }
  });

  it('exits 2 (a usage error) with a located error for a missing file', () => {
    const r = topoform(['validate', 'no/such/topology.yaml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^no\/such\/topology.yaml:1:1: error TOPO1001 cannot read the topology: no such file/);
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

  it('refuses a topology spread over several accounts (from account or roleArn) until it can wire them', () => {
    const dir = scratch(minimal.replace('  - name: us-west-2\n', '  - name: us-west-2\n    roleArn: arn:aws:iam::222222222222:role/deploy\n').replace('  - name: us-east-1\n', '  - name: us-east-1\n    account: "111111111111"\n'));
    const r = topoform(['synth', 'topology.yaml'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      'topology.yaml:9:5: error TOPO4001 the regions deploy to 2 AWS accounts (111111111111, 222222222222); this version of topoform compiles a topology into one account, because multi-Region keys and replication need wiring per account',
    );
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
