// Alarms: an encrypted SNS topic per region (and one in us-east-1 in global) that only this topology's alarms may
// publish to, and CloudWatch alarms on every asynchronous store's replication lag, each in the workspace of the region
// whose CloudWatch has the metric, with thresholds from objectives.rpo. Checked on the synthesized JSON;
// test/terraform.test.ts validates and applies the examples that carry alarms with real Terraform.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { METRICS_INSIGHTS_ALARMS_PER_REGION, metricsInsightsAlarmsPerRegion, metricsInsightsMax, plannedAlarms } from '../src/model/alarms';
import { normalize } from '../src/model/normalize';
import type { TopologyInput } from '../src/model/input';
import { parse } from 'yaml';
import { topoform } from './helpers/cli';
import { synthTopology, topologyDir, type Json } from './helpers/synth';

const hybrid = readFileSync(join(__dirname, '../examples/hybrid/topology.yaml'), 'utf8');
const TOPIC = '${aws_sns_topic.alarms.arn}';

const alarmsOf = (stack: Json): Json => (stack['resource']?.['aws_cloudwatch_metric_alarm'] ?? {}) as Json;
const byName = (stack: Json, name: string): Json | undefined => Object.values(alarmsOf(stack)).find((a: Json) => a.alarm_name === name) as Json | undefined;

describe('alarms in the hybrid example (catalog: eu-west-1 primary, eu-central-1; aurora, dynamodb, s3; latency routing)', () => {
  const { stack } = synthTopology(hybrid, 'alarms');
  const regions = ['eu-west-1', 'eu-central-1'];

  it('Aurora: every member has a lag alarm on its own cluster, notifying its region\'s topic; silence never pages', () => {
    const lag = byName(stack('eu-central-1'), 'catalog.products-eu-central-1-replication-lag')!;
    expect(lag).toBeDefined();
    expect(lag).toMatchObject({
      namespace: 'AWS/RDS',
      metric_name: 'AuroraGlobalDBReplicationLag',
      dimensions: { DBClusterIdentifier: 'catalog-products-eu-central-1' },
      statistic: 'Maximum',
      comparison_operator: 'GreaterThanThreshold',
      // No objectives.rpo: half of the default 1-minute RPO, in the metric's milliseconds.
      threshold: 30000,
      alarm_actions: [TOPIC],
      ok_actions: [TOPIC],
      treat_missing_data: 'missing',
    });
    // The writer role moves (switchover, promote): the writer has the same alarm on its own cluster. It publishes no
    // lag, and 'missing' keeps its alarm in INSUFFICIENT_DATA instead of paging forever ('breaching' would).
    const writer = byName(stack('eu-west-1'), 'catalog.products-eu-west-1-replication-lag')!;
    expect(writer).toMatchObject({ dimensions: { DBClusterIdentifier: 'catalog-products-eu-west-1' }, treat_missing_data: 'missing', alarm_actions: [TOPIC] });
    expect(Object.values(alarmsOf(stack('eu-west-1'))).filter((a: Json) => a.metric_name === 'AuroraGlobalDBReplicationLag').length).toBe(1);
  });

  it('Aurora: the rate alarm takes DIFF of the lag, alarms on growth, and leaves silence to the level alarm', () => {
    const growth = byName(stack('eu-central-1'), 'catalog.products-eu-central-1-replication-lag-growing')!;
    expect(growth).toBeDefined();
    expect(growth['metric_query']).toEqual([
      { id: 'lag', metric: { namespace: 'AWS/RDS', metric_name: 'AuroraGlobalDBReplicationLag', dimensions: { DBClusterIdentifier: 'catalog-products-eu-central-1' }, period: 60, stat: 'Maximum' }, return_data: false },
      { id: 'growth', expression: 'DIFF(lag)', label: 'AuroraGlobalDBReplicationLag change per 60 s', return_data: true },
    ]);
    expect(growth).toMatchObject({ threshold: 3000, evaluation_periods: 3, datapoints_to_alarm: 3, treat_missing_data: 'notBreaching', alarm_actions: [TOPIC] });
    expect(growth['metric_name']).toBeUndefined();
  });

  it('DynamoDB: one ReplicationLatency alarm per table and sending region, in the sending region (one receiver: on its metric)', () => {
    for (const [from, to] of [['eu-west-1', 'eu-central-1'], ['eu-central-1', 'eu-west-1']] as const) {
      const a = byName(stack(from), `catalog.sessions-${from}-replication-latency`)!;
      expect(a, `${from} -> ${to}`).toMatchObject({
        namespace: 'AWS/DynamoDB',
        metric_name: 'ReplicationLatency',
        dimensions: { TableName: 'catalog-sessions', ReceivingRegion: to },
        // The worst write's lag (what a failover loses), as the Metrics Insights MAX of a sender with several receivers.
        statistic: 'Maximum',
        threshold: 30000,
        alarm_actions: [TOPIC],
        ok_actions: [TOPIC],
        treat_missing_data: 'notBreaching',
      });
      expect(byName(stack(to), `catalog.sessions-${from}-replication-latency`)).toBeUndefined();
      // Two regions: one destination each, so a plain metric alarm and no Metrics Insights quota used.
      expect(a['metric_query']).toBeUndefined();
    }
  });

  it('S3: latency and pending operations per replication rule, in the destination region (where S3 publishes them), with the rule\'s metrics enabled', () => {
    // hybrid replicates S3 one-way, from the primary: its bucket is the only source, eu-central-1's the only
    // destination. "This metric is published in the Region of the destination bucket"
    // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html): an alarm in eu-west-1 would never see it.
    const dimensions = { SourceBucket: 'catalog-images-eu-west-1', DestinationBucket: 'catalog-images-eu-central-1', RuleId: 'to-eu-central-1' };
    expect(byName(stack('eu-central-1'), 'catalog.images-to-eu-central-1-replication-latency')).toMatchObject({ namespace: 'AWS/S3', metric_name: 'ReplicationLatency', dimensions, threshold: 900, alarm_actions: [TOPIC], treat_missing_data: 'notBreaching' });
    expect(byName(stack('eu-central-1'), 'catalog.images-to-eu-central-1-pending-replication')).toMatchObject({ namespace: 'AWS/S3', metric_name: 'OperationsPendingReplication', dimensions, threshold: 1000, alarm_actions: [TOPIC] });
    expect(Object.values(alarmsOf(stack('eu-west-1'))).filter((a: Json) => a.namespace === 'AWS/S3')).toEqual([]);
    const replication = stack('global')['resource']['aws_s3_bucket_replication_configuration'] as Json;
    for (const config of Object.values(replication) as Json[]) {
      for (const rule of config['rule'] as Json[]) expect(rule['destination']['metrics']).toEqual({ status: 'Enabled' });
    }
  });

  it('each region has one topic under its region\'s topology key, an email subscription, and a policy admitting only this topology\'s alarms over TLS', () => {
    for (const region of regions) {
      const r = stack(region)['resource'] as Json;
      const topic = r['aws_sns_topic']['alarms'];
      expect(topic.name).toBe('catalog-alarms');
      expect(topic.kms_master_key_id).toBe(region === 'eu-west-1' ? '${aws_kms_key.topology.arn}' : 'arn:aws:kms:eu-central-1:${data.aws_caller_identity.current.account_id}:alias/catalog');
      expect(Object.values(r['aws_sns_topic_subscription'])).toEqual([{ topic_arn: TOPIC, protocol: 'email', endpoint: 'catalog-oncall@example.com' }]);
      const policy = r['aws_sns_topic_policy']['alarms'].policy as string;
      expect(policy).toContain('"Principal" = {"Service" = "cloudwatch.amazonaws.com"}, "Action" = "sns:Publish"');
      expect(policy).toContain('"aws:SourceAccount" = data.aws_caller_identity.current.account_id');
      // This topology's alarms in this region by a pattern, not a list that grows with the alarms (SNS's 30 KB): alarm
      // names are `catalog.<what>`, and no topology name holds a `.`, so `catalog.*` is not catalog-v2's alarms.
      const names = Object.values(r['aws_cloudwatch_metric_alarm'] ?? {}).map((a) => (a as Json).alarm_name as string);
      expect(names.length).toBeGreaterThan(0);
      for (const n of names) expect(n.startsWith('catalog.')).toBe(true);
      expect(policy).toContain(`"ArnLike" = {"aws:SourceArn" = "arn:aws:cloudwatch:${region}:\${data.aws_caller_identity.current.account_id}:alarm:catalog.*"}`);
      expect(policy).not.toContain('ArnEquals');
      expect(policy).not.toContain('catalog-*');
      expect(policy).toMatch(/"Effect" = "Deny", "Principal" = "\*", "Action" = "sns:Publish".*"aws:SecureTransport" = "false"/);
    }
  });

  it('the topology key lets CloudWatch encrypt for this topology\'s alarms only', () => {
    const policy = stack('eu-west-1')['resource']['aws_kms_key']['topology'].policy as string;
    expect(policy).toContain('"Sid" = "CloudWatchAlarmsPublishToTopologyTopics"');
    // By conditions, not a list of alarm ARNs that every replica key would carry (KMS's 32 KB limit): this account's
    // alarms of this topology (`catalog.*`: catalog-v2's alarms are `catalog-v2.*`), encrypting for a topic named
    // exactly this topology's.
    expect(policy).toContain('"aws:SourceArn" = "arn:aws:cloudwatch:*:${data.aws_caller_identity.current.account_id}:alarm:catalog.*"');
    expect(policy).toContain('"kms:EncryptionContext:aws:sns:topicArn" = "arn:aws:sns:*:${data.aws_caller_identity.current.account_id}:catalog-alarms"');
    expect(policy).not.toContain('replication-lag');
  });

  it('Route 53 health check alarms are in global, in us-east-1, on each region\'s check, with a us-east-1 topic under a key of global\'s own', () => {
    const g = stack('global');
    const r = g['resource'] as Json;
    for (const region of regions) {
      expect(byName(g, `catalog.${region}-endpoint-unhealthy`)).toMatchObject({
        provider: 'aws.us_east_1',
        namespace: 'AWS/Route53',
        metric_name: 'HealthCheckStatus',
        dimensions: { HealthCheckId: `\${aws_route53_health_check.${region}.id}` },
        comparison_operator: 'LessThanThreshold',
        threshold: 1,
        alarm_actions: [TOPIC],
        treat_missing_data: 'breaching',
      });
      for (const w of regions) expect(byName(stack(w), `catalog.${region}-endpoint-unhealthy`)).toBeUndefined();
    }
    expect(r['aws_sns_topic']['alarms']).toMatchObject({ provider: 'aws.us_east_1', name: 'catalog-alarms-global', kms_master_key_id: '${aws_kms_key.alarms.arn}' });
    expect(r['aws_kms_key']['alarms']).toMatchObject({ provider: 'aws.us_east_1', enable_key_rotation: true });
    expect(r['aws_kms_key']['alarms'].policy).toContain('CloudWatchAlarmsPublishToTopologyTopics');
    expect(r['aws_sns_topic_policy']['alarms'].policy).toContain('"aws:SourceArn" = "arn:aws:cloudwatch:us-east-1:${data.aws_caller_identity.current.account_id}:alarm:catalog.*"');
  });
});

describe('the generated README', () => {
  it('says each address must confirm its subscription, naming the topics', () => {
    const { out } = synthTopology(hybrid, 'alarms-readme');
    const readme = readFileSync(join(out, 'README.md'), 'utf8');
    expect(readme).toContain("each region's `catalog-alarms` topic and global's `catalog-alarms-global` (us-east-1); each address must confirm it");
  });
});

describe('thresholds follow objectives.rpo', () => {
  const withRpo = hybrid.replace('\nregions:', '\nobjectives: { rpo: 10s }\n\nregions:');

  it('half the RPO: Aurora and DynamoDB in ms, S3 in s; Aurora growth a tenth of that per minute', () => {
    const { stack } = synthTopology(withRpo, 'alarms-rpo');
    expect(byName(stack('eu-central-1'), 'catalog.products-eu-central-1-replication-lag')!['threshold']).toBe(5000);
    expect(byName(stack('eu-central-1'), 'catalog.products-eu-central-1-replication-lag-growing')!['threshold']).toBe(500);
    expect(byName(stack('eu-west-1'), 'catalog.sessions-eu-west-1-replication-latency')!['threshold']).toBe(5000);
    expect(byName(stack('eu-central-1'), 'catalog.images-to-eu-central-1-replication-latency')!['threshold']).toBe(5);
  });
});

describe('without alarms', () => {
  it('no topic, no alarm, and no replication metrics on a rule without RTC', () => {
    const { stack, workspaces } = synthTopology(hybrid.replace(/\nalarms:.*\n.*\n/, '\n'), 'no-alarms');
    for (const w of workspaces) {
      expect(stack(w)['resource']['aws_sns_topic'], w).toBeUndefined();
      expect(stack(w)['resource']['aws_cloudwatch_metric_alarm'], w).toBeUndefined();
    }
    expect(stack('eu-west-1')['resource']['aws_kms_key']['topology'].policy).not.toContain('cloudwatch.amazonaws.com');
    for (const config of Object.values(stack('global')['resource']['aws_s3_bucket_replication_configuration']) as Json[]) {
      for (const rule of config['rule'] as Json[]) expect(rule['destination']['metrics']).toBeUndefined();
    }
  });
});

describe('plannedAlarms (the model the runbook and drills read)', () => {
  const model = (text: string) => normalize(parse(text) as TopologyInput);

  it('names every alarm from the topology, and says which region a drill stops in', () => {
    const planned = plannedAlarms(model(hybrid));
    expect(planned.every((a) => a.name.startsWith('catalog.'))).toBe(true);
    expect(new Set(planned.map((a) => a.name)).size).toBe(planned.length);
    const health = planned.filter((a) => a.kind === 'endpoint-health');
    expect(health.map((a) => [a.workspace, a.region, a.stopsDrillsIn])).toEqual([['global', 'us-east-1', 'eu-west-1'], ['global', 'us-east-1', 'eu-central-1']]);
    // Aurora on both members (2 each), dynamodb both ways (2), s3 one-way (2), two endpoints (2).
    expect(planned.length).toBe(10);
  });

  it('a headless Aurora secondary keeps its lag alarm\'s state through silence instead of alarming', () => {
    const pilot = model(readFileSync(join(__dirname, '../examples/pilot-light/topology.yaml'), 'utf8') + '\nalarms: { email: [a@example.com] }\n');
    const lag = plannedAlarms(pilot).filter((a) => a.kind === 'aurora-lag');
    expect(pilot.data.some((s) => s.type === 'aurora' && s.instances.secondary === 0)).toBe(true);
    expect(lag.length).toBeGreaterThan(0);
    for (const a of lag) expect(a.treatMissingData).toBe('missing');
  });

  it('no alarms without the alarms field', () => {
    expect(plannedAlarms(model(hybrid.replace(/\nalarms:.*\n.*\n/, '\n')))).toEqual([]);
  });
});

describe('validate', () => {
  it('alarms are compiled: no TOPO4001 and no TOPO6010 for a topology that sets them', () => {
    const r = topoform(['validate', 'topology.yaml'], { cwd: topologyDir(hybrid, 'alarms-validate') });
    expect(r.stdout + r.stderr).not.toContain('TOPO4001');
    const check = topoform(['check', 'topology.yaml'], { cwd: topologyDir(hybrid, 'alarms-check') });
    expect(check.stdout + check.stderr).not.toContain('TOPO6010');
  });
});

describe('alarms with nothing to alarm on', () => {
  it('keeps the topics but admits no publisher: no empty ArnEquals in the key or topic policy', () => {
    const s = synthTopology(
      `version: 1
name: quiet
pattern: active-passive
regions:
  - name: us-east-1
  - name: us-west-2
alarms: { email: [oncall@example.com] }
data:
  - { name: flags, type: parameter, value: "on" }
`,
      'quiet',
    );
    const r = s.stack('us-east-1')['resource'] as Json;
    expect(r['aws_sns_topic']['alarms'].name).toBe('quiet-alarms');
    expect(r['aws_kms_key']['topology'].policy).not.toContain('CloudWatchAlarmsPublishToTopologyTopics');
    expect(r['aws_sns_topic_policy']['alarms'].policy).not.toContain('TopologyAlarmsOfThisAccountPublish');
    expect(r['aws_cloudwatch_metric_alarm']).toBeUndefined();
  });
});

describe('several destinations: one alarm per store and sending region, on a Metrics Insights query for the worst', () => {
  // Alarms on a Metrics Insights query, one aggregated series without GROUP BY, SCHEMA's exact dimension set:
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Metrics_Insights_Alarm.html
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-metrics-insights-querylanguage.html
  // The query's period is required (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_metric_alarm#period).
  const three = `version: 1
name: orders
pattern: active-active
regions:
  - { name: us-east-1, endpoint: { dnsName: lb.us-east-1.elb.amazonaws.com, zoneId: Z35SXDOTRQ7X7K } }
  - { name: us-west-2, endpoint: { dnsName: lb.us-west-2.elb.amazonaws.com, zoneId: Z35SXDOTRQ7X7K } }
  - { name: eu-west-1, endpoint: { dnsName: lb.eu-west-1.elb.amazonaws.com, zoneId: Z35SXDOTRQ7X7K } }
routing: { domain: api.example.com, zone: example.com }
alarms: { email: [oncall@example.com] }
data:
  - { name: carts, type: dynamodb, hashKey: { name: pk, type: S } }
  - { name: files, type: s3 }
`;
  const { stack } = synthTopology(three, 'alarms-three');

  it('DynamoDB: the MAX of ReplicationLatency over every receiving region of the table, in the sender, with how to find which', () => {
    for (const from of ['us-east-1', 'us-west-2', 'eu-west-1']) {
      const alarms = Object.values(alarmsOf(stack(from))) as Json[];
      const latency = alarms.filter((a) => String(a['alarm_name']).startsWith('orders.carts-'));
      expect(latency.map((a) => a['alarm_name'])).toEqual([`orders.carts-${from}-replication-latency`]);
      const a = latency[0]!;
      expect(a['metric_query']).toEqual([
        {
          id: 'worst',
          expression: `SELECT MAX(ReplicationLatency) FROM SCHEMA("AWS/DynamoDB", ReceivingRegion, TableName) WHERE TableName = 'orders-carts'`,
          label: 'ReplicationLatency, worst ReceivingRegion',
          period: 60,
          return_data: true,
        },
      ]);
      expect(a).toMatchObject({ threshold: 30000, evaluation_periods: 3, datapoints_to_alarm: 3, treat_missing_data: 'notBreaching', alarm_actions: [TOPIC], ok_actions: [TOPIC] });
      for (const key of ['metric_name', 'namespace', 'period', 'statistic', 'dimensions']) expect(a[key], key).toBeUndefined();
      expect(a['alarm_description']).toContain('at least one of its 2 other regions');
      expect(a['alarm_description']).toContain(`which one lags: ReplicationLatency of TableName orders-carts by ReceivingRegion in ${from}'s CloudWatch`);
    }
  });

  it('S3 two-way: latency and pending operations of what each destination bucket receives, the MAX over its source buckets, in its own region', () => {
    const alarms = Object.values(alarmsOf(stack('us-west-2'))) as Json[];
    const files = alarms.filter((a) => String(a['alarm_name']).startsWith('orders.files-')).sort((a, b) => String(a['alarm_name']).localeCompare(String(b['alarm_name'])));
    expect(files.map((a) => a['alarm_name'])).toEqual(['orders.files-to-us-west-2-pending-replication', 'orders.files-to-us-west-2-replication-latency']);
    expect(files.map((a) => (a['metric_query'] as Json[])[0]!['expression'])).toEqual([
      `SELECT MAX(OperationsPendingReplication) FROM SCHEMA("AWS/S3", DestinationBucket, RuleId, SourceBucket) WHERE DestinationBucket = 'orders-files-us-west-2'`,
      `SELECT MAX(ReplicationLatency) FROM SCHEMA("AWS/S3", DestinationBucket, RuleId, SourceBucket) WHERE DestinationBucket = 'orders-files-us-west-2'`,
    ]);
    expect(files.map((a) => (a['metric_query'] as Json[])[0]!['period'])).toEqual([300, 300]);
    expect(files.map((a) => a['threshold'])).toEqual([1000, 900]);
    for (const a of files) expect(a['alarm_description']).toContain('which one: the metric of DestinationBucket orders-files-us-west-2 by SourceBucket');
  });

  it('the model says which alarms are Metrics Insights ones, and how many each region uses of the default 200', () => {
    const planned = plannedAlarms(normalize(parse(three) as TopologyInput));
    const perRegion = metricsInsightsAlarmsPerRegion(planned);
    // One eventually consistent table and two S3 alarms per region; Route 53's endpoint alarms are plain metric alarms.
    expect(Object.fromEntries(perRegion)).toEqual({ 'us-east-1': 3, 'us-west-2': 3, 'eu-west-1': 3 });
    expect(Math.max(...perRegion.values())).toBeLessThan(METRICS_INSIGHTS_ALARMS_PER_REGION);
  });

  it('a value that would need escaping in a query is refused rather than quoted wrongly', () => {
    expect(() => metricsInsightsMax('AWS/S3', 'ReplicationLatency', ['SourceBucket'], 'SourceBucket', "a'b")).toThrow(/cannot put/);
  });
});
