// Aurora Global Database: where each part lives, secure defaults (named after their Checkov rules), a master
// password that exists in no file and no state, settings that survive a failover, and real Terraform.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyOutput, findTerraform, type Applied } from '../helpers/terraform';
import { synthTopology, type Json } from '../helpers/synth';


const synth = (text: string) => synthTopology(text, 'aurora');

const topology = (pattern: string, instances: string, engine = 'aurora-postgresql', version = '"16.4"') => `version: 1
name: claims
pattern: ${pattern}
regions:
  - name: us-east-1
    network: { subnetIds: [subnet-0a11, subnet-0a12], securityGroupIds: [sg-0a13] }
  - name: us-west-2
    network: { subnetIds: [subnet-0b21, subnet-0b22], securityGroupIds: [sg-0b23] }
data:
  - name: claims
    type: aurora
    engine: ${engine}
    engineVersion: ${version}
    instances: ${instances}
`;

describe('aurora', () => {
  const { out, stack } = synth(topology('warm-standby', '{ primary: 2, secondary: 1 }'));
  const home = stack('us-east-1')['resource'] as Json;
  const other = stack('us-west-2')['resource'] as Json;
  const writer = home['aws_rds_cluster']['claims'] as Json;
  const secondary = other['aws_rds_cluster']['claims'] as Json;

  it('the global cluster and the writer live in the primary workspace; the secondary joins by name in its own', () => {
    expect(home['aws_rds_global_cluster']['claims']).toMatchObject({ global_cluster_identifier: 'claims-claims', engine: 'aurora-postgresql', engine_version: '16.4', storage_encrypted: true, deletion_protection: true });
    // Aurora upgrades the global cluster out of band: its version is ignored, as on the members.
    expect(home['aws_rds_global_cluster']['claims'].lifecycle).toEqual({ ignore_changes: ['engine_version'] });
    expect(writer.global_cluster_identifier).toBe('${aws_rds_global_cluster.claims.id}');
    expect(secondary.global_cluster_identifier).toBe('claims-claims');
    expect(stack('us-west-2')['data']?.['terraform_remote_state']).toBeUndefined();
    expect(Object.keys(home['aws_rds_cluster_instance'])).toEqual(['claims_1', 'claims_2']);
    expect(Object.keys(other['aws_rds_cluster_instance'])).toEqual(['claims_1']);
  });

  it('subnet groups and security groups come from each region\'s network', () => {
    expect(home['aws_db_subnet_group']['claims'].subnet_ids).toEqual(['subnet-0a11', 'subnet-0a12']);
    expect(other['aws_db_subnet_group']['claims'].subnet_ids).toEqual(['subnet-0b21', 'subnet-0b22']);
    expect(writer.vpc_security_group_ids).toEqual(['sg-0a13']);
    expect(secondary.vpc_security_group_ids).toEqual(['sg-0b23']);
  });

  for (const [label, c] of [['writer', () => writer], ['secondary', () => secondary]] as const) {
    it(`CKV_AWS_96 / CKV_AWS_327: the ${label} is encrypted with the topology key, by key ARN (RDS stores the ARN)`, () => {
      expect(c().storage_encrypted).toBe(true);
      expect(c().kms_key_id).toBe(label === 'writer' ? '${aws_kms_key.topology.arn}' : '${data.aws_kms_alias.topology.target_key_arn}');
    });
    it(`CKV_AWS_139 / CKV_AWS_162 / CKV_AWS_313 / CKV_AWS_324: the ${label} has deletion protection, IAM auth, tags on snapshots, log exports`, () => {
      expect(c()).toMatchObject({ deletion_protection: true, iam_database_authentication_enabled: true, copy_tags_to_snapshot: true, enabled_cloudwatch_logs_exports: ['postgresql'] });
    });
    it(`backups of the ${label} are kept 7 days and a final snapshot is taken`, () => {
      expect(c()).toMatchObject({ backup_retention_period: 7, skip_final_snapshot: false });
      expect(c().final_snapshot_identifier).toMatch(/-final$/);
    });
    it(`the ${label} ignores what a failover or a global upgrade moves under it, and says why`, () => {
      expect(c().lifecycle).toEqual({ ignore_changes: ['global_cluster_identifier', 'replication_source_identifier', 'engine_version'] });
      expect(c()['//']).toMatch(/fails over/);
    });
  }

  it('CKV_AWS_17 / CKV_AWS_226 / CKV_AWS_353 / CKV_AWS_354: instances are private, patched, with encrypted Performance Insights', () => {
    for (const instance of [...Object.values(home['aws_rds_cluster_instance']), ...Object.values(other['aws_rds_cluster_instance'])] as Json[]) {
      expect(instance).toMatchObject({ publicly_accessible: false, auto_minor_version_upgrade: true, performance_insights_enabled: true, instance_class: 'db.r7g.large' });
      expect(instance.performance_insights_kms_key_id).toMatch(/^\$\{(aws_kms_key\.topology\.arn|data\.aws_kms_alias\.topology\.target_key_arn)\}$/);
      expect(instance.lifecycle).toEqual({ ignore_changes: ['engine_version'] });
    }
  });

  it('the master password is generated ephemerally and written only through write-only arguments (Terraform >= 1.11)', () => {
    const root = stack('us-east-1') as Json;
    expect(root['ephemeral']['aws_secretsmanager_random_password']['claims_master']).toEqual({ password_length: 32, exclude_punctuation: true });
    expect(writer).toMatchObject({ master_username: 'topoform', master_password_wo: '${ephemeral.aws_secretsmanager_random_password.claims_master.random_password}', master_password_wo_version: 1 });
    expect(writer.master_password).toBeUndefined();
    expect(writer.manage_master_user_password).toBeUndefined();
    const version = home['aws_secretsmanager_secret_version']['claims_master'] as Json;
    expect(version.secret_string).toBeUndefined();
    expect(version.secret_string_wo).toContain('ephemeral.aws_secretsmanager_random_password.claims_master.random_password');
    expect(root['terraform']['required_version']).toBe('>= 1.11');
  });

  it('CKV_AWS_149: the credential secret is encrypted with the topology key and replicated under each region\'s key ARN', () => {
    expect(home['aws_secretsmanager_secret']['claims_master']).toMatchObject({
      name: 'claims/claims/master',
      kms_key_id: '${aws_kms_key.topology.arn}',
      replica: [{ region: 'us-west-2', kms_key_id: '${aws_kms_replica_key.us-west-2.arn}' }],
      recovery_window_in_days: 30,
    });
  });

  const setup = findTerraform();
  it.skipIf('missing' in setup)('validates and applies every workspace with real Terraform, and no password is in any state', async () => {
    if ('missing' in setup) return;
    const applied: Applied[] = [...(await applyOutput(setup, out)).values()];
    for (const a of applied) expect(a.validate, a.name).toMatchObject({ valid: true });
    const primary = applied.find((a) => a.name === 'us-east-1')!;
    expect(primary.resources.get('aws_rds_cluster.claims')?.['master_password'] ?? null).toBeNull();
    expect(primary.resources.get('aws_secretsmanager_secret_version.claims_master')?.['secret_string'] ?? '').toBe('');
    // The mocked apply feeds the ephemeral value through an ephemeral variable: it must be nowhere in the state.
    for (const a of applied) expect(JSON.stringify([...a.resources.values()]), a.name).not.toContain('mock-ephemeral-value');
  }, 300_000);

  it('no generated file holds a password', () => {
    const files = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
    for (const f of files(out)) expect(readFileSync(f, 'utf8'), f).not.toMatch(/"(master_password|secret_string|password)"\s*:/);
  });
});

describe('aurora per pattern', () => {
  it('pilot light: headless secondaries (no instances), storage still replicated', () => {
    const { stack } = synth(topology('pilot-light', '{ primary: 2, secondary: 0 }'));
    expect(stack('us-west-2')['resource']['aws_rds_cluster']['claims']).toBeDefined();
    expect(stack('us-west-2')['resource']['aws_rds_cluster_instance']).toBeUndefined();
  });

  it('hybrid: every member forwards writes (AWS applies it to the writer once demoted); mysql exports its four logs', () => {
    const { stack } = synth(topology('hybrid', '{ primary: 1, secondary: 1 }', 'aurora-mysql', '"8.0.mysql_aurora.3.08.0"'));
    const secondary = stack('us-west-2')['resource']['aws_rds_cluster']['claims'] as Json;
    expect(secondary.enable_global_write_forwarding).toBe(true);
    expect(secondary.enabled_cloudwatch_logs_exports).toEqual(['audit', 'error', 'general', 'slowquery']);
    // On the writer too: a switchover demotes it, and then it must forward like any secondary.
    expect(stack('us-east-1')['resource']['aws_rds_cluster']['claims'].enable_global_write_forwarding).toBe(true);
    // Without writeForwarding no member forwards.
    const off = synth(topology('hybrid', '{ primary: 1, secondary: 1 }', 'aurora-mysql', '"8.0.mysql_aurora.3.08.0"').replace('    instances:', '    writeForwarding: false\n    instances:'));
    for (const r of ['us-east-1', 'us-west-2']) expect(off.stack(r)['resource']['aws_rds_cluster']['claims'].enable_global_write_forwarding).toBeUndefined();
  });
});
