// Variants the examples do not cover: two-way replication, a DynamoDB state lock, HTTP and TCP health checks.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { topoform } from './helpers/cli';
import { twoRegions } from './helpers/fixtures';
import { applyOutput, findTerraform } from './helpers/terraform';
import { synthTopology, type Json } from './helpers/synth';


const synth = (text: string) => synthTopology(text, 'variant');

const twoWay = `version: 1
name: media
pattern: active-active
state: { backend: s3, bucket: "acme-tfstate-{region}", lock: { dynamodb: tf-locks }, account: "222222222222", roleArn: "arn:aws:iam::222222222222:role/tfstate" }
regions:
  - name: eu-west-1
  - name: eu-central-1
  - name: eu-north-1
data:
  - { name: uploads, type: s3, replication: { rtc: true } }
`;

describe('two-way replication (active-active)', () => {
  const { out, stack } = synth(twoWay);
  const global = stack('global');
  const configs = global['resource']['aws_s3_bucket_replication_configuration'] as Json;

  it('replicates every bucket to every other, syncing replica modifications', () => {
    expect(Object.keys(configs).sort()).toEqual(['uploads_eu-central-1', 'uploads_eu-north-1', 'uploads_eu-west-1']);
    for (const [id, c] of Object.entries(configs)) {
      const source = id.replace('uploads_', '');
      expect(c.bucket).toBe(`media-uploads-${source}`);
      const destinations = (c.rule as Json[]).map((r) => r.destination.bucket).sort();
      const others = ['eu-west-1', 'eu-central-1', 'eu-north-1'].filter((r) => r !== source).map((r) => `arn:aws:s3:::media-uploads-${r}`).sort();
      expect(destinations).toEqual(others);
      for (const rule of c.rule as Json[]) {
        expect(rule.source_selection_criteria.replica_modifications).toEqual({ status: 'Enabled' });
        expect(rule.destination.replication_time).toEqual({ status: 'Enabled', time: { minutes: 15 } });
      }
    }
  });

  it('locks state with the DynamoDB table and not the lock file, in each workspace\'s own region, in the state account', () => {
    for (const name of ['eu-west-1', 'eu-central-1', 'eu-north-1', 'global']) {
      const backend = stack(name)['terraform']['backend']['s3'] as Json;
      expect(backend.dynamodb_table).toBe('tf-locks');
      expect(backend.use_lockfile).toBeUndefined();
      expect(backend.encrypt).toBe(true);
      // The state account: the backend assumes its role there and refuses any other account's credentials.
      expect(backend.assume_role).toEqual({ role_arn: 'arn:aws:iam::222222222222:role/tfstate' });
      expect(backend.allowed_account_ids).toEqual(['222222222222']);
    }
    expect(stack('eu-central-1')['terraform']['backend']['s3'].region).toBe('eu-central-1');
    // The output's README says which account each workspace deploys to, and where its state is.
    const readme = readFileSync(join(out, 'README.md'), 'utf8');
    expect(readme).toContain("| 1 | `eu-west-1` | the credentials' | ");
    expect(readme).toContain('`s3://acme-tfstate-eu-west-1/media/eu-west-1.tfstate` (eu-west-1, account 222222222222)');
  });

  const setup = findTerraform();
  it.skipIf('missing' in setup)('Terraform takes the backend block as written: init reads it, then stops only for want of credentials', () => {
    if ('missing' in setup) return;
    // Offline and without credentials, init parses and checks the backend configuration first (an unknown or
    // misspelt argument is an error there), then fails to find credentials: that error proves the block is valid.
    const dir = join(out, 'stacks', 'eu-west-1');
    const env: NodeJS.ProcessEnv = { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', AWS_PROFILE: '', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_CLI_CONFIG_FILE: '/dev/null' };
    delete env['AWS_ACCESS_KEY_ID'];
    delete env['AWS_SECRET_ACCESS_KEY'];
    delete env['AWS_SESSION_TOKEN'];
    delete env['AWS_PROFILE'];
    const r = spawnSync('terraform', ['init', '-input=false', '-no-color', '-get=false'], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('No valid credential sources found');
    expect(r.stdout + r.stderr).not.toMatch(/Extraneous JSON object property|Unsupported argument|Invalid/);
  }, 90_000);

  it.skipIf('missing' in setup)('validates and applies in dependency order with real Terraform', async () => {
    if ('missing' in setup) return;
    const applied = await applyOutput(setup, out);
    const replication = [...applied.get('global')!.resources.keys()].filter((a) => a.startsWith('aws_s3_bucket_replication_configuration.'));
    expect(replication).toHaveLength(3);
  }, 300_000);
});

describe('health check protocols', () => {
  const topology = (protocol: string) => twoRegions({ healthCheck: `protocol: ${protocol}, interval: 30, failureThreshold: 5` });

  it('HTTP checks port 80 with a path and no SNI', () => {
    const check = synth(topology('HTTP')).stack('global')['resource']['aws_route53_health_check']['us-east-1'] as Json;
    expect(check).toMatchObject({ type: 'HTTP', port: 80, resource_path: '/health', request_interval: 30, failure_threshold: 5 });
    expect(check.enable_sni).toBeUndefined();
  });

  it('TCP checks port 443 with neither path nor SNI', () => {
    const check = synth(topology('TCP')).stack('global')['resource']['aws_route53_health_check']['us-west-2'] as Json;
    expect(check).toMatchObject({ type: 'TCP', port: 443, fqdn: 'b.us-west-2.elb.amazonaws.com' });
    expect(check.resource_path).toBeUndefined();
    expect(check.enable_sni).toBeUndefined();
  });

  it('HTTPS checks with SNI', () => {
    const check = synth(topology('HTTPS')).stack('global')['resource']['aws_route53_health_check']['us-east-1'] as Json;
    expect(check).toMatchObject({ type: 'HTTPS', port: 443, enable_sni: true, resource_path: '/health' });
  });
});

describe('every data store type at once', () => {
  const all = `version: 1
name: everything
pattern: active-passive
regions:
  - name: us-east-1
    network: { subnetIds: [subnet-0a11, subnet-0a12], securityGroupIds: [sg-0a13] }
  - name: us-east-2
    network: { subnetIds: [subnet-0b21, subnet-0b22], securityGroupIds: [sg-0b23] }
data:
  - { name: orders, type: aurora, engine: aurora-postgresql, engineVersion: "16.4" }
  - { name: sessions, type: dynamodb, hashKey: { name: pk, type: S } }
  - { name: assets, type: s3 }
  - { name: api-keys, type: secret }
  - { name: flags, type: parameter, value: "on" }
  - { name: cache, type: cache, engine: valkey }
  - { name: ledger, type: dsql, witness: us-west-2 }
`;
  it('validate refuses nothing, and synth compiles it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'topoform-all-'));
    writeFileSync(join(dir, 'topology.yaml'), all);
    const v = topoform(['validate', 'topology.yaml'], { cwd: dir });
    expect(v.status).toBe(0);
    expect(v.stderr).toBe('');
    const s = topoform(['synth', 'topology.yaml'], { cwd: dir });
    expect(s.status, s.stderr).toBe(0);
  });
});
