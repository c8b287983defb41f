// ElastiCache store (valkey/redis): a replication group per region, encrypted at rest with the topology key and in
// transit, IAM authentication through a user group, Multi-AZ with automatic failover, daily snapshots, slow and
// engine logs in KMS-encrypted CloudWatch Logs groups.
//
// Where things live, and why:
// - mode per-region: each region's replication group and everything it needs (subnet group, users, user group, log
//   groups) in that region's own workspace. Nothing crosses workspaces; the cache is cold after a failover.
// - mode global: a Global Datastore per replica group. AWS prefixes its id with a code of the region it was made in,
//   so the id cannot be derived from names, and the secondaries must name it to join. Reading it from the primary's
//   state would break the rule that no workspace reads another's, so the group's home workspace (the primary's, or
//   under partitioned the first region of the jurisdiction) manages the datastore and every member replication
//   group, with the resources each member needs, in the member's region through a provider alias, as it manages the
//   KMS key family. The other regions' workspaces hold nothing of the store, and the graph stays acyclic.
//   The home workspace thus needs every member region's API to refresh: during an outage of a member region, plan
//   it with -refresh=false (or -target the rest), as for the key replicas.
// - Failover of a Global Datastore is an API call (`aws elasticache failover-global-replication-group`), not an
//   apply. Afterwards the datastore reports another primary_replication_group_id, which the provider would answer
//   by replacing the whole datastore: it is in ignore_changes, so the next plan of the home workspace shows no
//   change. The datastore owns node type and version once members joined; the first member ignores node_type.
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsKmsAlias } from '@cdktf/provider-aws/lib/data-aws-kms-alias';
import { ElasticacheGlobalReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-global-replication-group';
import { ElasticacheReplicationGroup, type ElasticacheReplicationGroupConfig } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import { ElasticacheUser } from '@cdktf/provider-aws/lib/elasticache-user';
import { ElasticacheUserGroup } from '@cdktf/provider-aws/lib/elasticache-user-group';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { TerraformStack } from 'cdktf';
import { names } from '../../model/naming';
import type { CacheStore } from '../../model/stores';
import type { Region } from '../../model/types';
import type { BuildContext, RegionScope } from '../context';
import { named } from '../ids';
import type { StoreBuilder } from './builder';
import { groupHome } from '../../model/ownership';

/** Days of automatic snapshots (CKV_AWS_134 wants at least one). */
export const SNAPSHOT_RETENTION_DAYS = 7;
/** Days CloudWatch Logs keeps the slow and engine logs (CKV_AWS_338 wants a year). */
export const LOG_RETENTION_DAYS = 365;
/** Nodes per replication group: a primary and a replica in another AZ, so Multi-AZ automatic failover works. */
export const NODES_PER_GROUP = 2;
/** What an application authenticated through IAM may do: everything, on every key. */
const IAM_ACCESS = 'on ~* +@all';

/** Where one member's resources go: a stack, and the provider of the member's region when that is not the stack's. */
interface Place {
  stack: TerraformStack;
  region: Region;
  provider?: AwsProvider;
  /** The topology key's own ARN in the member's region (ElastiCache and CloudWatch Logs store the ARN). */
  keyArn: string;
}

/** What a replication group needs around it in its region: subnets, users, logs. Returns the group's settings. */
function memberBase(store: CacheStore, place: Place, ctx: BuildContext): ElasticacheReplicationGroupConfig {
  const t = ctx.topology;
  const { stack, region, keyArn } = place;
  const provider = place.provider ? { provider: place.provider } : {};
  const id = `${store.name}_${region.name}`;
  const groupId = names.cacheReplicationGroup(t.name, store.name, region.name);
  const network = region.network!; // rule store-network-present refuses a region without one
  const subnets = named(
    new ElasticacheSubnetGroup(stack, `${id}_subnets`, { ...provider, name: groupId, description: `topoform ${t.name}: subnets of cache ${store.name}`, subnetIds: network.subnetIds }),
    id,
  );
  // IAM authentication needs the user id to be the user name. A redis user group must hold a user named "default":
  // one of our own, disabled (the account's built-in "default" has no password and full access). A valkey user group
  // needs none, and may not hold a user without password or IAM authentication.
  const iamUser = names.cacheUser(t.name, store.name, 'iam');
  const app = named(
    new ElasticacheUser(stack, `${id}_iam_user`, { ...provider, userId: iamUser, userName: iamUser, engine: store.engine, accessString: IAM_ACCESS, authenticationMode: { type: 'iam' } }),
    `${id}_iam`,
  );
  const userIds = [app.userId];
  if (store.engine === 'redis') {
    const disabledDefault = named(
      new ElasticacheUser(stack, `${id}_default_user`, {
        ...provider,
        userId: names.cacheUser(t.name, store.name, 'default'),
        userName: 'default',
        engine: store.engine,
        accessString: 'off -@all',
        authenticationMode: { type: 'no-password-required' },
      }),
      `${id}_default`,
    );
    userIds.unshift(disabledDefault.userId);
  }
  const users = named(new ElasticacheUserGroup(stack, `${id}_users`, { ...provider, userGroupId: groupId, engine: store.engine, userIds }), id);
  const logs = (['slow-log', 'engine-log'] as const).map((logType) => ({
    logType,
    group: named(
      new CloudwatchLogGroup(stack, `${id}_${logType.replace('-', '_')}`, {
        ...provider,
        name: names.logGroup(t.name, `elasticache/${groupId}/${logType}`),
        retentionInDays: LOG_RETENTION_DAYS,
        kmsKeyId: keyArn,
      }),
      `${id}_${logType.replace('-', '_')}`,
    ),
  }));
  return {
    ...provider,
    replicationGroupId: groupId,
    description: `topoform ${t.name}: cache ${store.name} in ${region.name}`,
    numCacheClusters: NODES_PER_GROUP,
    automaticFailoverEnabled: true,
    multiAzEnabled: true,
    kmsKeyId: keyArn,
    userGroupIds: [users.userGroupId],
    subnetGroupName: subnets.name,
    ...(network.securityGroupIds.length > 0 ? { securityGroupIds: network.securityGroupIds } : {}),
    snapshotRetentionLimit: SNAPSHOT_RETENTION_DAYS,
    finalSnapshotIdentifier: names.finalSnapshot(groupId),
    logDeliveryConfiguration: logs.map(({ logType, group }) => ({ destination: group.name, destinationType: 'cloudwatch-logs', logFormat: 'json', logType })),
  };
}

/** What a replication group that is not a secondary of a datastore sets itself: engine, size, encryption. */
function ownSettings(store: CacheStore) {
  return {
    engine: store.engine,
    engineVersion: store.engineVersion,
    nodeType: store.nodeType,
    atRestEncryptionEnabled: 'true',
    transitEncryptionEnabled: true,
  };
}

/** per-region: an independent replication group in each region's own workspace. */
function regional(store: CacheStore, scope: RegionScope, ctx: BuildContext): void {
  if (store.mode !== 'per-region') return;
  const place: Place = { stack: scope.stack, region: scope.region, keyArn: scope.kmsKeyArn() };
  const id = `${store.name}_${scope.region.name}`;
  named(new ElasticacheReplicationGroup(scope.stack, `${id}_group`, { ...memberBase(store, place, ctx), ...ownSettings(store) }), id);
}

/** The key's own ARN in a member region, as the home workspace can name it without reading another workspace. */
function keyArnIn(store: CacheStore, home: RegionScope, region: string, ctx: BuildContext): string {
  if (region === home.region.name) return home.kmsKeyArn();
  const family = home.keyFamilyArns?.get(region); // the primary workspace manages the key family
  if (family !== undefined) return family;
  // A jurisdiction's home outside the primary: the replica's alias, read in its region (not from any state).
  return named(
    new DataAwsKmsAlias(home.stack, `${store.name}_${region}_kms_alias`, { provider: home.providerFor(region), name: names.kmsAlias(ctx.topology) }),
    `${store.name}_${region}`,
  ).targetKeyArn;
}

/** global: per replica group, a Global Datastore and all its members, from the group's home workspace. */
function home(store: CacheStore, _primaryScope: RegionScope, ctx: BuildContext): void {
  if (store.mode !== 'global') return;
  const t = ctx.topology;
  for (const group of store.groups) {
    const homeName = groupHome(t, group);
    const scope = ctx.regions.get(homeName)!;
    const placeOf = (region: string): Place => ({
      stack: scope.stack,
      region: ctx.regions.get(region)!.region,
      ...(region === homeName ? {} : { provider: scope.providerFor(region) }),
      keyArn: keyArnIn(store, scope, region, ctx),
    });
    const homeId = `${store.name}_${homeName}`;
    const primary = named(
      new ElasticacheReplicationGroup(scope.stack, `${homeId}_group`, {
        ...memberBase(store, placeOf(homeName), ctx),
        ...ownSettings(store),
        // Once the datastore exists it owns the node type (ModifyGlobalReplicationGroup); a member refuses changes.
        lifecycle: { ignoreChanges: ['node_type'] },
      }),
      homeId,
    );
    const secondaries = group.filter((r) => r !== homeName);
    if (secondaries.length === 0) continue; // a jurisdiction of one region: nothing to replicate to
    const datastore = named(
      new ElasticacheGlobalReplicationGroup(scope.stack, `${homeId}_global`, {
        globalReplicationGroupIdSuffix: names.cacheReplicationGroup(t.name, store.name, homeName),
        globalReplicationGroupDescription: `topoform ${t.name}: cache ${store.name} across ${group.join(', ')}`,
        primaryReplicationGroupId: primary.replicationGroupId,
        cacheNodeType: store.nodeType,
        automaticFailoverEnabled: true,
        // failover-global-replication-group promotes another member; without this the next plan replaces the datastore.
        lifecycle: { ignoreChanges: ['primary_replication_group_id'] },
      }),
      homeId,
    );
    const datastoreId = datastore.globalReplicationGroupId;
    // One at a time: a datastore takes one member change at a time.
    let previous: ElasticacheReplicationGroup | undefined;
    for (const region of secondaries) {
      const id = `${store.name}_${region}`;
      const member: ElasticacheReplicationGroup = named(
        new ElasticacheReplicationGroup(scope.stack, `${id}_group`, {
          ...memberBase(store, placeOf(region), ctx),
          // Engine, version, node type and both encryption switches come from the datastore (setting them is refused).
          globalReplicationGroupId: datastoreId,
          ...(previous ? { dependsOn: [previous] } : {}),
        }),
        id,
      );
      previous = member;
    }
  }
}

export const cache: StoreBuilder<'cache'> = { home, regional };
