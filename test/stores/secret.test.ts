// Secret stores: one Secrets Manager secret per replication group in the primary workspace, encrypted and replicated
// with the key family's ARNs, rotated by the team's function; never a value. Synthesized, then applied with real Terraform.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { topoform } from '../helpers/cli';
import { applyOutput, findTerraform } from '../helpers/terraform';
import { synthTopology, type Json } from '../helpers/synth';


const synth = (text: string) => synthTopology(text, 'secret');

const LAMBDA = 'arn:aws:lambda:{region}:111111111111:function:rotate-db';

const activePassive = `version: 1
name: shop
pattern: active-passive
regions:
  - name: us-east-1
  - name: us-west-2
  - name: eu-west-1
data:
  - { name: db, type: secret, rotationDays: 7, rotationLambda: "${LAMBDA}" }
  - { name: api-key, type: secret }
  - { name: partner, type: secret, rotationLambda: "${LAMBDA}" }
`;

const partitioned = `version: 1
name: health
pattern: partitioned
regions:
  - { name: us-east-1, jurisdiction: us }
  - { name: eu-central-1, jurisdiction: eu }
  - { name: us-west-2, jurisdiction: us }
  - { name: eu-west-1, jurisdiction: eu }
data:
  - { name: records, type: secret, regulated: true, rotationDays: 14, rotationLambda: "${LAMBDA}" }
  - { name: shared, type: secret }
`;

/** The key family's ARN in a region, as the primary workspace references it. */
const keyArn = (primary: string, region: string) => (region === primary ? '${aws_kms_key.topology.arn}' : `\${aws_kms_replica_key.${region}.arn}`);

describe('secret under active-passive', () => {
  const { out, workspaces, stack } = synth(activePassive);
  const primary = stack('us-east-1');
  const secrets = primary['resource']['aws_secretsmanager_secret'] as Json;
  const rotations = primary['resource']['aws_secretsmanager_secret_rotation'] as Json;

  it('makes one secret per store in the primary workspace, named <topology>/<store>, replicated to every other region', () => {
    expect(Object.keys(secrets).sort()).toEqual(['api-key', 'db', 'partner']);
    for (const [id, s] of Object.entries(secrets)) {
      expect(s.name).toBe(`shop/${id}`);
      expect(s.provider).toBeUndefined(); // the primary region's own provider
      expect((s.replica as Json[]).map((r) => r.region)).toEqual(['us-west-2', 'eu-west-1']);
    }
    for (const name of workspaces.filter((w) => w !== 'us-east-1')) {
      const resources = Object.keys(stack(name)['resource'] ?? {});
      expect(resources.filter((r) => r.startsWith('aws_secretsmanager')), name).toEqual([]);
    }
  });

  it('CKV_AWS_149 every secret and every replica is encrypted with the topology key, by its key ARN (not an alias)', () => {
    for (const s of Object.values(secrets)) {
      expect(s.kms_key_id).toBe(keyArn('us-east-1', 'us-east-1'));
      for (const r of s.replica as Json[]) {
        expect(r.kms_key_id).toBe(keyArn('us-east-1', r.region));
        expect(r.kms_key_id).not.toMatch(/alias/);
      }
    }
  });

  it('deletion protection: a 30-day recovery window, and a secret already in a replica region is never overwritten', () => {
    for (const s of Object.values(secrets)) {
      expect(s.recovery_window_in_days).toBe(30);
      expect(s.force_overwrite_replica_secret).toBe(false);
    }
  });

  it('CKV2_AWS_57 rotation is enabled on every secret with a rotation function, invoked in the secret\'s region', () => {
    expect(Object.keys(rotations).sort()).toEqual(['db', 'partner']);
    expect(rotations['db']).toEqual({
      secret_id: '${aws_secretsmanager_secret.db.id}',
      rotation_lambda_arn: 'arn:aws:lambda:us-east-1:111111111111:function:rotate-db',
      rotation_rules: { automatically_after_days: 7 },
      rotate_immediately: false,
    });
    // A rotation function without rotationDays rotates every 30 days.
    expect(rotations['partner'].rotation_rules).toEqual({ automatically_after_days: 30 });
    // No function, no rotation resource: Secrets Manager cannot rotate without one (topoform check reports it).
    expect(rotations['api-key']).toBeUndefined();
  });

  it('never manages the value: no secret version, no secret string, no output anywhere', () => {
    for (const name of workspaces) {
      const text = readFileSync(join(out, 'stacks', name, 'cdk.tf.json'), 'utf8');
      expect(text, name).not.toMatch(/secret_string|secret_binary|aws_secretsmanager_secret_version/);
      expect(stack(name)['output'], name).toBeUndefined();
    }
  });

  const setup = findTerraform();
  it.skipIf('missing' in setup)('validates and applies every workspace in dependency order with real Terraform', async () => {
    if ('missing' in setup) return;
    const applied = await applyOutput(setup, out);
    const state = applied.get('us-east-1')!.resources;
    expect(state.get('aws_secretsmanager_secret.db')?.['name']).toBe('shop/db');
    expect(state.get('aws_secretsmanager_secret_rotation.db')?.['rotation_lambda_arn']).toBe('arn:aws:lambda:us-east-1:111111111111:function:rotate-db');
    expect(state.has('aws_secretsmanager_secret_rotation.api-key')).toBe(false);
  }, 300_000);
});

describe('regulated secret under partitioned', () => {
  const { out, stack } = synth(partitioned);
  const primary = stack('us-east-1');
  const secrets = primary['resource']['aws_secretsmanager_secret'] as Json;
  const rotations = primary['resource']['aws_secretsmanager_secret_rotation'] as Json;

  it('CKV_AWS_149 makes one secret per jurisdiction in its home region under that region\'s key ARN, replicated only within it, each name unique', () => {
    expect(Object.keys(secrets).sort()).toEqual(['records_eu-central-1', 'records_us-east-1', 'shared']);
    const us = secrets['records_us-east-1'];
    expect(us.name).toBe('health/records/us-east-1');
    expect(us.provider).toBeUndefined();
    expect(us.kms_key_id).toBe(keyArn('us-east-1', 'us-east-1'));
    expect(us.replica).toEqual([{ region: 'us-west-2', kms_key_id: keyArn('us-east-1', 'us-west-2') }]);
    const eu = secrets['records_eu-central-1'];
    expect(eu.name).toBe('health/records/eu-central-1');
    expect(eu.provider).toBe('aws.eu_central_1');
    expect(eu.kms_key_id).toBe(keyArn('us-east-1', 'eu-central-1'));
    expect(eu.replica).toEqual([{ region: 'eu-west-1', kms_key_id: keyArn('us-east-1', 'eu-west-1') }]);
    // A store that is not regulated keeps one secret replicated everywhere, under the plain name.
    expect(secrets['shared'].name).toBe('health/shared');
    expect((secrets['shared'].replica as Json[]).map((r) => r.region)).toEqual(['eu-central-1', 'us-west-2', 'eu-west-1']);
  });

  it('CKV2_AWS_57 each jurisdiction\'s secret rotates with the function in its own home region', () => {
    expect(rotations['records_us-east-1'].rotation_lambda_arn).toBe('arn:aws:lambda:us-east-1:111111111111:function:rotate-db');
    expect(rotations['records_us-east-1'].provider).toBeUndefined();
    expect(rotations['records_eu-central-1'].rotation_lambda_arn).toBe('arn:aws:lambda:eu-central-1:111111111111:function:rotate-db');
    expect(rotations['records_eu-central-1'].provider).toBe('aws.eu_central_1');
    expect(rotations['records_eu-central-1'].secret_id).toBe('${aws_secretsmanager_secret.records_eu-central-1.id}');
  });

  const setup = findTerraform();
  it.skipIf('missing' in setup)('validates and applies every workspace in dependency order with real Terraform', async () => {
    if ('missing' in setup) return;
    const applied = await applyOutput(setup, out);
    const state = applied.get('us-east-1')!.resources;
    expect(state.get('aws_secretsmanager_secret.records_eu-central-1')?.['name']).toBe('health/records/eu-central-1');
  }, 300_000);
});

describe('secret names', () => {
  it('warns (TOPO3053) when a name ends like the random suffix of a secret ARN, and still synthesizes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'topoform-secret-name-'));
    writeFileSync(join(dir, 'topology.yaml'), activePassive.replace('name: api-key', 'name: db-master'));
    const r = topoform(['synth', 'topology.yaml'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('warning TOPO3053 the secret name shop/db-master ends with a hyphen and six characters');
  });
});
