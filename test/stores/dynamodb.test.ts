// DynamoDB global tables: secure defaults (named after their Checkov rules), key ARNs where DynamoDB stores them,
// replicas owned by their regions' workspaces, and real Terraform on every workspace.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli';
import { applyOutput, findTerraform } from '../helpers/terraform';
import { synthTopology, type Json } from '../helpers/synth';


const synth = (text: string) => synthTopology(text, 'dynamodb');

const eventual = `version: 1
name: shop
pattern: active-active
regions:
  - name: us-east-1
  - name: us-east-2
  - name: us-west-2
data:
  - name: carts
    type: dynamodb
    hashKey: { name: pk, type: S }
    rangeKey: { name: sk, type: N }
`;

describe('dynamodb, eventual consistency (MREC)', () => {
  const { out, stack } = synth(eventual);
  const table = stack('us-east-1')['resource']['aws_dynamodb_table']['carts'] as Json;
  const replicas = ['us-east-2', 'us-west-2'].map((r) => [r, stack(r)['resource']['aws_dynamodb_table_replica']['carts'] as Json] as const);

  it('the table lives in the primary workspace, keyed and streamed as a global table needs', () => {
    expect(table).toMatchObject({
      name: 'shop-carts',
      billing_mode: 'PAY_PER_REQUEST',
      hash_key: 'pk',
      range_key: 'sk',
      attribute: [{ name: 'pk', type: 'S' }, { name: 'sk', type: 'N' }],
      stream_enabled: true,
      stream_view_type: 'NEW_AND_OLD_IMAGES',
    });
    // Replicas are the other workspaces' resources: the table must not plan to remove them.
    expect(table.lifecycle).toEqual({ ignore_changes: ['replica'] });
    expect(table.replica).toBeUndefined();
  });

  it('each other region owns its replica, naming the table by an ARN derived from names, not by a state read', () => {
    for (const [region, replica] of replicas) {
      expect(replica.global_table_arn, region).toBe('arn:aws:dynamodb:us-east-1:${data.aws_caller_identity.current.account_id}:table/shop-carts');
      expect(stack(region)['data']?.['terraform_remote_state']).toBeUndefined();
    }
  });

  it('CKV_AWS_119 / CKV_AWS_271: the table and every replica encrypt with the topology key, by key ARN (not alias)', () => {
    expect(table.server_side_encryption).toEqual({ enabled: true, kms_key_arn: '${aws_kms_key.topology.arn}' });
    for (const [region, replica] of replicas) {
      expect(replica.kms_key_arn, region).toBe('${data.aws_kms_alias.topology.target_key_arn}');
      expect(stack(region)['data']['aws_kms_alias']['topology']).toEqual({ name: 'alias/shop' });
    }
  });

  it('CKV_AWS_28 / CKV_AWS_165: point-in-time recovery on the table and every replica', () => {
    expect(table.point_in_time_recovery).toEqual({ enabled: true });
    for (const [region, replica] of replicas) expect(replica.point_in_time_recovery, region).toBe(true);
  });

  it('deletion protection on the table and every replica', () => {
    expect(table.deletion_protection_enabled).toBe(true);
    for (const [region, replica] of replicas) expect(replica.deletion_protection_enabled, region).toBe(true);
  });

  it('the topology can turn PITR and deletion protection off, and is then taken at its word', () => {
    const off = synth(eventual.replace('    rangeKey: { name: sk, type: N }\n', '    rangeKey: { name: sk, type: N }\n    pointInTimeRecovery: false\n    deletionProtection: false\n'));
    expect(off.stack('us-east-1')['resource']['aws_dynamodb_table']['carts']).toMatchObject({ point_in_time_recovery: { enabled: false }, deletion_protection_enabled: false });
    expect(off.stack('us-west-2')['resource']['aws_dynamodb_table_replica']['carts']).toMatchObject({ point_in_time_recovery: false, deletion_protection_enabled: false });
  });

  const setup = findTerraform();
  it.skipIf('missing' in setup)('validates and applies every workspace in dependency order with real Terraform', async () => {
    if ('missing' in setup) return;
    for (const [name, applied] of await applyOutput(setup, out)) expect(applied.validate, name).toMatchObject({ valid: true });
  }, 300_000);
});

const partitioned = `version: 1
name: health
pattern: partitioned
regions:
  - { name: eu-west-1, jurisdiction: eu }
  - { name: us-east-1, jurisdiction: us }
  - { name: eu-central-1, jurisdiction: eu }
  - { name: us-west-2, jurisdiction: us }
data:
  - name: profiles
    type: dynamodb
    hashKey: { name: patient, type: S }
    regulated: true
`;

describe('dynamodb, regulated under partitioned', () => {
  const { out, stack } = synth(partitioned);

  it('one independent global table per jurisdiction: replicas only join their own jurisdiction\'s table', () => {
    expect(Object.keys(stack('eu-west-1')['resource']['aws_dynamodb_table'])).toEqual(['profiles_eu-west-1']);
    expect(Object.keys(stack('us-east-1')['resource']['aws_dynamodb_table'])).toEqual(['profiles_us-east-1']);
    expect(stack('eu-central-1')['resource']['aws_dynamodb_table_replica']['profiles_eu-west-1'].global_table_arn).toMatch(/^arn:aws:dynamodb:eu-west-1:.*:table\/health-profiles$/);
    expect(stack('us-west-2')['resource']['aws_dynamodb_table_replica']['profiles_us-east-1'].global_table_arn).toMatch(/^arn:aws:dynamodb:us-east-1:.*:table\/health-profiles$/);
    // The us-east-1 table is homed outside the primary workspace: its key ARN is resolved in its own region.
    expect(stack('us-east-1')['resource']['aws_dynamodb_table']['profiles_us-east-1'].server_side_encryption.kms_key_arn).toBe('${data.aws_kms_alias.topology.target_key_arn}');
  });

  const setup = findTerraform();
  it.skipIf('missing' in setup)('validates and applies every workspace with real Terraform', async () => {
    if ('missing' in setup) return;
    for (const [name, a] of await applyOutput(setup, out)) expect(a.validate, name).toMatchObject({ valid: true });
  }, 300_000);
});

describe('dynamodb, strong consistency (MRSC)', () => {
  const strong = synth(eventual.replace('    rangeKey: { name: sk, type: N }\n', '    consistency: strong\n'));
  const witnessed = synth(
    eventual.replace('  - name: us-west-2\n', '').replace('    rangeKey: { name: sk, type: N }\n', '    consistency: strong\n    witness: us-west-2\n'),
  );

  it('declares the strongly consistent replicas on the table, each under its region\'s key ARN, with PITR and deletion protection', () => {
    const table = strong.stack('us-east-1')['resource']['aws_dynamodb_table']['carts'] as Json;
    expect(table.replica).toEqual([
      { region_name: 'us-east-2', consistency_mode: 'STRONG', kms_key_arn: '${aws_kms_replica_key.us-east-2.arn}', point_in_time_recovery: true, deletion_protection_enabled: true, propagate_tags: true },
      { region_name: 'us-west-2', consistency_mode: 'STRONG', kms_key_arn: '${aws_kms_replica_key.us-west-2.arn}', point_in_time_recovery: true, deletion_protection_enabled: true, propagate_tags: true },
    ]);
    expect(table.lifecycle).toBeUndefined();
    expect(strong.stack('us-east-2')['resource']?.['aws_dynamodb_table_replica']).toBeUndefined();
  });

  it('two regions and a witness: the witness is declared on the table', () => {
    const table = witnessed.stack('us-east-1')['resource']['aws_dynamodb_table']['carts'] as Json;
    expect(table.global_table_witness).toEqual({ region_name: 'us-west-2' });
    expect(table.replica).toHaveLength(1);
  });

  it('the attributes hashicorp/aws 5.100.0 lacks are those of the 6.x schema the bindings were generated from', () => {
    // The machine's provider mirror holds 5.100.0, which has no consistency_mode or global_table_witness: these
    // workspaces cannot pass its `terraform validate`. They are checked against the 6.x schema instead, as the
    // @cdktf/provider-aws bindings (generated from hashicorp/aws 6.25) write it.
    const binding = readFileSync(join(ROOT, 'node_modules/@cdktf/provider-aws/lib/dynamodb-table/index.js'), 'utf8');
    for (const attribute of ['consistency_mode', 'global_table_witness', 'deletion_protection_enabled', 'region_name', 'kms_key_arn', 'point_in_time_recovery', 'propagate_tags']) {
      expect(binding, attribute).toContain(`${attribute}:`);
    }
    console.info('dynamodb MRSC: consistency_mode and global_table_witness are hashicorp/aws 6.x arguments (not in the 5.100.0 mirror); checked against the 6.25 bindings, not by terraform validate');
  });
});

describe('dynamodb strong, witness among the regions', () => {
  it('the witness region holds no replica; the table declares the witness', () => {
    const { stack } = synth(eventual.replace('    rangeKey: { name: sk, type: N }\n', '    consistency: strong\n    witness: us-west-2\n'));
    const table = stack('us-east-1')['resource']['aws_dynamodb_table']['carts'] as Json;
    expect(table.replica.map((r: Json) => r.region_name)).toEqual(['us-east-2']);
    expect(table.global_table_witness).toEqual({ region_name: 'us-west-2' });
    expect(stack('us-west-2')['resource']?.['aws_dynamodb_table_replica']).toBeUndefined();
  });
});
