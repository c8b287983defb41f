// The alarms a topology with `alarms` gets: which metric, in which workspace and region, under which name and threshold.
// Pure data (no cdktf): src/stacks/alarms.ts builds them, and the runbook can name them without synthesizing.
//
// Where each alarm lives is where CloudWatch has the metric:
// - Aurora Global Database `AuroraGlobalDBReplicationLag` (AWS/RDS, DBClusterIdentifier, milliseconds) is published
//   for each secondary cluster, in the secondary's region. The writer moves (a switchover, a failover, `topoform
//   promote`), so every member gets its level and growth alarm: the writer's simply has no data (see below).
// - DynamoDB global tables (eventual consistency) publish `ReplicationLatency` (AWS/DynamoDB, TableName and
//   ReceivingRegion, milliseconds) in the sending region, for every source and destination region pair
//   (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_monitoring.html).
// - S3 replication metrics `ReplicationLatency` (seconds) and `OperationsPendingReplication` (AWS/S3, SourceBucket,
//   DestinationBucket, RuleId) are published per replication rule, in the DESTINATION bucket's region, once the rule
//   has metrics enabled (https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html): one alarm per
//   (bucket, receiving region), over every bucket that sends to it.
//
// Replication alarms are linear in regions and stores: one alarm per (store, region where the metric is published),
// never per pair. A region whose metric has one series (one DynamoDB receiving region, one S3 sending bucket) alarms on
// it; one with several alarms on a CloudWatch Metrics Insights query, the MAX of the metric over all of them
// (`SELECT MAX(m) FROM SCHEMA(ns, dims...) WHERE <table or destination bucket> = '<name>'`:
// SCHEMA keeps exactly the metrics with that dimension set, and a query without GROUP BY returns one aggregated
// series, https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-metrics-insights-querylanguage.html),
// which an alarm may watch (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Metrics_Insights_Alarm.html).
// Such an alarm covers regions added later by itself. Its limits
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-limits.html): it evaluates the last 3 hours only
// (these alarms look at 3 to 15 minutes), and an account has by default 200 Metrics Insights alarms per region, shared
// with everything else in it: a two-region topology, where each sender has one destination, uses none of them; a
// larger one uses one per eventually consistent table and two per S3 bucket with several senders in each region
// (`metricsInsightsAlarmsPerRegion`).
// - Route 53 `HealthCheckStatus` (AWS/Route53, HealthCheckId) exists only in us-east-1: those alarms are in the global
//   workspace, through its us-east-1 provider.
// - Global Accelerator publishes traffic metrics only (NewFlowCount, ProcessedBytesIn/Out, packet counts, in us-west-2,
//   and only while traffic flows): no count of healthy endpoints. Its endpoints are the regions' endpoints, and
//   those are alarmed through their Route 53 health checks above.
import { parseDuration } from './duration';
import { names } from './naming';
import { regionAccount } from './accounts';
import type { DataStore, Topology } from './types';
import type { EventsStore, QueueStore } from './stores';

export type AlarmKind =
  | 'aurora-lag'
  | 'aurora-lag-growth'
  | 'dynamodb-replication-latency'
  | 's3-replication-latency'
  | 's3-pending-operations'
  | 'endpoint-health'
  | 'load-balancer-errors'
  | 'queue-oldest-message'
  | 'queue-dead-letters'
  | 'events-failed-deliveries'
  | 'events-ingestion-latency';

export interface PlannedAlarm {
  kind: AlarmKind;
  /** The alarm's name: derived from the topology's name, so the runbook and drills can name it. */
  name: string;
  /** The workspace that manages it: a region's, or `global`. */
  workspace: string;
  /** The region whose CloudWatch holds the metric (and the alarm, and the topic it notifies). */
  region: string;
  /** The region the alarm watches over; a drill there stops when it fires if the alarm is in that region (FIS reads its own region). */
  stopsDrillsIn?: string;
  store?: string;
  namespace: string;
  metric: string;
  /** The metric's dimensions; with `query`, the one that names the source (the query takes every destination). */
  dimensions: Record<string, string>;
  /**
   * Set when the alarm watches one metric per destination: the Metrics Insights query (the MAX over them, one series)
   * it evaluates instead of the single metric of `dimensions`.
   */
  query?: string;
  /** With `query`: the dimension that tells its series apart (a table's receiving regions, a bucket's sources), to find which one lags when the alarm fires. */
  seriesBy?: string;
  statistic: 'Maximum' | 'Minimum' | 'Average' | 'Sum';
  /** Seconds. */
  period: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  comparison: 'GreaterThanThreshold' | 'LessThanThreshold';
  threshold: number;
  /** The unit the threshold is in, as the metric reports it. */
  unit: 'Milliseconds' | 'Seconds' | 'Count' | 'Milliseconds per minute' | 'Status';
  /** `DIFF` of the metric, per period, instead of the metric itself. */
  growth?: boolean;
  treatMissingData: 'breaching' | 'notBreaching' | 'missing' | 'ignore';
  /** Why missing data is treated so. */
  missingDataBecause: string;
  description: string;
}

/**
 * Without `objectives.rpo` the lag alarms assume a 1-minute RPO for Aurora and DynamoDB (the worst lag `topoform
 * check` assumes for them) and a 30-minute one for S3 (twice RTC's 15-minute bound): half of it is the threshold.
 */
export const DEFAULT_RPO_S = { aurora: 60, dynamodb: 60, s3: 30 * 60 } as const;
/** Lag alarms fire at this fraction of the RPO: the other half is the time to act before the RPO is spent. */
export const RPO_FRACTION = 0.5;
/** The growth alarm fires when the lag grows by this fraction of its threshold per minute (threshold reached in 10 min). */
export const GROWTH_FRACTION = 0.1;
/** Consecutive minutes of such growth before the growth alarm fires (noise rarely grows three minutes running). */
export const GROWTH_MINUTES = 3;
/** S3 operations pending replication that, held for 15 minutes, say replication is not keeping up. */
export const S3_PENDING_OPERATIONS = 1000;

/** The lag threshold of a store kind, in seconds: half the RPO (or the default RPO), never below 1 ms. */
export function lagThresholdSeconds(t: Pick<Topology, 'objectives'>, kind: keyof typeof DEFAULT_RPO_S): number {
  const rpoMs = parseDuration(t.objectives.rpo);
  const rpo = rpoMs !== undefined ? rpoMs / 1000 : DEFAULT_RPO_S[kind];
  return Math.max(0.001, rpo * RPO_FRACTION);
}

function rpoWords(t: Pick<Topology, 'objectives'>, kind: keyof typeof DEFAULT_RPO_S): string {
  return t.objectives.rpo !== undefined ? `half of objectives.rpo ${t.objectives.rpo}` : `half of the default RPO of ${DEFAULT_RPO_S[kind] / 60} min (no objectives.rpo)`;
}

/** Replication groups with more than one region: those that replicate. */
const replicating = (store: DataStore) => store.groups.filter((g) => g.length > 1);

/** Every alarm the topology gets, in a stable order (stores in order, then regions' endpoints). Empty without `alarms`. */
export function plannedAlarms(t: Topology): PlannedAlarm[] {
  if (!t.alarms) return [];
  const out: PlannedAlarm[] = [];
  for (const store of t.data) {
    if (store.type === 'aurora') out.push(...auroraAlarms(t, store.name, replicating(store)));
    if (store.type === 'dynamodb' && store.consistency === 'eventual') out.push(...dynamodbAlarms(t, store.name, replicating(store)));
    if (store.type === 's3') out.push(...s3Alarms(t, store.name, replicating(store), store.direction));
    if (store.type === 'queue') out.push(...queueAlarms(t, store));
    if (store.type === 'events') out.push(...eventsAlarms(t, store));
  }
  if (t.routing) for (const region of t.regions) out.push(endpointAlarm(t, region.name));
  for (const region of t.regions) {
    const lb = applicationLoadBalancer(region.endpoint?.arn);
    if (lb) out.push(loadBalancerAlarm(t, region.name, lb));
  }
  return out;
}

/** An Application Load Balancer's CloudWatch dimension (`app/<name>/<id>`) from its ARN; none for other endpoints. */
export function applicationLoadBalancer(arn: string | undefined): string | undefined {
  return /:loadbalancer\/(app\/[^/]+\/[^/]+)$/.exec(arn ?? '')?.[1];
}

/** 5xx answers per minute that a region's load balancer may give before a drill there stops. */
export const LOAD_BALANCER_5XX_PER_MINUTE = 50;

/**
 * The region's own view of its endpoint, in its own CloudWatch: the load balancer answering 5xx (no healthy target,
 * or targets failing). A drill's fault (paused replication, a cut link) must not cause it: when it fires, the drill
 * is hurting users and stops.
 */
function loadBalancerAlarm(t: Topology, region: string, loadBalancer: string): PlannedAlarm {
  return {
    kind: 'load-balancer-errors',
    name: names.alarm(t.name, `${region}-load-balancer-5xx`),
    workspace: region,
    region,
    stopsDrillsIn: region,
    namespace: 'AWS/ApplicationELB',
    metric: 'HTTPCode_ELB_5XX_Count',
    dimensions: { LoadBalancer: loadBalancer },
    statistic: 'Sum',
    period: 60,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    comparison: 'GreaterThanThreshold',
    threshold: LOAD_BALANCER_5XX_PER_MINUTE,
    unit: 'Count',
    treatMissingData: 'notBreaching',
    missingDataBecause: 'the load balancer publishes the count only in minutes with such answers',
    description: `The load balancer of ${region} (${loadBalancer}) answers more than ${LOAD_BALANCER_5XX_PER_MINUTE} 5xx a minute: users are failing there`,
  };
}

function auroraAlarms(t: Topology, store: string, groups: string[][]): PlannedAlarm[] {
  const threshold = lagThresholdSeconds(t, 'aurora') * 1000;
  return groups.flatMap((group) =>
    group.flatMap((region): PlannedAlarm[] => {
      const cluster = names.auroraCluster(t.name, store, region);
      const common = {
        workspace: region,
        region,
        stopsDrillsIn: region,
        store,
        namespace: 'AWS/RDS',
        metric: 'AuroraGlobalDBReplicationLag',
        dimensions: { DBClusterIdentifier: cluster },
        statistic: 'Maximum' as const,
        period: 60,
      };
      return [
        {
          ...common,
          kind: 'aurora-lag',
          name: names.alarm(t.name, `${store}-${region}-replication-lag`),
          evaluationPeriods: 2,
          datapointsToAlarm: 2,
          comparison: 'GreaterThanThreshold',
          threshold,
          unit: 'Milliseconds',
          // Every member has this alarm, and whichever is the writer publishes no lag: `breaching` would page forever
          // from the writer, `notBreaching` would show a detached secondary as OK. `missing` leaves a silent member in
          // INSUFFICIENT_DATA, visible and never paging: the writer, a headless secondary (pilot light, no instances)
          // or a member that stopped replicating. Only a measured lag above the threshold raises the alarm.
          treatMissingData: 'missing',
          missingDataBecause: 'only a secondary publishes lag, and the writer role moves: a silent member (the writer, a headless secondary, or one that stopped replicating) shows INSUFFICIENT_DATA and never pages',
          description: `Aurora ${cluster} replicates more than ${threshold} ms behind its writer (${rpoWords(t, 'aurora')}); a failover now loses that much`,
        },
        {
          ...common,
          kind: 'aurora-lag-growth',
          name: names.alarm(t.name, `${store}-${region}-replication-lag-growing`),
          evaluationPeriods: GROWTH_MINUTES,
          datapointsToAlarm: GROWTH_MINUTES,
          comparison: 'GreaterThanThreshold',
          threshold: threshold * GROWTH_FRACTION,
          unit: 'Milliseconds per minute',
          growth: true,
          // The level alarm already treats silence as breaching; growth is only judged on data.
          treatMissingData: 'notBreaching',
          missingDataBecause: 'silence is the level alarm\'s to report; growth is judged only on data',
          description: `Aurora ${cluster}: replication lag grew by more than ${threshold * GROWTH_FRACTION} ms a minute for ${GROWTH_MINUTES} minutes running: at that pace it reaches ${threshold} ms within ${Math.round(1 / GROWTH_FRACTION)} minutes`,
        },
      ];
    }),
  );
}

/** Metrics Insights alarms an account may have per region by default (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-limits.html). */
export const METRICS_INSIGHTS_ALARMS_PER_REGION = 200;

/** How many Metrics Insights alarms the topology's alarms use in each region that has any. */
export function metricsInsightsAlarmsPerRegion(alarms: readonly PlannedAlarm[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const a of alarms) if (a.query !== undefined) out.set(a.region, (out.get(a.region) ?? 0) + 1);
  return out;
}

/**
 * The Metrics Insights query for the worst series of one table or bucket: `SELECT MAX(metric) FROM SCHEMA("ns", dims)
 * WHERE key = 'value'`. Names with `/` are double-quoted and string values single-quoted
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-metrics-insights-querylanguage.html); the
 * table and bucket names it filters on are letters, digits, `.`, `_` and `-`, so they need no escape (refused otherwise).
 */
export function metricsInsightsMax(namespace: string, metric: string, dimensionSet: readonly string[], key: string, value: string, aggregate: 'MAX' | 'SUM' = 'MAX'): string {
  if (!/^[A-Za-z0-9._-]+$/.test(value)) throw new Error(`cannot put ${JSON.stringify(value)} into a Metrics Insights query`);
  return `SELECT ${aggregate}(${metric}) FROM SCHEMA("${namespace}", ${[...dimensionSet].sort().join(', ')}) WHERE ${key} = '${value}'`;
}

/**
 * What a replication alarm watches: the one series (`single`, all its dimensions) when there is one, else the MAX over
 * every series of the metric whose `key` dimension is `value`, told apart by `seriesBy`.
 */
function watched(
  namespace: string,
  metric: string,
  dimensionSet: readonly string[],
  [key, value]: readonly [string, string],
  seriesBy: string,
  single: Record<string, string> | undefined,
  aggregate: 'MAX' | 'SUM' = 'MAX',
): Pick<PlannedAlarm, 'dimensions' | 'query' | 'seriesBy'> {
  return single !== undefined ? { dimensions: single } : { dimensions: { [key]: value }, query: metricsInsightsMax(namespace, metric, dimensionSet, key, value, aggregate), seriesBy };
}

/** A queue's oldest message alarms at this fraction of its retention: the rest is the time to drain it before SQS deletes it. */
export const QUEUE_AGE_FRACTION = 0.5;

/**
 * A queue store's alarms in each of its regions (SQS metrics are per queue, in the queue's region, AWS/SQS with
 * dimension QueueName: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html):
 * the oldest message nearing the retention (consumers stopped or too slow: messages are about to be deleted unread),
 * and any message in the dead-letter queue (a message failed maxReceives times).
 */
function queueAlarms(t: Topology, store: QueueStore): PlannedAlarm[] {
  const threshold = Math.round(store.retentionSeconds * QUEUE_AGE_FRACTION);
  return store.groups.flat().flatMap((region): PlannedAlarm[] => {
    const queue = names.queue(t.name, store.name, store.fifo);
    const dlq = names.deadLetterQueue(t.name, store.name, store.fifo);
    const common = { workspace: region, region, store: store.name, namespace: 'AWS/SQS', statistic: 'Maximum' as const, comparison: 'GreaterThanThreshold' as const };
    return [
      {
        ...common,
        kind: 'queue-oldest-message',
        name: names.alarm(t.name, `${store.name}-${region}-oldest-message`),
        metric: 'ApproximateAgeOfOldestMessage',
        dimensions: { QueueName: queue },
        period: 300,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        threshold,
        unit: 'Seconds',
        treatMissingData: 'notBreaching',
        missingDataBecause: 'SQS stops publishing the metrics of a queue that has been idle for about six hours: an idle queue holds no old message',
        description: `SQS ${queue} in ${region} holds a message older than ${threshold} s, half its retention of ${store.retentionSeconds} s: its consumers have stopped or fall behind, and SQS deletes messages unread at the retention`,
      },
      {
        ...common,
        kind: 'queue-dead-letters',
        name: names.alarm(t.name, `${store.name}-${region}-dead-letters`),
        metric: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: dlq },
        period: 300,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        threshold: 0,
        unit: 'Count',
        treatMissingData: 'notBreaching',
        missingDataBecause: 'an idle dead-letter queue stops publishing after about six hours, and an idle one is empty',
        description: `SQS ${dlq} in ${region} holds messages: each failed processing ${store.maxReceives} times from ${queue}; look at them, fix the consumer, then redrive them`,
      },
    ];
  });
}

/**
 * EventBridge publishes FailedInvocations (AWS/Events) per rule, with dimensions EventBusName and RuleName for a rule
 * on a custom bus, and only when it is not zero (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html).
 * Forwarding: one alarm per region over its forwarding rules (the SUM over them when there are several). A global
 * endpoint: the ingestion latency alarm of AWS's own health check template
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-ge-cfn.html: average latency above 30 s for 5 minutes)
 * in each of its two regions, with missing data as missing (the template's advice for intermittent events, so an idle
 * bus does not fail over); the Route 53 health check watches the endpoint's primary's (the group's home).
 */
function eventsAlarms(t: Topology, store: EventsStore): PlannedAlarm[] {
  const bus = names.eventBus(t.name, store.name);
  if (store.delivery === 'global-endpoint') {
    return store.groups.flat().map((region) => ({
      kind: 'events-ingestion-latency',
      name: eventsLatencyAlarm(t.name, store.name, region),
      workspace: region,
      region,
      store: store.name,
      namespace: 'AWS/Events',
      metric: 'IngestionToInvocationStartLatency',
      dimensions: {},
      statistic: 'Average',
      period: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      comparison: 'GreaterThanThreshold',
      threshold: EVENTS_LATENCY_MS,
      unit: 'Milliseconds',
      treatMissingData: 'missing',
      missingDataBecause: "EventBridge publishes the latency only while rules deliver: an idle bus must not fail the endpoint over, so silence leaves the alarm without data and the endpoint's health check keeps its last status (AWS's template treats silence as failure and says to choose 'missing' for intermittent events)",
      description: `EventBridge in ${region} takes more than ${EVENTS_LATENCY_MS / 1000} s on average from ingestion to delivery for 5 minutes; in the primary of ${bus}'s global endpoint (its home region), the endpoint's health check fails and events go to the other region`,
    }));
  }
  return replicating(store).flatMap((group) =>
    group.map((from): PlannedAlarm => {
      const to = group.filter((r) => r !== from);
      const only = to.length === 1 ? to[0] : undefined;
      return {
        kind: 'events-failed-deliveries',
        name: names.alarm(t.name, `${store.name}-${from}-failed-deliveries`),
        workspace: from,
        region: from,
        store: store.name,
        namespace: 'AWS/Events',
        metric: 'FailedInvocations',
        ...watched('AWS/Events', 'FailedInvocations', ['EventBusName', 'RuleName'], ['EventBusName', bus], 'RuleName', only !== undefined ? { EventBusName: bus, RuleName: names.eventForwardRule(t.name, store.name, only) } : undefined, 'SUM'),
        statistic: 'Sum',
        period: 300,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        comparison: 'GreaterThanThreshold',
        threshold: 0,
        unit: 'Count',
        treatMissingData: 'notBreaching',
        missingDataBecause: 'EventBridge publishes FailedInvocations only when it is not zero',
        description:
          only !== undefined
            ? `EventBridge ${bus} in ${from} failed to deliver events to ${only}'s bus after every retry: those events are not there`
            : `EventBridge ${bus} in ${from} failed to deliver events to at least one of its ${to.length} other regions after every retry (the SUM of FailedInvocations over its forwarding rules); which one: FailedInvocations of EventBusName ${bus} by RuleName in ${from}'s CloudWatch`,
      };
    }),
  );
}

/** AWS's global endpoint health check template fails the check above this average latency. */
export const EVENTS_LATENCY_MS = 30_000;

export function eventsLatencyAlarm(topology: string, store: string, region: string): string {
  return names.alarm(topology, `${store}-${region}-ingestion-latency`);
}

function dynamodbAlarms(t: Topology, store: string, groups: string[][]): PlannedAlarm[] {
  const threshold = lagThresholdSeconds(t, 'dynamodb') * 1000;
  const table = names.dynamodbTable(t.name, store);
  return groups.flatMap((group) =>
    group.map((from): PlannedAlarm => {
      const to = group.filter((r) => r !== from);
      const only = to.length === 1 ? to[0] : undefined;
      return {
        kind: 'dynamodb-replication-latency',
        name: names.alarm(t.name, `${store}-${from}-replication-latency`),
        workspace: from,
        region: from,
        stopsDrillsIn: from,
        store,
        namespace: 'AWS/DynamoDB',
        metric: 'ReplicationLatency',
        ...watched('AWS/DynamoDB', 'ReplicationLatency', ['ReceivingRegion', 'TableName'], ['TableName', table], 'ReceivingRegion', only !== undefined ? { TableName: table, ReceivingRegion: only } : undefined),
        // The worst write's lag, not the average: the writes a failover loses are the latest ones to arrive.
        statistic: 'Maximum',
        period: 60,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        comparison: 'GreaterThanThreshold',
        threshold,
        unit: 'Milliseconds',
        treatMissingData: 'notBreaching',
        missingDataBecause: 'DynamoDB publishes replication latency only while writes replicate: no writes, no lag',
        description:
          only !== undefined
            ? `DynamoDB ${table}: writes from ${from} reach ${only} more than ${threshold} ms late (${rpoWords(t, 'dynamodb')})`
            : `DynamoDB ${table}: writes from ${from} reach at least one of its ${to.length} other regions more than ${threshold} ms late (${rpoWords(t, 'dynamodb')}). One alarm for all of them (the MAX of ReplicationLatency over every ReceivingRegion); which one lags: ReplicationLatency of TableName ${table} by ReceivingRegion in ${from}'s CloudWatch`,
      };
    }),
  );
}

/** The replication rule topoform writes for a destination (src/stacks/stores/s3.ts), by which S3 metrics are keyed. */
export const s3RuleId = (destination: string) => `to-${destination}`;

/**
 * S3's replication metrics are published in the destination bucket's region, not the source's (the "Which Region is
 * this metric published in?" column of https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html:
 * "This metric is published in the Region of the destination bucket" for Replication Latency and Operations Pending
 * Replication): an alarm in the source's region would never see a datapoint, and with missing data as not breaching,
 * never fire. So one alarm per (store, receiving region), in the receiving region's workspace, over what its bucket
 * receives: the pair's metric when one bucket sends to it, else the MAX over every SourceBucket.
 */
function s3Alarms(t: Topology, store: string, groups: string[][], direction: 'one-way' | 'two-way'): PlannedAlarm[] {
  const threshold = lagThresholdSeconds(t, 's3');
  return groups.flatMap((group) =>
    group.flatMap((receiver): PlannedAlarm[] => {
      // A sender in another account than the receiver is left out: S3 publishes a rule's replication metrics for the
      // replication configuration's owner, the source bucket's account ("metrics for the replication rules in your
      // replication configuration", https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html), where
      // this workspace's alarm would see nothing; lint replication-lag-alarmed says so at the store.
      const senders = (direction === 'one-way' ? group.slice(0, 1) : group).filter((s) => s !== receiver && !accountsDiffer(t, s, receiver));
      if (senders.length === 0) return [];
      const only = senders.length === 1 ? senders[0] : undefined;
      const bucket = names.bucket(t.name, store, receiver);
      const single = only !== undefined ? { SourceBucket: names.bucket(t.name, store, only), DestinationBucket: bucket, RuleId: s3RuleId(receiver) } : undefined;
      const series = (metric: string) => watched('AWS/S3', metric, ['DestinationBucket', 'RuleId', 'SourceBucket'], ['DestinationBucket', bucket], 'SourceBucket', single);
      const from = only !== undefined ? names.bucket(t.name, store, only) : `at least one of its ${senders.length} source buckets`;
      const which = only !== undefined ? '' : `. One alarm for all of them (the MAX over every SourceBucket); which one: the metric of DestinationBucket ${bucket} by SourceBucket in ${receiver}'s CloudWatch`;
      const common = {
        workspace: receiver,
        region: receiver,
        stopsDrillsIn: receiver,
        store,
        namespace: 'AWS/S3',
        statistic: 'Maximum' as const,
        period: 300,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        comparison: 'GreaterThanThreshold' as const,
        treatMissingData: 'notBreaching' as const,
        missingDataBecause: 'S3 publishes replication metrics only while objects replicate',
      };
      return [
        {
          ...common,
          ...series('ReplicationLatency'),
          kind: 's3-replication-latency',
          name: names.alarm(t.name, `${store}-to-${receiver}-replication-latency`),
          metric: 'ReplicationLatency',
          threshold,
          unit: 'Seconds',
          description: `S3 ${bucket}: objects from ${from} arrive more than ${threshold} s late (${rpoWords(t, 's3')})${which}`,
        },
        {
          ...common,
          ...series('OperationsPendingReplication'),
          kind: 's3-pending-operations',
          name: names.alarm(t.name, `${store}-to-${receiver}-pending-replication`),
          metric: 'OperationsPendingReplication',
          threshold: S3_PENDING_OPERATIONS,
          unit: 'Count',
          description: `S3 ${bucket}: more than ${S3_PENDING_OPERATIONS} operations from ${from} wait to replicate to it for 15 minutes${which}`,
        },
      ];
    }),
  );
}

/** Both regions name their accounts, and they differ. */
function accountsDiffer(t: Topology, a: string, b: string): boolean {
  const [x, y] = [regionAccount(t, a), regionAccount(t, b)];
  return x !== undefined && y !== undefined && x !== y;
}

/** Route 53 publishes health check metrics only in us-east-1, whatever region the endpoint is in. */
export const ROUTE53_METRICS_REGION = 'us-east-1';

function endpointAlarm(t: Topology, region: string): PlannedAlarm {
  return {
    kind: 'endpoint-health',
    name: names.alarm(t.name, `${region}-endpoint-unhealthy`),
    workspace: 'global',
    region: ROUTE53_METRICS_REGION,
    stopsDrillsIn: region,
    namespace: 'AWS/Route53',
    metric: 'HealthCheckStatus',
    // The health check's id is assigned by Route 53: the builder fills it in from the check it made.
    dimensions: { HealthCheckId: names.healthCheck(t.name, region) },
    statistic: 'Minimum',
    period: 60,
    evaluationPeriods: 2,
    datapointsToAlarm: 2,
    comparison: 'LessThanThreshold',
    threshold: 1,
    unit: 'Status',
    treatMissingData: 'breaching',
    missingDataBecause: 'Route 53 reports every check every minute: silence means the check (or its metrics) is gone',
    description: `The endpoint of ${region} fails its Route 53 health check (${names.healthCheck(t.name, region)}): traffic is leaving or has left the region`,
  };
}
