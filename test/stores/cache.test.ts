// ElastiCache stores: secure defaults (each with the Checkov rule it satisfies), where each resource lives, the
// failover-proof lifecycle of a Global Datastore, and real Terraform on every workspace in apply order.
import { describe, expect, it } from 'vitest';
import { applyOutput, findTerraform } from '../helpers/terraform';
import { synthTopology, type Json } from '../helpers/synth';


const synth = (text: string) => synthTopology(text, 'cache');

const resources = (stack: Json, type: string): Json => (stack['resource']?.[type] ?? {}) as Json;

/** Two regions: a global valkey cache and a per-region redis cache. */
const activePassive = `version: 1
name: shop
pattern: active-passive
regions:
  - name: us-east-1
    network: { subnetIds: [subnet-0a1, subnet-0b2], securityGroupIds: [sg-0c3] }
  - name: us-west-2
    network: { subnetIds: [subnet-1d4, subnet-2e5], securityGroupIds: [sg-3f6] }
data:
  - { name: sessions, type: cache, engine: valkey, mode: global }
  - { name: pages, type: cache, engine: redis, nodeType: cache.m7g.large }
`;

/** Two jurisdictions of two regions each: a regulated global cache per jurisdiction, a regulated per-region cache. */
const partitioned = `version: 1
name: clinic
pattern: partitioned
regions:
  - name: us-east-1
    jurisdiction: us
    network: { subnetIds: [subnet-0a1, subnet-0b2] }
  - name: us-west-2
    jurisdiction: us
    network: { subnetIds: [subnet-1d4, subnet-2e5] }
  - name: eu-west-1
    jurisdiction: eu
    network: { subnetIds: [subnet-3a1, subnet-3b2] }
  - name: eu-central-1
    jurisdiction: eu
    network: { subnetIds: [subnet-4a1, subnet-4b2] }
data:
  - { name: records, type: cache, engine: redis, mode: global, regulated: true }
  - { name: scratch, type: cache, engine: valkey, regulated: true }
`;

describe('cache: secure defaults on every replication group', () => {
  const { stack } = synth(activePassive);
  const east = stack('us-east-1');
  const west = stack('us-west-2');
  const groups = { ...resources(east, 'aws_elasticache_replication_group'), ...resources(west, 'aws_elasticache_replication_group') };
  /** Groups that set engine and encryption themselves: per-region ones and the first member of a datastore. */
  const own = Object.entries(groups).filter(([, g]) => g.global_replication_group_id === undefined);

  it('makes one group per region and store, named <topology>-<store>-<region>', () => {
    expect(Object.keys(groups).sort()).toEqual(['pages_us-east-1', 'pages_us-west-2', 'sessions_us-east-1', 'sessions_us-west-2']);
    for (const [id, g] of Object.entries(groups)) expect(g.replication_group_id).toBe(`shop-${id.replace('_', '-')}`);
    expect(own.map(([id]) => id).sort()).toEqual(['pages_us-east-1', 'pages_us-west-2', 'sessions_us-east-1']);
  });

  it('CKV_AWS_29 encryption at rest on every group that sets it (a datastore member inherits it)', () => {
    for (const [, g] of own) expect(g.at_rest_encryption_enabled).toBe('true');
  });

  it('CKV_AWS_191 every group is encrypted with the topology key by its own ARN, never an alias', () => {
    expect(groups['pages_us-east-1'].kms_key_id).toBe('${aws_kms_key.topology.arn}');
    expect(groups['sessions_us-east-1'].kms_key_id).toBe('${aws_kms_key.topology.arn}');
    // The secondary of the datastore, managed from the primary workspace: the key family's replica there.
    expect(groups['sessions_us-west-2'].kms_key_id).toBe('${aws_kms_replica_key.us-west-2.arn}');
    // Per-region in its own workspace: the alias resolved to the key's ARN in that region.
    expect(groups['pages_us-west-2'].kms_key_id).toBe('${data.aws_kms_alias.topology.target_key_arn}');
    for (const g of Object.values(groups)) expect(g.kms_key_id).not.toMatch(/alias\//);
  });

  it('CKV_AWS_30 in-transit encryption on every group that sets it', () => {
    for (const [, g] of own) expect(g.transit_encryption_enabled).toBe(true);
  });

  it('CKV_AWS_31 authentication without a secret in state: IAM users in a user group, no auth_token', () => {
    for (const [id, g] of Object.entries(groups)) {
      expect(g.auth_token).toBeUndefined();
      expect(g.user_group_ids).toEqual([`\${aws_elasticache_user_group.${id}.user_group_id}`]);
    }
    const users = { ...resources(east, 'aws_elasticache_user'), ...resources(west, 'aws_elasticache_user') };
    for (const u of Object.values(users)) {
      expect(u.passwords).toBeUndefined();
      expect(u.authentication_mode.passwords).toBeUndefined();
    }
    // IAM authentication needs user id = user name.
    expect(users['sessions_us-west-2_iam']).toMatchObject({ user_id: 'shop-sessions-iam', user_name: 'shop-sessions-iam', engine: 'valkey', authentication_mode: { type: 'iam' } });
    // redis user groups must hold a user named default: ours, disabled.
    expect(users['pages_us-east-1_default']).toMatchObject({ user_name: 'default', access_string: 'off -@all', engine: 'redis', authentication_mode: { type: 'no-password-required' } });
    const userGroups = { ...resources(east, 'aws_elasticache_user_group'), ...resources(west, 'aws_elasticache_user_group') };
    expect(userGroups['pages_us-west-2'].user_ids).toEqual(['${aws_elasticache_user.pages_us-west-2_default.user_id}', '${aws_elasticache_user.pages_us-west-2_iam.user_id}']);
    // valkey user groups need no default user and may not hold one without authentication.
    expect(userGroups['sessions_us-east-1'].user_ids).toEqual(['${aws_elasticache_user.sessions_us-east-1_iam.user_id}']);
    expect(Object.keys(users).filter((u) => u.startsWith('sessions') && u.endsWith('_default'))).toEqual([]);
  });

  it('CKV2_AWS_50 Multi-AZ with automatic failover on two nodes in every group', () => {
    for (const g of Object.values(groups)) expect(g).toMatchObject({ automatic_failover_enabled: true, multi_az_enabled: true, num_cache_clusters: 2 });
  });

  it('CKV_AWS_134 automatic snapshots kept for days, and a final snapshot on delete', () => {
    for (const g of Object.values(groups)) {
      expect(g.snapshot_retention_limit).toBeGreaterThanOrEqual(1);
      expect(g.final_snapshot_identifier).toBe(`${g.replication_group_id}-final`);
    }
  });

  it('CKV_AWS_158 CKV_AWS_338 slow and engine logs go to KMS-encrypted log groups kept a year', () => {
    const logGroups = { ...resources(east, 'aws_cloudwatch_log_group'), ...resources(west, 'aws_cloudwatch_log_group') };
    for (const [id, g] of Object.entries(groups)) {
      const deliveries = g.log_delivery_configuration as Json[];
      expect(deliveries.map((d) => d.log_type).sort()).toEqual(['engine-log', 'slow-log']);
      for (const d of deliveries) {
        expect(d).toMatchObject({ destination_type: 'cloudwatch-logs', log_format: 'json' });
        const logId = `${id}_${(d.log_type as string).replace('-', '_')}`;
        expect(d.destination).toBe(`\${aws_cloudwatch_log_group.${logId}.name}`);
        const log = logGroups[logId];
        expect(log.name).toBe(`/topoform/shop/elasticache/${g.replication_group_id}/${d.log_type}`);
        expect(log.retention_in_days).toBeGreaterThanOrEqual(365);
        expect(log.kms_key_id).toBe(g.kms_key_id); // the same key, in the same region, by ARN
        expect(log.provider).toBe(g.provider);
      }
    }
  });

  it('lets CloudWatch Logs use the key only for the topology\'s log groups', () => {
    const policy = resources(east, 'aws_kms_key')['topology'].policy as string;
    expect(policy).toContain('"Sid" = "CloudWatchLogsEncryptsTopologyLogGroups"');
    expect(policy).toContain('"Service" = ["logs.us-east-1.amazonaws.com", "logs.us-west-2.amazonaws.com"]');
    expect(policy).toContain('"kms:EncryptionContext:aws:logs:arn" = "arn:aws:logs:*:${data.aws_caller_identity.current.account_id}:log-group:/topoform/shop/*"');
    expect(resources(east, 'aws_kms_replica_key')['us-west-2'].policy).toContain('CloudWatchLogsEncryptsTopologyLogGroups');
  });

  it('attaches each group to its region\'s subnets and security groups', () => {
    expect(resources(west, 'aws_elasticache_subnet_group')['pages_us-west-2']).toMatchObject({ name: 'shop-pages-us-west-2', subnet_ids: ['subnet-1d4', 'subnet-2e5'] });
    expect(resources(east, 'aws_elasticache_subnet_group')['sessions_us-west-2']).toMatchObject({ name: 'shop-sessions-us-west-2', subnet_ids: ['subnet-1d4', 'subnet-2e5'], provider: 'aws.us_west_2' });
    expect(groups['sessions_us-west-2'].security_group_ids).toEqual(['sg-3f6']);
    expect(groups['pages_us-east-1'].security_group_ids).toEqual(['sg-0c3']);
    for (const [id, g] of Object.entries(groups)) expect(g.subnet_group_name).toBe(`\${aws_elasticache_subnet_group.${id}.name}`);
  });

  it('creates the engine, version and node type the store names', () => {
    expect(groups['pages_us-west-2']).toMatchObject({ engine: 'redis', engine_version: '7.1', node_type: 'cache.m7g.large' });
    expect(groups['sessions_us-east-1']).toMatchObject({ engine: 'valkey', engine_version: '8.0', node_type: 'cache.r7g.large' });
  });
});

describe('cache: where each mode lives', () => {
  const { stack } = synth(activePassive);
  const east = stack('us-east-1');
  const west = stack('us-west-2');

  it('per-region: each region\'s group and all it needs in that region\'s own workspace, no provider alias', () => {
    for (const [name, s] of [['us-east-1', east], ['us-west-2', west]] as const) {
      for (const type of ['aws_elasticache_replication_group', 'aws_elasticache_subnet_group', 'aws_elasticache_user_group']) {
        const own = resources(s, type)[`pages_${name}`];
        expect(own, `${type} pages_${name}`).toBeDefined();
        expect(own.provider).toBeUndefined();
      }
    }
  });

  it('global: the datastore and every member with its subnets, users and logs in the primary workspace', () => {
    const datastores = resources(east, 'aws_elasticache_global_replication_group');
    expect(Object.keys(datastores)).toEqual(['sessions_us-east-1']);
    expect(datastores['sessions_us-east-1']).toMatchObject({
      global_replication_group_id_suffix: 'shop-sessions-us-east-1',
      primary_replication_group_id: '${aws_elasticache_replication_group.sessions_us-east-1.replication_group_id}',
      cache_node_type: 'cache.r7g.large',
      automatic_failover_enabled: true,
    });
    const member = resources(east, 'aws_elasticache_replication_group')['sessions_us-west-2'];
    expect(member).toMatchObject({ provider: 'aws.us_west_2', global_replication_group_id: '${aws_elasticache_global_replication_group.sessions_us-east-1.global_replication_group_id}' });
    // The datastore sets these for its secondaries; the provider refuses them next to global_replication_group_id.
    for (const arg of ['engine', 'engine_version', 'node_type', 'at_rest_encryption_enabled', 'transit_encryption_enabled', 'parameter_group_name']) expect(member[arg], arg).toBeUndefined();
    for (const type of ['aws_elasticache_subnet_group', 'aws_elasticache_user_group', 'aws_cloudwatch_log_group', 'aws_elasticache_user']) {
      const there = Object.entries(resources(east, type)).filter(([id]) => id.startsWith('sessions_us-west-2'));
      expect(there.length, type).toBeGreaterThan(0);
      for (const [, r] of there) expect(r.provider).toBe('aws.us_west_2');
    }
    // The secondary region's workspace holds nothing of the store, and reads no other workspace's state.
    for (const type of Object.keys(west['resource'] ?? {})) expect(Object.keys(resources(west, type)).filter((id) => id.startsWith('sessions'))).toEqual([]);
    for (const s of [east, west]) expect(s['data']?.['terraform_remote_state']).toBeUndefined();
  });

  it('a failover (an API call) leaves the next plan empty: promoted roles and the datastore-owned node type are ignored', () => {
    expect(resources(east, 'aws_elasticache_global_replication_group')['sessions_us-east-1'].lifecycle).toEqual({ ignore_changes: ['primary_replication_group_id'] });
    expect(resources(east, 'aws_elasticache_replication_group')['sessions_us-east-1'].lifecycle).toEqual({ ignore_changes: ['node_type'] });
    expect(resources(west, 'aws_elasticache_replication_group')['pages_us-west-2'].lifecycle).toBeUndefined();
  });
});

describe('cache under partitioned: one datastore per jurisdiction, homed in its first region', () => {
  const { out, stack } = synth(partitioned);
  const us = stack('us-east-1');
  const eu = stack('eu-west-1');

  it('makes a datastore per jurisdiction, its members only in that jurisdiction', () => {
    expect(Object.keys(resources(us, 'aws_elasticache_global_replication_group'))).toEqual(['records_us-east-1']);
    expect(Object.keys(resources(eu, 'aws_elasticache_global_replication_group'))).toEqual(['records_eu-west-1']);
    expect(Object.keys(resources(us, 'aws_elasticache_replication_group')).filter((id) => id.startsWith('records')).sort()).toEqual(['records_us-east-1', 'records_us-west-2']);
    expect(Object.keys(resources(eu, 'aws_elasticache_replication_group')).filter((id) => id.startsWith('records')).sort()).toEqual(['records_eu-central-1', 'records_eu-west-1']);
    expect(resources(eu, 'aws_elasticache_replication_group')['records_eu-central-1'].global_replication_group_id).toBe('${aws_elasticache_global_replication_group.records_eu-west-1.global_replication_group_id}');
  });

  it('names the key in a member region outside the primary workspace by its alias, read in that region', () => {
    const member = resources(eu, 'aws_elasticache_replication_group')['records_eu-central-1'];
    expect(member.kms_key_id).toBe('${data.aws_kms_alias.records_eu-central-1.target_key_arn}');
    expect(eu['data']['aws_kms_alias']['records_eu-central-1']).toMatchObject({ name: 'alias/clinic', provider: 'aws.eu_central_1' });
    expect(resources(eu, 'aws_elasticache_replication_group')['records_eu-west-1'].kms_key_id).toBe('${data.aws_kms_alias.topology.target_key_arn}');
  });

  it('keeps a regulated per-region cache in each region', () => {
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1']) {
      expect(resources(stack(region), 'aws_elasticache_replication_group')[`scratch_${region}`]).toBeDefined();
    }
  });

  const setup = findTerraform();
  it.skipIf('missing' in setup)('validates and applies every workspace in dependency order with real Terraform', async () => {
    if ('missing' in setup) return;
    const applied = await applyOutput(setup, out);
    for (const a of applied.values()) expect(a.validate.valid, a.name).toBe(true);
    const eu1 = applied.get('eu-west-1')!.resources;
    expect(eu1.get('aws_elasticache_global_replication_group.records_eu-west-1')).toBeDefined();
    expect(eu1.get('aws_elasticache_replication_group.records_eu-central-1')?.['kms_key_id']).toMatch(/^arn:aws:kms:/);
  }, 600_000);
});

describe('cache: real Terraform on the two-region topology', () => {
  const { out } = synth(activePassive);
  const setup = findTerraform();
  it.skipIf('missing' in setup)('validates and applies every workspace in dependency order', async () => {
    if ('missing' in setup) return;
    const applied = await applyOutput(setup, out);
    for (const a of applied.values()) expect(a.validate.valid, a.name).toBe(true);
    const east = applied.get('us-east-1')!.resources;
    expect(east.get('aws_elasticache_replication_group.sessions_us-west-2')?.['global_replication_group_id']).toBeTruthy();
    expect(east.get('aws_cloudwatch_log_group.sessions_us-west-2_slow_log')?.['kms_key_id']).toMatch(/^arn:aws:kms:us-west-2:/);
  }, 600_000);
});
