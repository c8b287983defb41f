// S3 store: a versioned, KMS-encrypted, private, TLS-only bucket per region, and cross-region replication.
import type { TerraformStack } from 'cdktf';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration, type S3BucketLifecycleConfigurationRule } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import {
  S3BucketReplicationConfigurationA,
  type S3BucketReplicationConfigurationRule,
} from '@cdktf/provider-aws/lib/s3-bucket-replication-configuration';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3_REPLICATION_SOURCE_TAG, s3ReplicationSources } from '../../model/drills';
import { crossAccountS3Replications } from '../../model/replication';
import { regionAccount } from '../../model/accounts';
import { names } from '../../model/naming';
import { declaredAccount } from '../../model/normalize';
import { dnsSuffix } from '../../model/regions';
import type { S3Store } from '../../model/stores';
import type { BuildContext, RegionScope } from '../context';
import { keyAliasArn } from '../kms';
import { policyDocument, serviceTrust, type Statement } from '../policy';
import { named } from '../ids';
import type { StoreBuilder } from './builder';
import { s3RuleId } from '../../model/alarms';

const bucketArn = (ctx: BuildContext, bucket: string) => `arn:${ctx.topology.partition}:s3:::${bucket}`;

/**
 * KMS permission on the topology's key in the given regions, named by its alias: replicas of a multi-Region
 * key get their key id at creation, so the policy matches any key there that carries the alias. Keys of another
 * account (`byAlias: false`) by ARN, service and bucket only: their aliases are that account's to evaluate, and the
 * receiving key's policy names the role (src/stacks/kms.ts).
 */
function onTopologyKey(ctx: BuildContext, at: readonly { region: string; account: string; bucket: string }[], actions: string | string[], sid: string, byAlias = true) {
  const one = <T>(values: T[]): T | T[] => (values.length === 1 ? values[0]! : values);
  return {
    Sid: sid,
    Effect: 'Allow' as const,
    Action: actions,
    Resource: one(at.map((x) => `arn:${ctx.topology.partition}:kms:${x.region}:${x.account}:key/*`)),
    // Several regions in one statement (the values of a key are ORed,
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html): a statement per
    // destination region made a two-way bucket's role policy grow past IAM's 10,240 bytes at 30 regions. A bucket's
    // context only arises in its own region's S3, so mixing the lists admits nothing more.
    Condition: {
      ...(byAlias ? { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': names.kmsAlias(ctx.topology) } } : {}),
      StringEquals: { 'kms:ViaService': one(at.map((x) => `s3.${x.region}.${dnsSuffix(x.region)}`)) },
      // With S3 Bucket Keys the encryption context is the bucket ARN, without them the object ARN.
      StringLike: { 'kms:EncryptionContext:aws:s3:arn': at.flatMap((x) => [bucketArn(ctx, x.bucket), `${bucketArn(ctx, x.bucket)}/*`]) },
    },
  };
}

/** A statement of a bucket policy, given the bucket's ARN. */
export type BucketStatement = (bucketArn: string) => Statement;

export interface SecureBucketConfig {
  /** The bucket's name. */
  bucket: string;
  /** The KMS key (ARN or alias ARN) the bucket encrypts with by default. */
  kmsKey: string;
  /** A provider alias, where the bucket lives in another region than the stack's. */
  provider?: AwsProvider;
  /** Statements the policy grants besides its TLS-only denials (a log delivery service's, e.g.). */
  statements?: BucketStatement[];
  /** Lifecycle rules besides aborting incomplete multipart uploads. */
  lifecycle?: S3BucketLifecycleConfigurationRule[];
  /** Tags of the bucket besides the provider's default tags. */
  tags?: Record<string, string>;
}

/**
 * A versioned bucket under SSE-KMS with bucket keys, public access blocked, owner-enforced, a TLS-only policy
 * and a lifecycle configuration: every resource addressed by `id`. Returns the bucket and its policy.
 */
export function secureBucket(stack: TerraformStack, id: string, config: SecureBucketConfig): { bucket: S3Bucket; policy: S3BucketPolicy } {
  const on = config.provider ? { provider: config.provider } : {};
  const bucket = named(new S3Bucket(stack, id, { ...on, bucket: config.bucket, forceDestroy: false, ...(config.tags ? { tags: config.tags } : {}) }), id);
  // Each attribute read mints a cdktf token (with a captured stack trace): read each once.
  const bucketId = bucket.id;
  const bucketArnRef = bucket.arn;
  named(
    new S3BucketVersioningA(stack, `${id}_versioning`, { ...on, bucket: bucketId, versioningConfiguration: { status: 'Enabled' } }),
    id,
  );
  named(
    new S3BucketServerSideEncryptionConfigurationA(stack, `${id}_encryption`, {
      ...on,
      bucket: bucketId,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: config.kmsKey }, bucketKeyEnabled: true }],
    }),
    id,
  );
  const publicAccess = named(
    new S3BucketPublicAccessBlock(stack, `${id}_public_access`, {
      ...on,
      bucket: bucketId,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    }),
    id,
  );
  named(new S3BucketOwnershipControls(stack, `${id}_ownership`, { ...on, bucket: bucketId, rule: { objectOwnership: 'BucketOwnerEnforced' } }), id);
  const policy = named(
    new S3BucketPolicy(stack, `${id}_policy`, {
      ...on,
      bucket: bucketId,
      policy: policyDocument([
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [bucketArnRef, `${bucketArnRef}/*`],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
        {
          Sid: 'DenyOutdatedTls',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [bucketArnRef, `${bucketArnRef}/*`],
          Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } },
        },
        ...(config.statements ?? []).map((statement) => statement(bucketArnRef)),
      ]),
      dependsOn: [publicAccess],
    }),
    id,
  );
  named(
    new S3BucketLifecycleConfiguration(stack, `${id}_lifecycle`, {
      ...on,
      bucket: bucketId,
      rule: [
        { id: 'abort-incomplete-multipart-uploads', status: 'Enabled', filter: [{ prefix: '' }], abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }] },
        ...(config.lifecycle ?? []),
      ],
    }),
    id,
  );
  return { bucket, policy };
}

function regional(store: S3Store, scope: RegionScope, ctx: BuildContext): void {
  const region = scope.region.name;
  // A bucket that sends replication carries the tag a drill pausing replication selects it by.
  const source = store.groups.some((g) => s3ReplicationSources(store, g).includes(region));
  const t = ctx.topology;
  // Replication into this bucket from another account's: its policy admits each sending account's replication role
  // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-walkthrough-2.html), by the role's ARN as a
  // condition on its account (the role is made later, in the global workspace, and S3 refuses a policy naming a
  // principal that does not exist yet).
  const into = crossAccountS3Replications([store], (r) => regionAccount(t, r)).filter((x) => x.destination === region);
  const senders = [...new Set(into.map((x) => x.sourceAccount))].sort();
  const roles = [...new Set(into.map((x) => `arn:${t.partition}:iam::${x.sourceAccount}:role/${names.replicationRole(t.name, store.name, x.source)}`))].sort();
  const admit = (sid: string, action: string[], objects: boolean): BucketStatement => (arn) => ({
    Sid: sid,
    Effect: 'Allow',
    Principal: { AWS: senders.map((a) => `arn:${t.partition}:iam::${a}:root`) },
    Action: action,
    Resource: objects ? `${arn}/*` : arn,
    Condition: { ArnEquals: { 'aws:PrincipalArn': roles } },
  });
  secureBucket(scope.stack, store.name, {
    bucket: names.bucket(t.name, store.name, region),
    kmsKey: scope.kmsKey,
    ...(source ? { tags: { [S3_REPLICATION_SOURCE_TAG]: t.name } } : {}),
    ...(into.length > 0
      ? {
          statements: [
            admit('ReplicationRolesOfOtherAccountsWriteReplicas', ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags', 's3:ObjectOwnerOverrideToBucketOwner'], true),
            // The bucket-level actions of AWS's destination policy (the walkthrough above); the sending role's own
            // policy grants none of the writes among them, so they give it nothing it could use alone.
            admit('ReplicationRolesOfOtherAccountsReadVersioning', ['s3:List*', 's3:GetBucketVersioning', 's3:PutBucketVersioning'], false),
          ],
        }
      : {}),
  });
}

/** Replication lives in the global workspace: it is applied after every region's buckets exist. */
function global(store: S3Store, ctx: BuildContext): void {
  const t = ctx.topology;
  const stack = ctx.global.stack;
  for (const group of store.groups) {
    if (group.length < 2) continue;
    for (const source of s3ReplicationSources(store, group)) {
      const destinations = group.filter((r) => r !== source);
      // A region that names its account gives a literal ARN.
      const account = (region: string) => declaredAccount(ctx.regions.get(region)!.region) ?? ctx.global.accountId;
      // Destinations in another account than the source's (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-walkthrough-2.html):
      // the replicas change owner to the destination's account (owner override), which the role must be allowed
      // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-change-owner.html).
      const sourceAccount = regionAccount(t, source);
      const elsewhere = (d: string) => sourceAccount !== undefined && regionAccount(t, d) !== undefined && regionAccount(t, d) !== sourceAccount;
      // The role is the source bucket's account's.
      const on = ctx.global.inAccountOf(source);
      const sourceBucket = names.bucket(t.name, store.name, source);
      const id = `${store.name}_${source}`;
      const role = named(
        new IamRole(stack, `${id}_replication_role`, {
          ...on,
          name: names.replicationRole(t.name, store.name, source),
          description: `S3 replication of ${sourceBucket}`,
          assumeRolePolicy: serviceTrust('S3AssumesForThisBucket', 's3.amazonaws.com', account(source), bucketArn(ctx, sourceBucket)),
        }),
        id,
      );
      const destBuckets = destinations.map((d) => names.bucket(t.name, store.name, d));
      // The destinations' keys: this account's by alias, another account's by ARN (onTopologyKey).
      const keys = destinations.map((d, i) => ({ region: d, account: account(d), bucket: destBuckets[i]! }));
      const here = keys.filter((x) => !elsewhere(x.region));
      const there = keys.filter((x) => elsewhere(x.region));
      const rolePolicy = named(
        new IamRolePolicy(stack, `${id}_replication_policy`, {
          ...on,
          role: role.id,
          name: 's3-replication',
          policy: policyDocument([
            { Sid: 'ReadReplicationConfiguration', Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: bucketArn(ctx, sourceBucket) },
            {
              Sid: 'ReadSourceVersions',
              Effect: 'Allow',
              Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
              Resource: `${bucketArn(ctx, sourceBucket)}/*`,
            },
            {
              Sid: 'WriteReplicas',
              Effect: 'Allow',
              Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags', ...(there.length > 0 ? ['s3:ObjectOwnerOverrideToBucketOwner'] : [])],
              Resource: destBuckets.map((b) => `${bucketArn(ctx, b)}/*`),
            },
            onTopologyKey(ctx, [{ region: source, account: account(source), bucket: sourceBucket }], 'kms:Decrypt', 'DecryptSource'),
            ...(here.length > 0 ? [onTopologyKey(ctx, here, ['kms:Encrypt', 'kms:GenerateDataKey'], 'EncryptReplicas')] : []),
            ...(there.length > 0 ? [onTopologyKey(ctx, there, ['kms:Encrypt', 'kms:GenerateDataKey'], 'EncryptReplicasInOtherAccounts', false)] : []),
          ]),
        }),
        id,
      );
      const rules: S3BucketReplicationConfigurationRule[] = destinations.map((dest, i) => ({
        id: s3RuleId(dest), // the alarms' RuleId dimension (model/alarms.ts)
        priority: destinations.length - i, // earlier in the failover order wins on overlap
        status: 'Enabled',
        filter: { prefix: '' },
        deleteMarkerReplication: { status: 'Enabled' },
        sourceSelectionCriteria: {
          sseKmsEncryptedObjects: { status: 'Enabled' },
          ...(store.direction === 'two-way' ? { replicaModifications: { status: 'Enabled' } } : {}),
        },
        destination: {
          bucket: bucketArn(ctx, destBuckets[i]!),
          ...(elsewhere(dest) ? { account: regionAccount(t, dest)!, accessControlTranslation: { owner: 'Destination' } } : {}),
          storageClass: 'STANDARD',
          encryptionConfiguration: { replicaKmsKeyId: keyAliasArn(t, dest, account(dest)) },
          ...(store.rtc
            ? {
                replicationTime: { status: 'Enabled', time: { minutes: 15 } },
                metrics: { status: 'Enabled', eventThreshold: { minutes: 15 } },
              }
            : // Replication metrics (latency, pending operations) without RTC: what the alarms watch (src/model/alarms.ts).
              t.alarms
              ? { metrics: { status: 'Enabled' } }
              : {}),
        },
      }));
      named(
        new S3BucketReplicationConfigurationA(stack, `${id}_replication`, {
          provider: ctx.global.providerFor(source),
          bucket: sourceBucket,
          role: role.arn,
          rule: rules,
          // Replication enabled before the role may act would leave objects FAILED for good.
          dependsOn: [rolePolicy],
        }),
        id,
      );
    }
  }
}

export const s3: StoreBuilder<'s3'> = { regional, global };
