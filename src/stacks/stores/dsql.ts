// Aurora DSQL store: a multi-Region cluster, two peered clusters and a witness region, encrypted with the topology's
// key, with deletion protection.
//
// Where things live, and why: DSQL assigns cluster identifiers and ARNs itself, and each cluster's peering names the
// other cluster's ARN, so neither can be derived from names. Both clusters and both peerings are managed by the
// group's home workspace (the primary's; under partitioned, the jurisdiction's first region), the second cluster
// through a provider alias, as the KMS key family is: the workspace graph stays acyclic and no workspace reads
// another's state. During an outage of the second cluster's region, plan the home workspace with -refresh=false.
// DSQL fails over by itself (both clusters take writes; the witness keeps a quorum): nothing to apply.
import { DsqlCluster } from '@cdktf/provider-aws/lib/dsql-cluster';
import { DsqlClusterPeering } from '@cdktf/provider-aws/lib/dsql-cluster-peering';
import type { DsqlStore } from '../../model/stores';
import type { BuildContext, RegionScope } from '../context';
import { named } from '../ids';
import { keyArnIn } from '../kms';
import type { StoreBuilder } from './builder';
import { groupHome } from '../../model/ownership';

function regional(store: DsqlStore, scope: RegionScope, ctx: BuildContext): void {
  const t = ctx.topology;
  const group = store.groups.find((g) => g.includes(scope.region.name))!;
  const home = groupHome(t, group);
  if (home !== scope.region.name) return; // the home workspace manages both clusters
  const witness = store.witness!; // rule dsql-two-clusters-and-witness
  const several = store.groups.length > 1;
  const clusters = group.map((region) => {
    const id = several ? `${store.name}_${home}_${region}` : `${store.name}_${region}`;
    const provider = region === scope.region.name ? undefined : scope.providerFor(region);
    const cluster = named(
      new DsqlCluster(scope.stack, id, {
        ...(provider ? { provider } : {}),
        deletionProtectionEnabled: store.deletionProtection,
        kmsEncryptionKey: keyArnIn(scope, region, t),
        multiRegionProperties: [{ witnessRegion: witness }],
        tags: { Name: `${t.name}-${store.name}-${region}` },
      }),
      id,
    );
    return { id, provider, cluster, arn: cluster.arn, identifier: cluster.identifier };
  });
  clusters.forEach((c, i) => {
    const other = clusters[1 - i]!;
    named(
      new DsqlClusterPeering(scope.stack, `${c.id}_peering`, {
        ...(c.provider ? { provider: c.provider } : {}),
        identifier: c.identifier,
        clusters: [other.arn],
        witnessRegion: witness,
      }),
      c.id,
    );
  });
}

export const dsql: StoreBuilder<'dsql'> = { regional };
