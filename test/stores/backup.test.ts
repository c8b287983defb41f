// Backup stores: a locked vault, a plan and restore testing in every region, copies to the next region's vault (and
// another account's), selections by the tags every store's resources carry, failed jobs to the alarm topic. And, with
// real Terraform, a partitioned topology whose regulated queue, bus and backup stay in their jurisdictions.
import { describe, expect, it } from 'vitest';
import { applyOutput, findTerraform } from '../helpers/terraform';
import { synthTopology, type Json } from '../helpers/synth';

const regions = ['us-east-1', 'us-east-2', 'us-west-2'];
const text = `version: 1
name: shop
pattern: active-passive
regions:
${regions.map((r) => `  - { name: ${r}, account: "111111111111" }`).join('\n')}
alarms: { email: [oncall@example.com] }
data:
  - { name: carts, type: dynamodb, hashKey: { name: pk, type: S } }
  - { name: files, type: s3 }
  - { name: keys, type: secret }
  - name: vault
    type: backup
    schedule: "cron(0 */6 * * ? *)"
    retention: 1y
    coldAfter: 30d
    copyToAccount: "333333333333"
    lock: { mode: compliance, minRetention: 30d, maxRetention: 2y }
`;

describe('backup store', () => {
  const { stack } = synthTopology(text, 'backup');
  const res = (region: string) => stack(region)['resource'] as Json;
  const next = (region: string) => regions[(regions.indexOf(region) + 1) % regions.length]!;

  it('makes a vault in every region under the region\'s key, locked in compliance mode with its grace time', () => {
    for (const region of regions) {
      const vault = res(region)['aws_backup_vault']['vault'];
      expect(vault).toMatchObject({ name: 'shop-vault', force_destroy: false });
      expect(vault.kms_key_arn, region).toMatch(region === 'us-east-1' ? /aws_kms_key\.topology\.arn/ : /data\.aws_kms_alias\.topology\.target_key_arn/);
      expect(res(region)['aws_backup_vault_lock_configuration']['vault']).toEqual({ backup_vault_name: '${aws_backup_vault.vault.name}', min_retention_days: 30, max_retention_days: 730, changeable_for_days: 3 });
    }
  });

  it('backs up on the schedule, keeps for the retention, moves to cold storage, and copies to the next region and the other account', () => {
    for (const region of regions) {
      const rule = (res(region)['aws_backup_plan']['vault'].rule as Json[])[0]!;
      expect(rule).toMatchObject({ schedule: 'cron(0 */6 * * ? *)', target_vault_name: '${aws_backup_vault.vault.name}' });
      const lifecycle = { delete_after: 365, cold_storage_after: 30, opt_in_to_archive_for_supported_resources: true };
      expect(rule.lifecycle).toEqual(lifecycle);
      expect(rule.copy_action).toEqual([
        { destination_vault_arn: `arn:aws:backup:${next(region)}:111111111111:backup-vault:shop-vault`, lifecycle },
        { destination_vault_arn: `arn:aws:backup:${region}:333333333333:backup-vault:shop-vault`, lifecycle },
      ]);
      // The vault a copy goes to is one the next region's own workspace makes, under that name.
      expect(res(next(region))['aws_backup_vault']['vault'].name).toBe('shop-vault');
    }
  });

  it('selects each supported store by the tags its resources carry, and those resources carry them', () => {
    for (const region of regions) {
      const selections = res(region)['aws_backup_selection'];
      expect(Object.keys(selections).sort()).toEqual(['vault_carts', 'vault_files']);
      for (const store of ['carts', 'files']) {
        expect(selections[`vault_${store}`].condition).toEqual([
          { string_equals: [{ key: 'aws:ResourceTag/topoform:topology', value: 'shop' }, { key: 'aws:ResourceTag/topoform:store', value: store }] },
        ]);
      }
      expect(res(region)['aws_s3_bucket']['files'].tags).toMatchObject({ 'topoform:store': 'files' });
    }
    expect(res('us-east-1')['aws_dynamodb_table']['carts'].tags).toMatchObject({ 'topoform:store': 'carts' });
    // An eventually consistent table's replica in another region is that region's own resource, tagged there.
    for (const region of regions.slice(1)) expect(res(region)['aws_dynamodb_table_replica']['carts'].tags, region).toMatchObject({ 'topoform:store': 'carts' });
    // Every provider tags with the topology.
    expect(stack('us-east-2')['provider']['aws'][0].default_tags[0].tags['topoform:topology']).toBe('shop');
  });

  it('tests restores every week, per kind of store, and only from its own vault', () => {
    for (const region of regions) {
      const plan = res(region)['aws_backup_restore_testing_plan']['vault'];
      expect(plan.name).toBe('shop_vault');
      expect(plan.recovery_point_selection[0]).toMatchObject({ algorithm: 'LATEST_WITHIN_WINDOW', include_vaults: ['${aws_backup_vault.vault.arn}'] });
      expect(Object.values(res(region)['aws_backup_restore_testing_selection']).map((s) => (s as Json).protected_resource_type).sort()).toEqual(['DynamoDB', 'S3']);
    }
  });

  it('assumes a role only AWS Backup of this account can assume, with AWS\'s managed policies for backups and restores', () => {
    for (const region of regions) {
      const role = res(region)['aws_iam_role']['vault_backup'];
      expect(role.assume_role_policy).toContain('backup.amazonaws.com');
      expect(role.assume_role_policy).toContain('aws:SourceAccount');
      const attached = Object.values(res(region)['aws_iam_role_policy_attachment'] as Json).map((a) => (a as Json).policy_arn).sort();
      expect(attached).toEqual([
        'arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup',
        'arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore',
        'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup',
        'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores',
      ]);
    }
  });

  it('sends failed backup, copy and restore jobs to the region\'s alarm topic, which admits that rule alone', () => {
    for (const region of regions) {
      const rule = res(region)['aws_cloudwatch_event_rule']['vault_failed_jobs'];
      expect(JSON.parse(rule.event_pattern)).toEqual({ source: ['aws.backup'], 'detail-type': ['Backup Job State Change', 'Copy Job State Change', 'Restore Job State Change'], detail: { state: ['FAILED', 'ABORTED', 'EXPIRED', 'PARTIAL'] } });
      expect(res(region)['aws_cloudwatch_event_target']['vault_failed_jobs'].arn).toBe(`arn:aws:sns:${region}:111111111111:shop-alarms`);
      expect(res(region)['aws_sns_topic']['alarms'].name).toBe('shop-alarms');
      expect(res(region)['aws_sns_topic_policy']['alarms'].policy).toContain(`arn:aws:events:${region}:111111111111:rule/shop-vault-backup-failed`);
    }
    expect(res('us-east-1')['aws_kms_key']['topology'].policy).toContain('EventBridgePublishesToTopologyTopics');
  });

  it('lets the copy account use the topology key, which Aurora recovery points stay encrypted with', () => {
    const policy = res('us-east-1')['aws_kms_key']['topology'].policy as string;
    expect(policy).toContain('BackupCopyAccountsUseTheKey');
    expect(policy).toContain('arn:aws:iam::333333333333:root');
    expect(policy).toMatch(/BackupCopyAccountsGrantToAwsServices.*kms:GrantIsForAWSResource/s);
  });

  it('selects each store by its own ARNs too, so the region\'s opt-in per resource type cannot skip it', () => {
    for (const region of regions) {
      const selections = res(region)['aws_backup_selection'];
      expect(selections['vault_files'].resources).toEqual([`arn:aws:s3:::shop-files-${region}`]);
      expect(selections['vault_carts'].resources).toEqual([`arn:aws:dynamodb:${region}:111111111111:table/shop-carts`]);
    }
  });
});

describe('regulated queue, bus and backup under partitioned', () => {
  const partitioned = `version: 1
name: clinic
pattern: partitioned
regions:
  - { name: eu-west-1, jurisdiction: eu, account: "111111111111", endpoint: { dnsName: a.eu-west-1.elb.amazonaws.com, zoneId: Z32O12XQLNTSW2 } }
  - { name: us-east-1, jurisdiction: us, account: "111111111111", endpoint: { dnsName: b.us-east-1.elb.amazonaws.com, zoneId: Z35SXDOTRQ7X7K } }
  - { name: eu-central-1, jurisdiction: eu, account: "111111111111", endpoint: { dnsName: c.eu-central-1.elb.amazonaws.com, zoneId: Z215JYRZR1TBD5 } }
  - { name: us-west-2, jurisdiction: us, account: "111111111111", endpoint: { dnsName: d.us-west-2.elb.amazonaws.com, zoneId: Z1H1FL5HABSF5 } }
routing:
  domain: api.example.com
  zone: example.com
  geolocation: { eu-west-1: [EU], eu-central-1: [AF], us-east-1: [NA, "*"], us-west-2: [SA] }
alarms: { email: [oncall@example.com] }
data:
  - { name: records, type: s3, regulated: true }
  - { name: intake, type: queue, regulated: true }
  - { name: updates, type: events, regulated: true }
  - { name: vault, type: backup, regulated: true, schedule: "cron(0 5 * * ? *)", retention: 35d }
`;
  const { out, stack } = synthTopology(partitioned, 'backup-partitioned');
  const res = (region: string) => stack(region)['resource'] as Json;
  const jurisdiction: Record<string, string> = { 'eu-west-1': 'eu', 'eu-central-1': 'eu', 'us-east-1': 'us', 'us-west-2': 'us' };

  it('copies recovery points and forwards events only within each jurisdiction', () => {
    for (const region of Object.keys(jurisdiction)) {
      const rule = (res(region)['aws_backup_plan']['vault'].rule as Json[])[0]!;
      for (const copy of rule.copy_action as Json[]) {
        const to = /backup:([a-z0-9-]+):/.exec(copy.destination_vault_arn)![1]!;
        expect(jurisdiction[to], `${region} copies to ${to}`).toBe(jurisdiction[region]);
        expect(to).not.toBe(region);
      }
      for (const target of Object.values(res(region)['aws_cloudwatch_event_target'] as Json) as Json[]) {
        const to = /events:([a-z0-9-]+):/.exec(target.arn)?.[1];
        if (target.arn.includes('event-bus')) expect(jurisdiction[to!], `${region} forwards to ${to}`).toBe(jurisdiction[region]);
      }
      expect(res(region)['aws_sqs_queue']['intake'].name).toBe('clinic-intake');
    }
  });

  const setup = findTerraform();
  it.skipIf('missing' in setup)('validates and applies every workspace in dependency order with real Terraform', async () => {
    if ('missing' in setup) return;
    const applied = await applyOutput(setup, out);
    for (const region of Object.keys(jurisdiction)) {
      const state = applied.get(region)!.resources;
      expect(state.get('aws_backup_vault.vault')?.['name'], region).toBe('clinic-vault');
      expect(state.get('aws_sqs_queue.intake')?.['name'], region).toBe('clinic-intake');
      expect(state.get('aws_cloudwatch_event_bus.updates')?.['name'], region).toBe('clinic-updates');
    }
  }, 300_000);
});
