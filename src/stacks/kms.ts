// The topology's multi-Region KMS key family, managed as one unit from the primary workspace:
// the primary key in the primary region, a replica and the same alias in every other region.
// Other workspaces name their region's key by its alias ARN, so none of them reads the primary's state.
import type { TerraformStack } from 'cdktf';
import { DataAwsKmsAlias } from '@cdktf/provider-aws/lib/data-aws-kms-alias';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsReplicaKey } from '@cdktf/provider-aws/lib/kms-replica-key';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { names } from '../model/naming';
import { dnsSuffix } from '../model/regions';
import { kindOf } from '../model/stores';
import type { Region, Topology } from '../model/types';
import type { RegionScope } from './context';
import { named } from './ids';
import { cloudWatchKeyStatements } from './alarms';
import { policyDocument, type Statement } from './policy';
import { crossAccountS3Replications } from '../model/replication';
import { regionAccount } from '../model/accounts';

function keyPolicy(t: Topology, accountId: string): string {
  return policyDocument([
    {
      Sid: 'AccountAdministersTheKey',
      Effect: 'Allow',
      Principal: { AWS: `arn:${t.partition}:iam::${accountId}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
    // CloudWatch Logs is a service principal, not an IAM identity of the account: only the key policy can let it
    // encrypt a log group, and only those topoform makes for this topology (by the log group ARN it encrypts for).
    // Stores that log (caches) and drills (their FIS experiment logs) make such log groups.
    ...(t.data.some((store) => kindOf(store.type).logsToCloudWatch) || t.drills.length > 0
      ? [
          {
            Sid: 'CloudWatchLogsEncryptsTopologyLogGroups',
            Effect: 'Allow' as const,
            Principal: { Service: t.regions.map((r) => `logs.${r.name}.${dnsSuffix(r.name)}`) },
            Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
            Resource: '*',
            Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${t.partition}:logs:*:${accountId}:log-group:${names.logGroup(t.name, '*')}` } },
          },
        ]
      : []),
    // Aurora DSQL encrypts a cluster with a customer managed key as its own service principal, which only the key
    // policy can admit ("Authorizing use of your AWS KMS key",
    // https://docs.aws.amazon.com/aurora-dsql/latest/userguide/data-encryption.html#authorizing-kms-key-use): scoped to
    // DSQL clusters of this account (aws:SourceAccount, aws:SourceArn). A cluster's identifier is AWS's choice, known
    // only once it exists, so the ARN pattern cannot name the topology's clusters one by one.
    ...(t.data.some((store) => store.type === 'dsql')
      ? [
          {
            Sid: 'AuroraDsqlEncryptsTopologyClusters',
            Effect: 'Allow' as const,
            Principal: { Service: 'dsql.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:Encrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:DescribeKey'],
            Resource: '*',
            Condition: {
              StringEquals: { 'aws:SourceAccount': accountId },
              ArnLike: { 'aws:SourceArn': `arn:${t.partition}:dsql:*:${accountId}:cluster/*` },
            },
          },
        ]
      : []),
    // EventBridge encrypts an events store's buses with this key as its own service principal, which only the key policy
    // can admit, for the bus named in the encryption context
    // (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-encryption-event-bus-cmkey.html): this topology's buses.
    ...eventBridgeKeyStatements(t, accountId),
    // A backup store's copies to another account: recovery points of resources AWS Backup does not fully manage
    // (Aurora) stay encrypted with this key, so the receiving account must be able to use it to copy them
    // ("Backups of resource types that are not fully managed by AWS Backup generally inherit the encryption settings
    // from their source resource", https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html).
    ...backupCopyKeyStatements(t),
    // S3 replication into this account's buckets from another account's: the receiving key admits the sending
    // account's replication role, by its ARN (the role is made later, in the global workspace, and a key policy that
    // names a principal not yet there is refused, so the principal is the account and the role its condition).
    ...replicationKeyStatements(t, accountId),
    // Alarm topics in every region are encrypted with this key family: CloudWatch must encrypt what it publishes.
    ...(t.alarms ? cloudWatchKeyStatements(t, accountId) : []),
  ]);
}

function replicationKeyStatements(t: Topology, accountId: string): Statement[] {
  const into = crossAccountS3Replications(t.data, (r) => regionAccount(t, r)).filter((x) => x.destinationAccount === accountId);
  if (into.length === 0) return [];
  const sources = [...new Set(into.map((x) => x.sourceAccount))].sort();
  const roles = [...new Set(into.map((x) => `arn:${t.partition}:iam::${x.sourceAccount}:role/${names.replicationRole(t.name, x.store, x.source)}`))].sort();
  const buckets = [...new Set(into.map((x) => `arn:${t.partition}:s3:::${names.bucket(t.name, x.store, x.destination)}`))].sort();
  const regions = [...new Set(into.map((x) => `s3.${x.destination}.${dnsSuffix(x.destination)}`))].sort();
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-walkthrough-2.html and "Replicating encrypted
  // objects" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html): the
  // destination account's key must let the source account's replication role encrypt the replicas.
  return [
    {
      Sid: 'ReplicationRolesOfOtherAccountsEncryptReplicas',
      Effect: 'Allow',
      Principal: { AWS: sources.map((a) => `arn:${t.partition}:iam::${a}:root`) },
      Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
      Resource: '*',
      Condition: {
        ArnEquals: { 'aws:PrincipalArn': roles },
        StringEquals: { 'kms:ViaService': regions.length === 1 ? regions[0]! : regions },
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': buckets.flatMap((b) => [b, `${b}/*`]) },
      },
    },
  ];
}

function backupCopyKeyStatements(t: Topology): Statement[] {
  const accounts = [...new Set(t.data.flatMap((s) => (s.type === 'backup' && s.copyToAccount !== undefined ? [s.copyToAccount] : [])))].sort();
  if (accounts.length === 0) return [];
  const principal = { AWS: accounts.map((a) => `arn:${t.partition}:iam::${a}:root`) };
  return [
    { Sid: 'BackupCopyAccountsUseTheKey', Effect: 'Allow', Principal: principal, Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'], Resource: '*' },
    { Sid: 'BackupCopyAccountsGrantToAwsServices', Effect: 'Allow', Principal: principal, Action: 'kms:CreateGrant', Resource: '*', Condition: { Bool: { 'kms:GrantIsForAWSResource': true } } },
  ];
}

function eventBridgeKeyStatements(t: Topology, accountId: string): Statement[] {
  const buses = t.data.filter((s) => s.type === 'events').map((s) => `arn:${t.partition}:events:*:${accountId}:event-bus/${names.eventBus(t.name, s.name)}`);
  // A backup store's failed-job rule publishes to the alarm topic, encrypted with this key: EventBridge encrypts the
  // message as itself (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services),
  // for this topology's alarm topic only.
  const publishes = t.alarms !== undefined && t.data.some((s) => s.type === 'backup');
  if (buses.length === 0 && !publishes) return [];
  return [
    { Sid: 'EventBridgeDescribesTheKey', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'kms:DescribeKey', Resource: '*' },
    ...(buses.length > 0
      ? [
          {
            Sid: 'EventBridgeEncryptsTopologyBuses',
            Effect: 'Allow' as const,
            Principal: { Service: 'events.amazonaws.com' },
            Action: ['kms:GenerateDataKey', 'kms:Decrypt', 'kms:ReEncrypt*'],
            Resource: '*',
            Condition: { StringLike: { 'kms:EncryptionContext:aws:events:event-bus:arn': buses } },
          },
        ]
      : []),
    ...(publishes
      ? [
          {
            Sid: 'EventBridgePublishesToTopologyTopics',
            Effect: 'Allow' as const,
            Principal: { Service: 'events.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Resource: '*',
            Condition: { StringLike: { 'kms:EncryptionContext:aws:sns:topicArn': `arn:${t.partition}:sns:*:${accountId}:${names.alarmTopic(t.name)}` } },
          },
        ]
      : []),
  ];
}

/** Creates the key family in the primary workspace; returns the key's ARN in each region (the primary's first). */
export function keyFamily(
  stack: TerraformStack,
  t: Topology,
  accountId: string,
  primary: Region,
  others: readonly Region[],
  providerFor: (region: Region) => AwsProvider,
): Map<string, string> {
  // One document for the primary and every replica: computed once, its size independent of the number of keys.
  const policy = keyPolicy(t, accountId);
  const key = named(
    new KmsKey(stack, 'kms', {
      description: `topoform ${t.name}: multi-Region key for data at rest (primary)`,
      multiRegion: true,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy,
    }),
    'topology',
  );
  const keyArn = key.arn;
  const arns = new Map<string, string>([[primary.name, keyArn]]);
  named(new KmsAlias(stack, 'kms_alias', { name: names.kmsAlias(t), targetKeyId: key.keyId }), 'topology');
  for (const region of others) {
    const provider = providerFor(region);
    const replica = named(
      new KmsReplicaKey(stack, `kms_${region.name}`, {
        provider,
        description: `topoform ${t.name}: multi-Region key for data at rest (replica in ${region.name})`,
        primaryKeyArn: keyArn,
        deletionWindowInDays: 30,
        policy,
      }),
      region.name,
    );
    named(new KmsAlias(stack, `kms_alias_${region.name}`, { provider, name: names.kmsAlias(t), targetKeyId: replica.keyId }), region.name);
    arns.set(region.name, replica.arn);
  }
  return arns;
}

/**
 * The key's own ARN in a region other than the primary, resolved from its alias by a data source in that
 * region's workspace: no read of the primary's state, and the ARN services store (an alias would diff forever).
 */
export function keyArnByAlias(stack: TerraformStack, t: Topology): string {
  return named(new DataAwsKmsAlias(stack, 'kms_alias', { name: names.kmsAlias(t) }), 'topology').targetKeyArn;
}

/** The key in a region, by its alias: resolvable without reading any other workspace. */
export function keyAliasArn(t: Topology, region: string, accountId: string): string {
  return `arn:${t.partition}:kms:${region}:${accountId}:${names.kmsAlias(t)}`;
}

/** Aliases resolved per workspace and region, so several stores share one data source. */
const resolvedElsewhere = new WeakMap<object, Map<string, string>>();

/**
 * The key family's ARN in another region, for a resource a workspace manages there through a provider alias:
 * the primary workspace's own resource, or, in another workspace, the alias resolved in that region (a read of
 * the region's API, never of another workspace's state).
 */
export function keyArnIn(scope: RegionScope, region: string, t: Topology): string {
  if (region === scope.region.name) return scope.kmsKeyArn();
  const own = scope.keyFamilyArns?.get(region);
  if (own !== undefined) return own;
  const cache = resolvedElsewhere.get(scope.stack) ?? new Map<string, string>();
  resolvedElsewhere.set(scope.stack, cache);
  let arn = cache.get(region);
  if (arn === undefined) {
    const alias = new DataAwsKmsAlias(scope.stack, `kms_alias_${region}`, { provider: scope.providerFor(region), name: names.kmsAlias(t) });
    arn = named(alias, region).targetKeyArn;
    cache.set(region, arn);
  }
  return arn;
}
