// Drills: what each AWS FIS experiment acts on, derived from the topology alone (no cdktf: the rules read it too).
//
// A drill runs in its target region (FIS acts on resources of the region the experiment runs in), so every target
// below is a resource of that region:
// - region-isolation: the target region's subnets (its `network`) lose their routes to every other region of the
//   topology (`aws:network:route-table-disrupt-cross-region-connectivity`, one action per other region), and the
//   replication the target region sends is paused (DynamoDB global table replicas there, S3 buckets there that
//   replicate out);
// - pause-replication: only that replication pause;
// - database-failover: a planned switchover of each Aurora Global Database whose writer is in the target region to
//   its next region (FIS has no global-cluster action: see src/stacks/drills.ts).
import { durationSeconds } from './duration';
import type { AuroraStore } from './stores/aurora';
import type { DynamoDbStore } from './stores/dynamodb';
import type { S3Store } from './stores/s3';
import { s3ReplicationSources } from './replication';
import { plannedAlarms, type PlannedAlarm } from './alarms';
import { names } from './naming';
import type { Topology } from './types';
import { groupHome, groupWriter } from './ownership';

export type Drill = Topology['drills'][number];
export type DrillScenario = Drill['scenario'];

/** FIS action ids, as listed in the AWS FIS actions reference. */
/**
 * The tag on every S3 bucket of the topology that sends replication (its value: the topology's name), by which a drill
 * selects the buckets whose replication it pauses: FIS's aws:s3:bucket-pause-replication only supports targeting by
 * tags (https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#bucket-pause-replication). In a
 * drill's region it selects exactly the buckets drillTargets lists there (every S3 store's bucket that is a source).
 */
export const S3_REPLICATION_SOURCE_TAG = 'topoform:s3-replication-source';

export { s3ReplicationSources };

/**
 * FIS's aws:network:route-table-disrupt-cross-region-connectivity copies the subnets' route tables and adds its own
 * routes: the region's VPC quota "Routes per route table" (Service Quotas code L-93826ACB) must be raised to 250 (350
 * in us-east-1) plus the routes the tables already hold, or the experiment fails
 * (https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#network-actions-reference).
 */
export const ROUTE_QUOTA = { code: 'L-93826ACB', name: 'Routes per route table', page: 'https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#network-actions-reference' } as const;

/** The routes per route table a region-isolation drill needs in `region` on top of those its tables hold. */
export function routeQuotaFloor(region: string): number {
  return region === 'us-east-1' ? 350 : 250;
}

/** The regions whose route-table quota a drill cuts off with FIS's network action, each once, in drill order. */
export function regionsNeedingRouteQuota(t: Topology): string[] {
  return [...new Set(t.drills.filter((d) => drillTargets(t, d).network !== undefined).map((d) => d.target))];
}

/** The command that asks Service Quotas for the quota (the value: the floor plus the routes already there, rounded up). */
export function routeQuotaRequest(region: string): string {
  return `aws service-quotas request-service-quota-increase --region ${region} --service-code vpc --quota-code ${ROUTE_QUOTA.code} --desired-value <${routeQuotaFloor(region)} + the routes your largest route table holds>`;
}

export const FIS_ACTIONS = {
  crossRegionRoutes: 'aws:network:route-table-disrupt-cross-region-connectivity',
  dynamodbPause: 'aws:dynamodb:global-table-pause-replication',
  s3Pause: 'aws:s3:bucket-pause-replication',
  automation: 'aws:ssm:start-automation-execution',
} as const;

/** FIS takes at most this many stop conditions per experiment template (its quotas page); above it, one composite alarm. */
export const FIS_MAX_STOP_CONDITIONS = 5;

/**
 * The Terraform output of a region workspace that maps each of its drills (by name) to its FIS experiment template id:
 * the drills builder writes it, the runbook's start commands read it.
 */
export const DRILL_TEMPLATES_OUTPUT = 'fis_experiment_template_ids';

/** The shortest and longest drill FIS runs: its actions take one minute to twelve hours. */
export const DRILL_DURATION_MS = { min: 60_000, max: 12 * 3_600_000 } as const;

export interface DrillTargets {
  /** Subnet ids of the target region's network, and the regions to cut them off from (region-isolation). */
  network?: { subnetIds: string[]; isolateFrom: string[] };
  /** DynamoDB global tables (eventual consistency) with a replica in the target region. */
  tables: { store: string; table: string }[];
  /** S3 buckets in the target region that replicate to other regions, with their destinations. */
  buckets: { store: string; bucket: string; destinations: { region: string; bucket: string }[] }[];
  /** Aurora Global Databases whose writer is in the target region, and the region a switchover promotes. */
  aurora: { store: string; globalCluster: string; writer: string; promote: string; members: { region: string; cluster: string }[] }[];
}

/** What a drill of this scenario acts on in its target region; empty lists when there is nothing. */
export function drillTargets(t: Topology, drill: Pick<Drill, 'scenario' | 'target'>): DrillTargets {
  const target = drill.target;
  const out: DrillTargets = { tables: [], buckets: [], aurora: [] };
  const replication = drill.scenario === 'region-isolation' || drill.scenario === 'pause-replication';
  if (drill.scenario === 'region-isolation') {
    const region = t.regions.find((r) => r.name === target);
    const others = t.regions.filter((r) => r.name !== target).map((r) => r.name);
    if (region?.network && region.network.subnetIds.length > 0 && others.length > 0) out.network = { subnetIds: [...region.network.subnetIds], isolateFrom: others };
  }
  for (const store of t.data) {
    const group = store.groups.find((g) => g.includes(target));
    if (!group || group.length < 2) continue;
    if (replication && store.type === 'dynamodb' && (store as DynamoDbStore).consistency === 'eventual') {
      // FIS pauses replication of multi-Region eventually consistent global tables only.
      out.tables.push({ store: store.name, table: names.dynamodbTable(t.name, store.name) });
    }
    if (replication && store.type === 's3') {
      const s3 = store as S3Store;
      if (!s3ReplicationSources(s3, group).includes(target)) continue;
      out.buckets.push({
        store: s3.name,
        bucket: names.bucket(t.name, s3.name, target),
        destinations: group.filter((r) => r !== target).map((r) => ({ region: r, bucket: names.bucket(t.name, s3.name, r) })),
      });
    }
    if (drill.scenario === 'database-failover' && store.type === 'aurora' && groupWriter(t, group) === target) {
      const aurora = store as AuroraStore;
      out.aurora.push({
        store: aurora.name,
        globalCluster: names.auroraGlobalCluster(t.name, aurora, groupHome(t, group)),
        writer: target,
        promote: group.find((r) => r !== target)!,
        members: group.map((r) => ({ region: r, cluster: names.auroraCluster(t.name, aurora.name, r) })),
      });
    }
  }
  return out;
}

/** Whether the drill has anything to act on. */
export function drillActs(targets: DrillTargets): boolean {
  return targets.network !== undefined || targets.tables.length > 0 || targets.buckets.length > 0 || targets.aurora.length > 0;
}

/** A schema-valid duration as ISO 8601, as FIS takes it: 30m -> PT30M, 90m -> PT1H30M, 45s -> PT45S. */
export function isoDuration(text: string): string {
  const seconds = Math.ceil(durationSeconds(text));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s || seconds === 0 ? `${s}S` : ''}`;
}

/**
 * The alarms that stop a drill: those of its target region's own CloudWatch (FIS watches the experiment's region)
 * that watch over that region, except the ones the drill's own fault sets off by design. Pausing a store's
 * replication, or cutting the region's links, makes that replication lag: stopping on its lag alarm would end
 * every drill before it proves anything. What is left (a load balancer answering errors, the lag of stores the
 * drill does not touch) says the drill hurts more than it should.
 */
export function drillStopAlarms(t: Topology, drill: Pick<Drill, 'scenario' | 'target'>, targets = drillTargets(t, drill)): PlannedAlarm[] {
  const touched = new Set([...targets.tables, ...targets.buckets, ...targets.aurora].map((x) => x.store));
  const linksCut = targets.network !== undefined;
  return plannedAlarms(t).filter(
    (a) => a.workspace === drill.target && a.stopsDrillsIn === drill.target && !(a.store !== undefined && (linksCut || touched.has(a.store))),
  );
}
