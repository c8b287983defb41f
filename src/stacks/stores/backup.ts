// Backup store: AWS Backup in every region's own workspace (the `regional` hook): a vault encrypted with the region's
// topology key and locked, a service role, a plan that backs up the selected stores of that region on the schedule and
// copies each recovery point to another region's vault (and to `copyToAccount`'s vault of the same name), restore
// testing, and a rule that sends failed backup, copy and restore jobs to the alarm topic. Nothing reads another
// workspace: the other vaults are named by the convention, so each region plans and applies alone; a copy to a region
// that is down fails (and alarms) until it returns, and the backups of the surviving regions go on.
//
// Selections are by the tags every store's resources carry (`topoform:topology` and `topoform:store`, put by
// src/stacks/app.ts), so a store's resources in a region are backed up wherever they were made.
import { BackupPlan } from '@cdktf/provider-aws/lib/backup-plan';
import { BackupRestoreTestingPlan } from '@cdktf/provider-aws/lib/backup-restore-testing-plan';
import { BackupRestoreTestingSelection } from '@cdktf/provider-aws/lib/backup-restore-testing-selection';
import { BackupSelection } from '@cdktf/provider-aws/lib/backup-selection';
import { BackupVault } from '@cdktf/provider-aws/lib/backup-vault';
import { BackupVaultLockConfiguration } from '@cdktf/provider-aws/lib/backup-vault-lock-configuration';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { names } from '../../model/naming';
import type { BackupStore, DataStore } from '../../model/stores';
import { BACKUP_RESOURCE_TYPES, COMPLIANCE_GRACE_DAYS, copyTarget } from '../../model/stores/backup';
import { backupFailurePattern, RESTORE_TESTING } from '../../model/backup';
import type { BuildContext, RegionScope } from '../context';
import { named } from '../ids';
import { policyDocument, serviceTrust } from '../policy';
import type { StoreBuilder } from './builder';

/** The tag every resource of a store carries (with `topoform:topology`), by which backup selections find them. */
export const STORE_TAG = 'topoform:store';

/**
 * AWS's managed policies for AWS Backup's service role: backups and restores of every resource type, and S3's own pair
 * (https://docs.aws.amazon.com/aws-backup/latest/devguide/s3-backups.html: "add AWSBackupServiceRolePolicyForS3Backup and
 * AWSBackupServiceRolePolicyForS3Restore"). The S3 ones have no `service-role/` path.
 */
export const BACKUP_MANAGED_POLICIES = [
  'service-role/AWSBackupServiceRolePolicyForBackup',
  'service-role/AWSBackupServiceRolePolicyForRestores',
  'AWSBackupServiceRolePolicyForS3Backup',
  'AWSBackupServiceRolePolicyForS3Restore',
] as const;

function vaultArn(ctx: BuildContext, store: BackupStore, region: string, account: string): string {
  return `arn:${ctx.topology.partition}:backup:${region}:${account}:backup-vault:${names.backupVault(ctx.topology.name, store.name)}`;
}

function lifecycle(store: BackupStore) {
  return {
    deleteAfter: store.retentionDays,
    ...(store.coldAfterDays !== undefined ? { coldStorageAfter: store.coldAfterDays, optInToArchiveForSupportedResources: true } : {}),
  };
}

function regional(store: BackupStore, scope: RegionScope, ctx: BuildContext): void {
  const t = ctx.topology;
  const here = scope.region.name;
  const account = scope.accountId;
  const vault = named(
    new BackupVault(scope.stack, store.name, {
      name: names.backupVault(t.name, store.name),
      // AWS Backup keeps the key ARN it is given.
      kmsKeyArn: scope.kmsKeyArn(),
      forceDestroy: false,
    }),
    store.name,
  );
  const vaultName = vault.name;
  if (store.lock !== false) {
    named(
      new BackupVaultLockConfiguration(scope.stack, `${store.name}_lock`, {
        backupVaultName: vaultName,
        minRetentionDays: store.lock.minRetentionDays,
        ...(store.lock.maxRetentionDays !== undefined ? { maxRetentionDays: store.lock.maxRetentionDays } : {}),
        // Compliance mode: the lock can be removed during its grace time only, then never (not by AWS either).
        ...(store.lock.mode === 'compliance' ? { changeableForDays: COMPLIANCE_GRACE_DAYS } : {}),
      }),
      store.name,
    );
  }

  const role = named(
    new IamRole(scope.stack, `${store.name}_role`, {
      name: names.backupRole(t.name, store.name, here),
      description: `topoform ${t.name}: AWS Backup backs up, copies and restores ${store.name}'s stores in ${here}`,
      assumeRolePolicy: serviceTrust('AwsBackupOfThisAccount', 'backup.amazonaws.com', account),
    }),
    `${store.name}_backup`,
  );
  const roleName = role.name;
  for (const policy of BACKUP_MANAGED_POLICIES) {
    const id = `${store.name}_role_${policy.replace(/^.*\//, '').replace('AWSBackupServiceRolePolicyFor', '').toLowerCase()}`;
    named(new IamRolePolicyAttachment(scope.stack, id, { role: roleName, policyArn: `arn:${t.partition}:iam::aws:policy/${policy}` }), id);
  }
  // The topology key: the stores' data is encrypted with it, and so are the vaults (in this region and where copies go).
  named(
    new IamRolePolicy(scope.stack, `${store.name}_role_key`, {
      role: role.id,
      name: 'topology-key',
      policy: policyDocument([
        {
          Sid: 'UseTheTopologyKey',
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*', 'kms:DescribeKey'],
          Resource: `arn:${t.partition}:kms:*:${account}:key/*`,
          Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': names.kmsAlias(t) } },
        },
        {
          Sid: 'GrantTheTopologyKeyToAwsServices',
          Effect: 'Allow',
          Action: 'kms:CreateGrant',
          Resource: `arn:${t.partition}:kms:*:${account}:key/*`,
          Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': names.kmsAlias(t) }, Bool: { 'kms:GrantIsForAWSResource': true } },
        },
      ]),
    }),
    `${store.name}_backup`,
  );
  const roleArn = role.arn;

  const to = copyTarget(store, here);
  const copies = [
    ...(to !== undefined ? [vaultArn(ctx, store, to, account)] : []),
    ...(store.copyToAccount !== undefined ? [vaultArn(ctx, store, here, store.copyToAccount)] : []),
  ];
  const plan = named(
    new BackupPlan(scope.stack, `${store.name}_plan`, {
      name: names.backupPlan(t.name, store.name),
      rule: [
        {
          ruleName: store.name,
          targetVaultName: vaultName,
          schedule: store.schedule,
          // Within an hour of the schedule, done within a day: a job that cannot start or finish fails (and alarms).
          startWindow: 60,
          completionWindow: 24 * 60,
          lifecycle: lifecycle(store),
          copyAction: copies.map((destinationVaultArn) => ({ destinationVaultArn, lifecycle: lifecycle(store) })),
          recoveryPointTags: { 'topoform:topology': t.name, 'topoform:backup': store.name },
        },
      ],
    }),
    store.name,
  );
  const planId = plan.id;

  const here_ = selectedHere(ctx, store, here);
  for (const s of here_) {
    named(
      new BackupSelection(scope.stack, `${store.name}_${s.name}`, {
        name: names.backupSelection(s.name),
        planId,
        iamRoleArn: roleArn,
        // The store's own resources by ARN as well as by tag: a selection made of tag conditions alone follows the
        // region's AWS Backup opt-in per resource type, which is off for S3 in many accounts, and then skips the
        // resource without a job, an event or an alarm ("If resource assignments are only based on tags, then service
        // opt-in settings are applied. If a resource type is explicitly assigned to a backup plan ... it will be
        // included in the backup even if the opt-in is not enabled",
        // https://docs.aws.amazon.com/aws-backup/latest/devguide/API_UpdateRegionSettings.html).
        resources: protectedArns(ctx, s, here, account),
        condition: [{ stringEquals: [{ key: 'aws:ResourceTag/topoform:topology', value: t.name }, { key: `aws:ResourceTag/${STORE_TAG}`, value: s.name }] }],
      }),
      `${store.name}_${s.name}`,
    );
  }

  if (store.restoreTesting && here_.length > 0) {
    const testing = named(
      new BackupRestoreTestingPlan(scope.stack, `${store.name}_restore_testing`, {
        name: names.restoreTestingPlan(t.name, store.name),
        scheduleExpression: RESTORE_TESTING.schedule,
        startWindowHours: RESTORE_TESTING.startWindowHours,
        recoveryPointSelection: [
          {
            algorithm: 'LATEST_WITHIN_WINDOW',
            includeVaults: [vault.arn],
            recoveryPointTypes: ['SNAPSHOT'],
            selectionWindowDays: RESTORE_TESTING.selectionWindowDays,
          },
        ],
      }),
      store.name,
    );
    const types = [...new Set(here_.map((s) => BACKUP_RESOURCE_TYPES[s.type]!))].sort();
    for (const type of types) {
      const id = `${store.name}_restore_testing_${type.toLowerCase()}`;
      named(
        new BackupRestoreTestingSelection(scope.stack, id, {
          name: names.restoreTestingSelection(type),
          restoreTestingPlanName: testing.name,
          protectedResourceType: type,
          iamRoleArn: roleArn,
          // Conditions, not ARNs: the provider takes exactly one of protected_resource_arns and
          // protected_resource_conditions, and conditions select every protected resource of the type that matches.
          protectedResourceConditions: [{ stringEquals: [{ key: 'aws:ResourceTag/topoform:topology', value: t.name }] }],
          validationWindowHours: RESTORE_TESTING.validationWindowHours,
        }),
        id,
      );
    }
  }

  if (t.alarms) {
    const rule = named(
      new CloudwatchEventRule(scope.stack, `${store.name}_failed_jobs`, {
        name: names.backupFailedRule(t.name, store.name),
        description: `topoform ${t.name}: failed AWS Backup jobs in ${here} go to the alarm topic`,
        eventPattern: backupFailurePattern(),
        state: 'ENABLED',
      }),
      `${store.name}_failed_jobs`,
    );
    named(
      new CloudwatchEventTarget(scope.stack, `${store.name}_failed_jobs_target`, {
        rule: rule.name,
        targetId: 'alarm-topic',
        arn: `arn:${t.partition}:sns:${here}:${account}:${names.alarmTopic(t.name)}`,
      }),
      `${store.name}_failed_jobs`,
    );
  }
}

/** A store's resources in a region that AWS Backup protects, by ARN (the names are the convention's). */
export function protectedArns(ctx: BuildContext, store: DataStore, region: string, account: string): string[] {
  const t = ctx.topology;
  switch (store.type) {
    case 's3':
      return [`arn:${t.partition}:s3:::${names.bucket(t.name, store.name, region)}`];
    case 'dynamodb':
      return [`arn:${t.partition}:dynamodb:${region}:${account}:table/${names.dynamodbTable(t.name, store.name)}`];
    case 'aurora':
      return [`arn:${t.partition}:rds:${region}:${account}:cluster:${names.auroraCluster(t.name, store.name, region)}`];
    default:
      throw new Error(`AWS Backup does not protect ${store.type} stores; rule backup-stores-known refuses them`);
  }
}

/** The stores the backup selects that live in `region`. */
export function selectedHere(ctx: BuildContext, store: BackupStore, region: string): DataStore[] {
  return ctx.topology.data.filter((s) => store.stores.includes(s.name) && s.groups.some((g) => g.includes(region)));
}

export const backup: StoreBuilder<'backup'> = { regional };
