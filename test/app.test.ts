// app.module and regions[].inputs: the module in every region's workspace, scaled and merged per region, a local
// module copied into each workspace, its outputs, routing's reads of them from global, and the refusals.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scaledCount } from '../src/model/app';
import { topoform } from './helpers/cli';
import type { Json } from './helpers/synth';
import { applyOutput, findTerraform } from './helpers/terraform';

const MODULE_TF = `terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.0" }
  }
}
variable "image" { type = string }
variable "desired_count" { type = number }
variable "subnet_ids" { type = list(string) }
resource "aws_lb" "service" {
  load_balancer_type         = "application"
  internal                   = false
  subnets                    = var.subnet_ids
  drop_invalid_header_fields = true
  enable_deletion_protection = true
  tags                       = { image = var.image, desired_count = tostring(var.desired_count) }
}
output "dns_name" { value = aws_lb.service.dns_name }
output "zone_id" { value = aws_lb.service.zone_id }
`;

interface Project {
  dir: string;
  run(args: string[]): ReturnType<typeof topoform>;
  synth(): { out: string; stack(name: string): Json; files(name: string): string[] };
}

/** A folder with topology.yaml and, unless `module: false`, a module folder at ./modules/service. */
function project(topology: string, opts: { module?: boolean } = {}): Project {
  const dir = mkdtempSync(join(tmpdir(), 'topoform-app-'));
  writeFileSync(join(dir, 'topology.yaml'), topology);
  if (opts.module !== false) {
    const m = join(dir, 'modules/service');
    mkdirSync(join(m, 'policies'), { recursive: true });
    writeFileSync(join(m, 'main.tf'), MODULE_TF);
    writeFileSync(join(m, 'policies/readme.txt'), 'a nested file\n');
    // Terraform's working files in the module folder never reach the workspace.
    mkdirSync(join(m, '.terraform/providers'), { recursive: true });
    writeFileSync(join(m, '.terraform/providers/junk'), 'x');
    writeFileSync(join(m, '.terraform.lock.hcl'), '# lock\n');
    writeFileSync(join(m, 'terraform.tfstate'), '{}');
    writeFileSync(join(m, 'terraform.tfstate.backup'), '{}');
  }
  const run = (args: string[]) => topoform(args, { cwd: dir });
  return {
    dir,
    run,
    synth() {
      const r = run(['synth', 'topology.yaml']);
      if (r.status !== 0) throw new Error(`synth failed (${r.status}): ${r.stderr}`);
      const out = join(dir, 'cdktf.out');
      const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
      return {
        out,
        stack: (name) => JSON.parse(readFileSync(join(out, 'stacks', name, 'cdk.tf.json'), 'utf8')) as Json,
        files: (name) => walk(join(out, 'stacks', name)).map((f) => relative(join(out, 'stacks', name), f)).sort(),
      };
    },
  };
}

const WARM = (app: string, regions?: string) => `version: 1
name: shop
pattern: warm-standby
regions:
${regions ?? `  - name: us-east-1
    inputs: { subnet_ids: [subnet-a1, subnet-a2] }
  - name: us-west-2
    capacity: 50
    inputs: { subnet_ids: [subnet-b1, subnet-b2] }
  - name: eu-west-1
    capacity: 25
    inputs: { subnet_ids: [subnet-c1, subnet-c2] }`}
app:
${app}
`;

const LOCAL_APP = `  module: ./modules/service
  inputs: { image: "repo/shop:1" }
  scale: { input: desired_count, full: 6 }`;

describe('app.module: scale and inputs', () => {
  it('scales ceil(full x capacity / 100)', () => {
    expect([100, 50, 25, 0].map((c) => scaledCount(6, c))).toEqual([6, 3, 2, 0]);
    expect(scaledCount(7, 30)).toBe(3); // 2.1 rounds up
    expect(scaledCount(3, 99)).toBe(3);
  });

  it('gives each region its scaled count (6, 3, 2) and pilot light\'s secondary 0', () => {
    const s = project(WARM(LOCAL_APP)).synth();
    expect(['us-east-1', 'us-west-2', 'eu-west-1'].map((r) => s.stack(r)['module']['app']['desired_count'])).toEqual([6, 3, 2]);
    const pilot = project(`version: 1
name: shop
pattern: pilot-light
regions:
  - name: us-east-1
  - name: us-west-2
app:
  module: ./modules/service
  inputs: { image: "repo/shop:1", subnet_ids: [subnet-a1, subnet-a2] }
  scale: { input: desired_count, full: 6 }
`).synth();
    expect(pilot.stack('us-east-1')['module']['app']['desired_count']).toBe(6);
    expect(pilot.stack('us-west-2')['module']['app']['desired_count']).toBe(0);
  });

  it('merges inputs: the region wins key by key (shallow), and scale sets its input last', () => {
    const s = project(WARM(`  module: ./modules/service
  inputs: { image: "repo/shop:1", tier: web, tags: { a: "1", b: "2" }, desired_count: 99 }
  scale: { input: desired_count, full: 6 }`, `  - name: us-east-1
  - name: us-west-2
    inputs: { image: "repo/shop:2", tags: { c: "3" }, desired_count: 50 }`)).synth();
    expect(s.stack('us-east-1')['module']['app']).toEqual({ source: './modules/app', image: 'repo/shop:1', tier: 'web', tags: { a: '1', b: '2' }, desired_count: 6 });
    expect(s.stack('us-west-2')['module']['app']).toEqual({ source: './modules/app', image: 'repo/shop:2', tier: 'web', tags: { c: '3' }, desired_count: 2 });
  });

  it('declares the module outputs as the workspace\'s endpoint outputs', () => {
    const s = project(WARM(`${LOCAL_APP}\n  outputs: { dnsName: alb_dns, arn: alb_arn }`)).synth();
    const outputs = s.stack('us-west-2')['output'] as Json;
    expect(Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.value]))).toEqual({
      endpoint_dns_name: '${module.app.alb_dns}',
      endpoint_zone_id: '${module.app.zone_id}',
      endpoint_arn: '${module.app.alb_arn}',
    });
    expect(s.stack('global')['output']).toBeUndefined();
  });
});

describe('app.module: sources', () => {
  it('copies a local module into every region workspace and names it relatively', () => {
    const p = project(WARM(LOCAL_APP));
    const s = p.synth();
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) {
      expect(s.stack(region)['module']['app']['source']).toBe('./modules/app');
      // Files only, no Terraform working files, no state (metadata.json is the cdktf CLI's record of the workspace).
      expect(s.files(region)).toEqual(['cdk.tf.json', 'metadata.json', 'modules/app/main.tf', 'modules/app/policies/readme.txt']);
      expect(readFileSync(join(s.out, 'stacks', region, 'modules/app/main.tf'), 'utf8')).toBe(MODULE_TF);
    }
    expect(s.files('global')).toEqual(['cdk.tf.json', 'metadata.json']);
    // Nothing in the output names the machine's folders; cdktf's own asset copy is not used.
    for (const name of ['us-east-1', 'global']) expect(JSON.stringify(s.stack(name))).not.toContain(p.dir);
    expect(existsSync(join(s.out, 'stacks', 'us-east-1', 'assets'))).toBe(false);
  });

  it('passes registry sources (with version) and git sources (without) through unchanged, copying nothing', () => {
    const registry = project(WARM(`  module: acme/service/aws\n  version: "~> 2.0"\n  inputs: { image: x }`), { module: false }).synth();
    expect(registry.stack('us-east-1')['module']['app']).toMatchObject({ source: 'acme/service/aws', version: '~> 2.0' });
    expect(registry.files('us-east-1')).toEqual(['cdk.tf.json', 'metadata.json']);
    const git = project(WARM(`  module: git::https://example.com/acme/service.git?ref=v2.1.0`), { module: false }).synth();
    expect(git.stack('us-east-1')['module']['app']['source']).toBe('git::https://example.com/acme/service.git?ref=v2.1.0');
    expect(git.stack('us-east-1')['module']['app']['version']).toBeUndefined();
  });

  const setup = findTerraform();
  it.skipIf('missing' in setup)('a copy of the output moved elsewhere, without the topology, still validates', async () => {
    if ('missing' in setup) return;
    const p = project(WARM(LOCAL_APP));
    const s = p.synth();
    const moved = join(mkdtempSync(join(tmpdir(), 'topoform-moved-')), 'somewhere-else');
    cpSync(s.out, moved, { recursive: true });
    rmSync(p.dir, { recursive: true, force: true });
    const applied = (await applyOutput(setup, moved, { only: ['us-west-2'] })).get('us-west-2')!;
    expect(applied.validate).toMatchObject({ valid: true });
    expect(applied.outputs['endpoint_dns_name']).toEqual(expect.any(String));
  }, 180_000);
});

describe('app.module: routing reads endpoints from the region workspaces', () => {
  it('only global reads remote state, only for regions without a literal endpoint, from their own backend', () => {
    const s = project(`version: 1
name: shop
pattern: warm-standby
state: { backend: s3, bucket: "acme-state-{region}", lock: lockfile }
regions:
  - name: us-east-1
    inputs: { subnet_ids: [subnet-a1, subnet-a2] }
  - name: us-west-2
    endpoint: { dnsName: shop-usw2.us-west-2.elb.amazonaws.com, zoneId: Z1H1FL5HABSF5 }
    inputs: { subnet_ids: [subnet-b1, subnet-b2] }
app:
${LOCAL_APP}
routing:
  domain: shop.example.com
  zone: example.com
  healthCheck: { protocol: HTTPS, path: /health }
`).synth();
    expect(s.stack('us-east-1')['data']?.['terraform_remote_state']).toBeUndefined();
    expect(s.stack('us-west-2')['data']?.['terraform_remote_state']).toBeUndefined();
    const global = s.stack('global');
    expect(global['data']['terraform_remote_state']).toEqual({
      'us-east-1': { backend: 's3', config: { bucket: 'acme-state-us-east-1', key: 'shop/us-east-1.tfstate', region: 'us-east-1' } },
    });
    const checks = global['resource']['aws_route53_health_check'];
    expect(checks['us-east-1']['fqdn']).toBe('${data.terraform_remote_state.us-east-1.outputs.endpoint_dns_name}');
    expect(checks['us-west-2']['fqdn']).toBe('shop-usw2.us-west-2.elb.amazonaws.com');
    const records = global['resource']['aws_route53_record'];
    expect(records['us-east-1']['alias']).toMatchObject({
      name: '${data.terraform_remote_state.us-east-1.outputs.endpoint_dns_name}',
      zone_id: '${data.terraform_remote_state.us-east-1.outputs.endpoint_zone_id}',
    });
  });
});

describe('app.module: refusals', () => {
  const refused = (p: Project) => {
    const v = p.run(['validate', 'topology.yaml']);
    expect(v.status).toBe(1);
    const s = p.run(['synth', 'topology.yaml']);
    expect(s.status).toBe(1);
    expect(existsSync(join(p.dir, 'cdktf.out'))).toBe(false);
    expect(s.stderr).not.toMatch(/\n\s+at .*:\d+:\d+\)?/);
    return v.stderr;
  };

  it('a missing module folder is TOPO3070 at app.module', () => {
    const err = refused(project(WARM(LOCAL_APP), { module: false }));
    expect(err).toMatch(/^topology\.yaml:14:11: error TOPO3070 app\.module \.\/modules\/service does not exist/);
  });

  it('a module folder that is a symbolic link, or holds one, is refused', () => {
    const p = project(WARM(LOCAL_APP.replace('./modules/service', './modules/link')));
    symlinkSync(join(p.dir, 'modules/service'), join(p.dir, 'modules/link'));
    expect(refused(p)).toMatch(/TOPO3070 app\.module \.\/modules\/link is a symbolic link/);

    const q = project(WARM(LOCAL_APP));
    symlinkSync('/etc/passwd', join(q.dir, 'modules/service/passwd'));
    expect(refused(q)).toMatch(/TOPO3070 app\.module \.\/modules\/service holds a symbolic link, passwd/);
  });

  it('a module over 5 MiB is refused', () => {
    const p = project(WARM(LOCAL_APP));
    writeFileSync(join(p.dir, 'modules/service/big.bin'), Buffer.alloc(5 * 1024 * 1024 + 1));
    expect(refused(p)).toMatch(/TOPO3070 app\.module \.\/modules\/service is larger than 5 MiB/);
  });

  it('a module outside the topology\'s repository is refused', () => {
    const p = project(WARM(LOCAL_APP.replace('./modules/service', '../outside')));
    const repo = join(p.dir, 'repo');
    mkdirSync(join(repo, '.git'), { recursive: true });
    cpSync(join(p.dir, 'topology.yaml'), join(repo, 'topology.yaml'));
    mkdirSync(join(p.dir, 'outside'));
    writeFileSync(join(p.dir, 'outside/main.tf'), MODULE_TF);
    const r = topoform(['validate', 'topology.yaml'], { cwd: repo });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/TOPO3070 app\.module \.\.\/outside is outside the repository/);
    // The same module is fine where there is no repository boundary in the way.
    rmSync(join(repo, '.git'), { recursive: true });
    expect(topoform(['validate', 'topology.yaml'], { cwd: repo }).status).toBe(0);
  });
});
