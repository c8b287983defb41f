// No user string is ever interpreted by cdktf or Terraform: not `${…}`/`%{…}` templates, not cdktf's own token
// markers (which would otherwise become live references, even remote-state reads). Every string field that
// reaches the output is fed each payload; fields whose form forbids such text must refuse it.
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { topoformInProcess } from './helpers/cli';
import { applyOutput, findTerraform } from './helpers/terraform';

const PAYLOADS = [
  '${TfToken[TOKEN.1]}',
  '#{TfToken[TOKEN.1]}',
  '${TfToken[TOKEN.999999]}',
  '${data.terraform_remote_state.us-east-1.outputs.x}',
  '%{if true}x%{endif}',
];

type Topology = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function base(): Topology {
  return {
    version: 1,
    name: 'shop',
    pattern: 'active-passive',
    tags: { team: 'shop' },
    state: { backend: 's3', bucket: 'acme-tfstate-{region}', keyPrefix: 'shop', lock: { dynamodb: 'tf-locks' } },
    regions: [
      { name: 'us-east-1', endpoint: { dnsName: 'a.us-east-1.elb.amazonaws.com', zoneId: 'Z35SXDOTRQ7X7K' }, roleArn: 'arn:aws:iam::111111111111:role/deploy' },
      { name: 'us-west-2', endpoint: { dnsName: 'b.us-west-2.elb.amazonaws.com', zoneId: 'Z1H1FL5HABSF5' } },
    ],
    routing: { domain: 'shop.example.com', zone: 'example.com', healthCheck: { path: '/health' } },
    data: [{ name: 'media', type: 's3' }],
  };
}

/** Every string field that reaches the generated Terraform today, and how to set it. */
const FIELDS: Record<string, (t: Topology, v: string) => void> = {
  name: (t, v) => (t.name = v),
  'tags key': (t, v) => (t.tags = { [v]: 'x' }),
  'tags value': (t, v) => (t.tags = { team: v }),
  'state.bucket': (t, v) => (t.state.bucket = `acme-${v}-{region}`),
  'state.keyPrefix': (t, v) => (t.state.keyPrefix = v),
  'state.lock.dynamodb': (t, v) => (t.state.lock = { dynamodb: v }),
  'regions[].roleArn': (t, v) => (t.regions[0].roleArn = `arn:aws:iam::111111111111:role/${v}`),
  'regions[].account': (t, v) => (t.regions[0].account = v),
  'regions[].endpoint.dnsName': (t, v) => (t.regions[0].endpoint.dnsName = `${v}.elb.amazonaws.com`),
  'regions[].endpoint.zoneId': (t, v) => (t.regions[0].endpoint.zoneId = v),
  'routing.domain': (t, v) => (t.routing.domain = `${v}.example.com`),
  'routing.zone': (t, v) => (t.routing.zone = v),
  'routing.zoneId': (t, v) => {
    delete t.routing.zone;
    t.routing.zoneId = v;
  },
  'routing.account': (t, v) => (t.routing.account = v),
  'routing.roleArn': (t, v) => (t.routing.roleArn = `arn:aws:iam::444444444444:role/${v}`),
  'state.account': (t, v) => (t.state.account = v),
  'state.roleArn': (t, v) => (t.state.roleArn = `arn:aws:iam::555555555555:role/${v}`),
  'routing.healthCheck.path': (t, v) => (t.routing.healthCheck.path = `/health?${v}`),
  'data[].name': (t, v) => (t.data[0].name = v),
  'regions[].network.subnetIds (cache)': (t, v) => withCache(t, { subnetIds: [`subnet-${v}`, 'subnet-b'] }),
  'regions[].network.securityGroupIds (cache)': (t, v) => withCache(t, { subnetIds: ['subnet-a', 'subnet-b'], securityGroupIds: [`sg-${v}`] }),
  'data[].nodeType (cache)': (t, v) => withCache(t, { subnetIds: ['subnet-a', 'subnet-b'] }, `cache.${v}.large`),
  'data[].value (parameter)': (t, v) => t.data.push({ name: 'config', type: 'parameter', value: v }),
  'data[].value (parameter, secure)': (t, v) => t.data.push({ name: 'config', type: 'parameter', value: v, secure: true }),
  'app.inputs value': (t, v) => (t.app = { module: 'acme/service/aws', inputs: { image: v } }),
  'app.inputs nested key and value': (t, v) => (t.app = { module: 'acme/service/aws', inputs: { tags: { [v]: v } } }),
  'regions[].inputs value': (t, v) => {
    t.app = { module: 'acme/service/aws' };
    t.regions[1].inputs = { image: v };
  },
  'app.module (git)': (t, v) => (t.app = { module: `git::https://example.com/${v}.git` }),
  'app.module (local)': (t, v) => (t.app = { module: `./modules/${v}` }),
  'data[].rotationLambda (secret)': (t, v) =>
    t.data.push({ name: 'creds', type: 'secret', rotationDays: 30, rotationLambda: `arn:aws:lambda:{region}:111111111111:function:${v}` }),
  'jobs[].input': (t, v) => (t.jobs = [{ name: 'nightly', schedule: 'rate(1 day)', target: 'arn:aws:lambda:{region}:111111111111:function:f', placement: 'follow-primary', input: v }]),
  'jobs[].target': (t, v) => (t.jobs = [{ name: 'nightly', schedule: 'rate(1 day)', target: `arn:aws:sqs:{region}:111111111111:${v}`, placement: 'every-region' }]),
  // An email's local part may hold `$`, `{`, `}` and `#`: the address reaches the subscription as written.
  'alarms.email': (t, v) => (t.alarms = { email: [`${v}@example.com`] }),
  'state.cloud.organization': (t, v) => (t.state = { backend: 'cloud', cloud: { organization: v, workspacePrefix: 'shop-' } }),
  'state.cloud.workspacePrefix': (t, v) => (t.state = { backend: 'cloud', cloud: { organization: 'acme', workspacePrefix: v } }),
  'state.cloud.project': (t, v) => (t.state = { backend: 'cloud', cloud: { organization: 'acme', workspacePrefix: 'shop-', project: v } }),
  'drills[].name': (t, v) => (t.drills = [{ name: v, scenario: 'pause-replication', target: 'us-east-1' }]),
  // Version constraints reach every workspace's required_providers and required_version.
  'terraform.awsProvider': (t, v) => (t.terraform = { awsProvider: `>= 6.25, ${v}` }),
  'terraform.requiredVersion': (t, v) => (t.terraform = { requiredVersion: `>= 1.11, ${v}` }),
  'jobs[].schedule': (t, v) => (t.jobs = [{ name: 'nightly', schedule: `cron(${v})`, target: 'arn:aws:sqs:{region}:111111111111:q', placement: 'every-region' }]),
};

/** A global cache store, every region on the given network. */
function withCache(t: Topology, network: Topology, nodeType = 'cache.r7g.large'): void {
  for (const r of t.regions) r.network = network;
  t.data.push({ name: 'sessions', type: 'cache', engine: 'valkey', mode: 'global', nodeType });
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
}

/** What Terraform makes of a string in JSON syntax, for the escapes topoform writes. */
function asTerraformReadsIt(s: string): string {
  return s.replaceAll('${"["}', '[').replaceAll('$${', '${').replaceAll('%%{', '%{');
}

function synth(t: Topology): { status: number | null; stderr: string; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'topoform-inject-'));
  writeFileSync(join(dir, 'topology.yaml'), stringify(t, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' }));
  const out = join(dir, 'cdktf.out');
  // The CLI in this process: ~175 topologies, for which starting a process each time would cost more than the synths.
  const r = topoformInProcess(['synth', join(dir, 'topology.yaml'), '--out', out]);
  return { status: r.status, stderr: r.stderr, out };
}

describe('user strings reach Terraform as literal text', () => {
  for (const [field, set] of Object.entries(FIELDS)) {
    it(field, () => {
      for (const payload of PAYLOADS) {
        const t = base();
        set(t, payload);
        const r = synth(t);
        // Never a crash: either the field's form refuses the text (exit 1), or it compiles.
        expect(r.status, `${field} = ${payload}: ${r.stderr}`).not.toBe(2);
        if (r.status !== 0) {
          expect(r.stderr).toMatch(/error TOPO(2004|2006|2007|3008|3014|3022|3070)/);
          continue;
        }
        let reached = false;
        for (const file of files(r.out).filter((f) => f.endsWith('.json'))) {
          const text = readFileSync(file, 'utf8');
          const json = JSON.parse(text) as { data?: Record<string, unknown> };
          expect(json.data?.['terraform_remote_state'], `${field}: a remote-state read in ${file}`).toBeUndefined();
          expect(text, `${field}: a live interpolation of another workspace's state`).not.toMatch(/(^|[^$])\$\{data\.terraform_remote_state/);
          // Every place the payload landed reads back as the payload itself.
          const strings: string[] = [];
          const walk = (v: unknown) => {
            if (typeof v === 'string') strings.push(v);
            else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (strings.push(k), walk(x));
          };
          walk(json);
          if (strings.some((x) => asTerraformReadsIt(x).includes(payload))) reached = true;
          for (const s of strings.filter((x) => x.includes('TfToken') || x.includes('%{') || x.includes('terraform_remote'))) {
            expect(asTerraformReadsIt(s), `${field} in ${file}`).toContain(payload);
            expect(s, `${field}: unescaped cdktf marker`).not.toMatch(/(^|[^$])[$#]\{TfToken\[/);
          }
        }
        expect(reached, `${field} = ${payload}: compiled, yet the text is nowhere in the output`).toBe(true);
      }
    });
  }
});

const setup = findTerraform();
describe.skipIf('missing' in setup)('real Terraform reads the escaped text back as the literal', () => {
  it('a health check path full of markers applies with exactly that path', async () => {
    if ('missing' in setup) return;
    const path = `/h?a=${PAYLOADS[0]}&b=${PAYLOADS[1]}&c=${PAYLOADS[3]}&d=%{if}x%{endif}`;
    const t = base();
    t.routing.healthCheck.path = path;
    t.state = { backend: 'local' };
    const r = synth(t);
    expect(r.status, r.stderr).toBe(0);
    const applied = (await applyOutput(setup, r.out, { only: ['global'] })).get('global')!;
    expect(applied.resources.get('aws_route53_health_check.us-east-1')?.['resource_path']).toBe(path);
  }, 120_000);
});
