// The package as a user gets it: `npm pack`, installed offline into an empty project (it has no runtime
// dependencies, so nothing comes from a registry), then the installed `topoform` run on the shipped example; and what
// the tarball holds: an allowlist (package.json "files"), so nothing a checkout accumulates (a cdktf.out under an
// example, terraform's working files, state) and none of the tests or the source is packed.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, readFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli';

function npm(args: string[], cwd: string): string {
  // --ignore-scripts: the global setup has just built dist/; `prepack` would rebuild it under the other tests' feet.
  const r = spawnSync('npm', [...args, '--ignore-scripts', '--no-audit', '--no-fund'], { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed (${r.status}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

describe('npm package', () => {
  it('installs from its tarball offline, with no dependencies, and runs', () => {
    const packed = mkdtempSync(join(tmpdir(), 'topoform-pack-'));
    const [{ filename }] = JSON.parse(npm(['pack', '--json', '--pack-destination', packed], ROOT)) as [{ filename: string }];
    const tarball = join(packed, filename);

    const project = mkdtempSync(join(tmpdir(), 'topoform-user-'));
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', version: '1.0.0', private: true }));
    npm(['install', '--offline', tarball], project);
    const modules = join(project, 'node_modules');
    expect(readdirSync(modules).filter((n) => !n.startsWith('.'))).toEqual(['topoform']); // no runtime dependencies

    const installed = join(modules, 'topoform');
    expect(existsSync(join(installed, 'schema/topology.schema.json'))).toBe(true); // the README's yaml-language-server line
    expect(existsSync(join(installed, 'LICENSE'))).toBe(true);
    // Every link of the packed README and docs resolves inside the installed package.
    for (const page of ['README.md', 'docs/topology-format.md', 'ARCHITECTURE.md']) {
      const text = readFileSync(join(installed, page), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        expect(existsSync(join(installed, dirname(page), target!)), `${page} links to ${target}`).toBe(true);
      }
    }

    // Nothing runs at install: no install script (npm would ask to allow it, and it has nothing to build).
    const scripts = (JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(scripts[hook], hook).toBeUndefined();

    const bin = join(modules, '.bin/topoform');
    const example = 'node_modules/topoform/examples/active-passive/topology.yaml';
    // As the README says to run it: npx, from the project, without a registry.
    const validate = spawnSync('npx', ['--no-install', 'topoform', 'validate', example], { cwd: project, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
    expect(validate.status, validate.stderr).toBe(0);
    expect(validate.stdout).toBe(`${example}: valid (active-passive, 2 regions)\n`);
    const synth = spawnSync(bin, ['synth', example, '--out', 'cdktf.out'], { cwd: project, encoding: 'utf8' });
    expect(synth.status, synth.stderr).toBe(0);
    expect(synth.stdout).toContain('Synthesized 3 workspaces into cdktf.out.');
    for (const file of ['manifest.json', 'README.md', 'stacks/us-east-1/cdk.tf.json', 'stacks/us-west-2/cdk.tf.json', 'stacks/global/cdk.tf.json']) {
      expect(existsSync(join(project, 'cdktf.out', file)), file).toBe(true);
    }
    // docs: its own chunk and its template ship in the package.
    const docs = spawnSync(bin, ['docs', example, '--out', 'runbook.out'], { cwd: project, encoding: 'utf8' });
    expect(docs.status, docs.stderr).toBe(0);
    expect(readFileSync(join(project, 'runbook.out/RUNBOOK.md'), 'utf8')).toContain('```mermaid\nflowchart LR');
  });

  it('packs no test, no source, no generated output under the examples, no terraform state or working files', () => {
    // What npm packs from, with what a checkout accumulates: cdktf synth in an example, terraform in its module.
    const copy = mkdtempSync(join(tmpdir(), 'topoform-packlist-'));
    for (const name of ['package.json', 'README.md', 'LICENSE', 'ARCHITECTURE.md', 'RULES.md', 'bin', 'dist', 'schema', 'templates', 'examples', 'docs', 'src', 'test/pack.test.ts', 'scripts/build.js']) {
      cpSync(join(ROOT, name), join(copy, name), { recursive: true });
    }
    const junk = [
      'examples/active-passive/cdktf.out/manifest.json',
      'examples/active-passive/cdktf.out/stacks/us-east-1/cdk.tf.json',
      'examples/active-passive/cdktf.out/stacks/us-east-1/.terraform/providers/x.tf',
      'examples/active-passive/terraform.payments.us-east-1.tfstate',
      'examples/active-passive/runbook.out/RUNBOOK.md',
      'examples/warm-standby-app/modules/service/.terraform/modules/x.tf',
      'examples/warm-standby-app/modules/service/terraform.tfstate',
      'examples/warm-standby-app/modules/service/.terraform.lock.hcl',
    ];
    for (const file of junk) {
      mkdirSync(dirname(join(copy, file)), { recursive: true });
      writeFileSync(join(copy, file), '{}');
    }
    const [{ files }] = JSON.parse(npm(['pack', '--dry-run', '--json'], copy)) as [{ files: { path: string }[] }];
    const packed = files.map((f) => f.path).sort();
    expect(packed.filter((p) => /^(test|src|scripts)\//.test(p))).toEqual([]);
    // The examples exactly as the repository holds them.
    const tracked = execFileSync('git', ['ls-files', 'examples'], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').sort();
    expect(packed.filter((p) => p.startsWith('examples/'))).toEqual(tracked);
    expect(packed).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'bin/topoform.js', 'dist/topoform.js', 'dist/topoform-synth.js', 'schema/topology.schema.json', 'docs/topology-format.md']));
  });
});
