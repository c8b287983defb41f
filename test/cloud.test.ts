// state.backend: cloud (HCP Terraform / Terraform Enterprise): a named HCP workspace per generated workspace, and the
// global workspace's one remote read (app.module endpoints) through the `remote` backend.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { topoform } from './helpers/cli';
import { synthExample } from './helpers/examples';
import { synthTopology, topologyDir, type Json } from './helpers/synth';
import { applyOutput, findTerraform } from './helpers/terraform';

const stackOf = (out: string, name: string): Json => JSON.parse(readFileSync(join(out, 'stacks', name, 'cdk.tf.json'), 'utf8')) as Json;

describe('state.backend cloud: the example (active-active)', () => {
  const out = synthExample('active-active');

  it('gives every workspace a cloud block naming <workspacePrefix><workspace>, and no backend block', () => {
    for (const name of ['us-east-1', 'us-east-2', 'global']) {
      const terraform = stackOf(out, name)['terraform'] as Json;
      expect(terraform['backend'], name).toBeUndefined();
      expect(terraform['cloud'], name).toEqual({
        organization: 'acme',
        hostname: 'app.terraform.io',
        // Terraform refuses `tags` next to `name`: the tags are in the README, to set on the HCP side.
        workspaces: { name: `wallet-${name}`, project: 'Payments' },
      });
    }
  });

  it('says in the README which HCP workspace holds each state and which tags to set there', () => {
    const readme = readFileSync(join(out, 'README.md'), 'utf8');
    expect(readme).toContain("| 3 | `global` | the credentials' | 10 | HCP workspace `wallet-global` |");
    expect(readme).toContain('organization `acme`, project `Payments`');
    expect(readme).toContain('Tag each of them with `wallet` in HCP Terraform');
  });

  it('reports the HCP workspaces in synth --format json', () => {
    const dir = topologyDir(readFileSync(join(__dirname, '..', 'examples', 'active-active', 'topology.yaml'), 'utf8'), 'cloud-json');
    const r = topoform(['synth', 'topology.yaml', '--format', 'json'], { cwd: dir });
    expect(r.status).toBe(0);
    const global = (JSON.parse(r.stdout) as { workspaces: { name: string; state: Json }[] }).workspaces.find((w) => w.name === 'global')!;
    expect(global.state).toEqual({
      backend: 'cloud',
      where: 'app.terraform.io/acme/wallet-global',
      cloud: { organization: 'acme', hostname: 'app.terraform.io', workspace: 'wallet-global', project: 'Payments', tags: ['wallet'] },
    });
  });
});

// Terraform Enterprise, no project, and a region whose endpoint app.module makes (a registry module: nothing to copy).
const ENTERPRISE = `version: 1
name: shop
pattern: warm-standby
state:
  backend: cloud
  cloud: { organization: acme-platform, workspacePrefix: shop_, hostname: tfe.example.com }
regions:
  - name: us-east-1
  - name: us-west-2
    endpoint: { dnsName: shop-usw2.us-west-2.elb.amazonaws.com, zoneId: Z1H1FL5HABSF5 }
app:
  module: acme/service/aws
  version: "~> 2.0"
routing:
  domain: shop.example.com
  zone: example.com
  healthCheck: { protocol: HTTPS, path: /health }
`;

describe('state.backend cloud: Terraform Enterprise and a module region', () => {
  const s = synthTopology(ENTERPRISE, 'cloud-tfe');

  it('names the host and leaves the project out when none is given', () => {
    expect(s.stack('us-east-1')['terraform']['cloud']).toEqual({ organization: 'acme-platform', hostname: 'tfe.example.com', workspaces: { name: 'shop_us-east-1' } });
    expect(s.stack('global')['terraform']['cloud']['workspaces']).toEqual({ name: 'shop_global' });
  });

  it('global reads the module region through the remote backend, from that region\'s HCP workspace', () => {
    expect(s.stack('us-east-1')['data']?.['terraform_remote_state']).toBeUndefined();
    expect(s.stack('us-west-2')['data']?.['terraform_remote_state']).toBeUndefined();
    expect(s.stack('global')['data']['terraform_remote_state']).toEqual({
      'us-east-1': { backend: 'remote', config: { organization: 'acme-platform', hostname: 'tfe.example.com', workspaces: { name: 'shop_us-east-1' } } },
    });
    const readme = readFileSync(join(s.out, 'README.md'), 'utf8');
    expect(readme).toContain('let each of\nthem share its state with `shop_global`');
    expect(readme).not.toContain('Tag each of them');
  });

  const setup = findTerraform();
  it.skipIf('missing' in setup)('the global workspace, cloud block and remote read included, validates and applies with real Terraform', async () => {
    if ('missing' in setup) return;
    const upstream = new Map([['us-east-1', { endpoint_dns_name: 'shop-use1.us-east-1.elb.amazonaws.com', endpoint_zone_id: 'Z35SXDOTRQ7X7K' }]]);
    const applied = (await applyOutput(setup, s.out, { only: ['global'], upstream })).get('global')!;
    expect(applied.validate).toMatchObject({ valid: true });
    expect(applied.resources.get('aws_route53_health_check.us-east-1')?.['fqdn']).toBe('shop-use1.us-east-1.elb.amazonaws.com');
  }, 180_000);
});

describe('state.backend cloud: rules', () => {
  it('does not fire the S3 state rules or the local-state lint', () => {
    const dir = topologyDir(ENTERPRISE, 'cloud-check');
    const r = topoform(['check', 'topology.yaml', '--format', 'json'], { cwd: dir });
    const codes = (JSON.parse(r.stdout) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code);
    expect(codes).not.toContain('TOPO3014');
    expect(codes).not.toContain('TOPO3120');
    expect(codes).not.toContain('TOPO6006');
  });
});
