// What builders share: the stacks, each region's provider, key and account, and the global stack's providers.
import type { TerraformStack } from 'cdktf';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Region, Topology } from '../model/types';

export interface RegionScope {
  stack: TerraformStack;
  region: Region;
  /** The topology's multi-Region KMS key in this region (primary or replica). */
  kms: { arn: string; keyId: string };
  /** The account this region deploys to (a literal, or the caller identity's). */
  accountId: string;
}

export interface GlobalScope {
  stack: TerraformStack;
  accountId: string;
  /** Id shared by the multi-Region key and all its replicas (mrk-...), read from the primary workspace. */
  kmsKeyId: string;
  /** A provider for a region, created on first use (alias = region code with underscores). */
  providerFor(region: string): AwsProvider;
}

export interface BuildContext {
  topology: Topology;
  regions: Map<string, RegionScope>;
  global: GlobalScope;
}

/** ARN of the topology's key in a region: replicas share the primary's key id. */
export function kmsKeyArn(ctx: BuildContext, region: string, accountId: string, keyId = ctx.global.kmsKeyId): string {
  return `arn:${ctx.topology.partition}:kms:${region}:${accountId}:key/${keyId}`;
}
