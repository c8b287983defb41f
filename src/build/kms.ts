// The topology's multi-Region KMS key: primary in the primary region, a replica in every other region.
import type { TerraformStack } from 'cdktf';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsReplicaKey } from '@cdktf/provider-aws/lib/kms-replica-key';
import { names } from '../model/naming';
import type { Region, Topology } from '../model/types';
import { policyDocument } from './policy';

export interface RegionKey {
  arn: string;
  keyId: string;
}

function keyPolicy(t: Topology, accountId: string): string {
  return policyDocument([
    {
      Sid: 'AccountAdministersTheKey',
      Effect: 'Allow',
      Principal: { AWS: `arn:${t.partition}:iam::${accountId}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
  ]);
}

export function primaryKey(stack: TerraformStack, t: Topology, accountId: string): RegionKey {
  const key = new KmsKey(stack, 'kms', {
    description: `topoform ${t.name}: multi-Region key for data at rest (primary)`,
    multiRegion: true,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: keyPolicy(t, accountId),
  });
  key.overrideLogicalId('topology');
  new KmsAlias(stack, 'kms_alias', { name: names.kmsAlias(t), targetKeyId: key.keyId }).overrideLogicalId('topology');
  return { arn: key.arn, keyId: key.keyId };
}

export function replicaKey(stack: TerraformStack, t: Topology, region: Region, primaryArn: string, accountId: string): RegionKey {
  const key = new KmsReplicaKey(stack, 'kms', {
    description: `topoform ${t.name}: multi-Region key for data at rest (replica in ${region.name})`,
    primaryKeyArn: primaryArn,
    deletionWindowInDays: 30,
    policy: keyPolicy(t, accountId),
  });
  key.overrideLogicalId('topology');
  new KmsAlias(stack, 'kms_alias', { name: names.kmsAlias(t), targetKeyId: key.keyId }).overrideLogicalId('topology');
  return { arn: key.arn, keyId: key.keyId };
}
