// What builders share: the stacks, each region's provider, key and account, and the global stack's providers.
import type { TerraformStack } from 'cdktf';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Region, Topology } from '../model/types';

export interface RegionScope {
  stack: TerraformStack;
  region: Region;
  /**
   * The topology's multi-Region KMS key in this region as services that keep what they are given want it
   * (S3 default encryption, SSM): the primary key's ARN, or a replica's alias ARN.
   */
  kmsKey: string;
  /**
   * The key's own ARN, for services that store the key ARN (RDS, DynamoDB replicas, ElastiCache, Secrets Manager):
   * given an alias they would show a diff on every plan. The primary key resource in the primary workspace; in
   * another region the alias resolved by a data source in that region's own workspace (created on first use).
   */
  kmsKeyArn(): string;
  /** The primary workspace's provider for another region (created on first use), for resources it manages there. */
  providerFor(region: string): AwsProvider;
  /** Only in the primary workspace: the key family's ARN in each region, as resources of this workspace. */
  keyFamilyArns?: ReadonlyMap<string, string>;
  /** The account this region deploys to (a literal, or the caller identity's). */
  accountId: string;
  /**
   * This region workspace's CloudWatch alarms, by name (model/alarms.ts names them): the alarms builder adds them, the
   * drills builder (built after it) makes those of model/drills.ts `drillStopAlarms` FIS stop conditions.
   */
  alarms: Map<string, string>;
}

export interface GlobalScope {
  stack: TerraformStack;
  /** The home region's account (a literal, or the caller identity's). */
  accountId: string;
  /** A provider for a region, as that region's account, created on first use (alias = region code with underscores). */
  providerFor(region: string): AwsProvider;
  /**
   * What a resource of a region's account needs in the global workspace: nothing when the default provider is that
   * account's (one account, routing in it), else the region's provider.
   */
  inAccountOf(region: string): { provider?: AwsProvider };
  /**
   * The routing resources' identity: routing.account/roleArn when the topology names them (a networking account:
   * the default provider and `routing_`-prefixed aliases act as it), else the home's, through the same providers as
   * the rest of the workspace.
   */
  edge: {
    accountId: string;
    providerFor(region: string): AwsProvider;
  };
}

export interface BuildContext {
  topology: Topology;
  regions: Map<string, RegionScope>;
  global: GlobalScope;
}
