// What builders share: the stacks, each region's provider, key and account, and the global stack's providers.
import type { TerraformStack } from 'cdktf';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Region, Topology } from '../model/types';

export interface RegionScope {
  stack: TerraformStack;
  region: Region;
  /** The topology's multi-Region KMS key in this region: the primary key's ARN, or a replica's alias ARN. */
  kmsKey: string;
  /** The account this region deploys to (a literal, or the caller identity's). */
  accountId: string;
}

export interface GlobalScope {
  stack: TerraformStack;
  accountId: string;
  /** A provider for a region, created on first use (alias = region code with underscores). */
  providerFor(region: string): AwsProvider;
}

export interface BuildContext {
  topology: Topology;
  regions: Map<string, RegionScope>;
  global: GlobalScope;
}
