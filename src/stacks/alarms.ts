// Alarms (`alarms: { email: [...] }`): an SNS topic in every region's workspace, encrypted with the region's topology
// key, that only this topology's CloudWatch alarms may publish to, subscribed by each address; and CloudWatch alarms on
// replication lag and endpoint health, each in the workspace of the region whose CloudWatch has the metric
// (src/model/alarms.ts says which). Route 53 publishes health check metrics only in us-east-1, so those alarms, and a
// topic and key of their own, are in the global workspace through its us-east-1 provider.
//
// Each address receives a confirmation email and must confirm it: SNS sends nothing to an unconfirmed subscription,
// and Terraform cannot confirm an email subscription (it shows as pending until someone clicks the link).
import { CloudwatchMetricAlarm, type CloudwatchMetricAlarmConfig } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { createHash } from 'node:crypto';
import type { TerraformStack } from 'cdktf';
import { plannedAlarms, ROUTE53_METRICS_REGION, type PlannedAlarm } from '../model/alarms';
import { names } from '../model/naming';
import type { Topology } from '../model/types';
import type { BuildContext } from './context';
import { named } from './ids';
import { policyDocument, type Statement } from './policy';

/**
 * This topology's alarms in one region (`*` for any), by ARN pattern: alarm names are `<topology>.<what>`, and a
 * topology name cannot hold a `.` (src/model/naming.ts), so `<topology>.*` matches no other topology's alarm (unlike
 * `<topology>-*`: `pay-*` matches topology `pay-eu`'s). A pattern, not a list of ARNs: a list grows with regions times
 * stores, past SNS's 30 KB and KMS's 32 KB policy limits.
 */
export function alarmArnPattern(t: Topology, region: string, accountId: string): string {
  return `arn:${t.partition}:cloudwatch:${region}:${accountId}:alarm:${names.alarm(t.name, '*')}`;
}

/**
 * What lets CloudWatch alarms use a key for an encrypted topic: SNS encrypts each message with the publisher's
 * permissions, so the key policy must admit the CloudWatch service principal (an AWS managed key cannot;
 * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services), and only on
 * behalf of this account's alarms (aws:SourceAccount, aws:SourceArn against confused deputies) encrypting for this
 * topology's own topic (`topicName`, in any region) through SNS's encryption context `aws:sns:topicArn`
 * (https://docs.aws.amazon.com/gamelift/latest/flexmatchguide/queue-notification-sns-sse.html shows that condition).
 * Conditions, not a list of alarm ARNs: a list grows with regions times stores and every replica key carries it, past
 * KMS's 32 KB policy limit. The alarm pattern `<topology>.*` admits only this topology's alarms (`alarmArnPattern`),
 * and the topic name is exact: only this topology's alarms publishing to this topology's topics. None when there are
 * no alarms.
 */
export function cloudWatchKeyStatements(t: Topology, accountId: string, alarms: readonly PlannedAlarm[] = plannedAlarms(t), topicName = names.alarmTopic(t.name)): Statement[] {
  if (alarms.length === 0) return [];
  return [
    {
      Sid: 'CloudWatchAlarmsPublishToTopologyTopics',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: {
        StringEquals: { 'aws:SourceAccount': accountId },
        ArnLike: { 'aws:SourceArn': alarmArnPattern(t, '*', accountId) },
        StringLike: { 'kms:EncryptionContext:aws:sns:topicArn': `arn:${t.partition}:sns:*:${accountId}:${topicName}` },
      },
    },
  ];
}

/**
 * Terraform names for the addresses: a plain address by its own letters (`.`, `@` and `+` as `_`), any other by a
 * hash of it (an address may hold `$`, `{` or `#`, which no Terraform name should echo); distinct ones stay distinct.
 */
function subscriptionIds(emails: readonly string[]): string[] {
  const seen = new Set<string>();
  return emails.map((email) => {
    const plain = /^[A-Za-z0-9._+-]+@[A-Za-z0-9.-]+$/.test(email);
    const base = plain
      ? `alarms_${email.toLowerCase().replace(/[^a-z0-9_-]/g, '_')}`
      : `alarms_${createHash('sha256').update(email).digest('hex').slice(0, 12)}`;
    let id = base;
    for (let n = 2; seen.has(id); n++) id = `${base}_${n}`;
    seen.add(id);
    return id;
  });
}

interface TopicIn {
  stack: TerraformStack;
  provider?: AwsProvider;
  region: string;
  /** The alarms that publish to it. */
  publishers: readonly PlannedAlarm[];
  accountId: string;
  kmsKey: string;
  name: string;
  /** EventBridge rules that publish to it (a backup store's failed jobs), by ARN. */
  rules?: readonly string[];
}

function topic(t: Topology, emails: readonly string[], at: TopicIn): string {
  const on = at.provider ? { provider: at.provider } : {};
  const sns = named(new SnsTopic(at.stack, 'alarms', { ...on, name: at.name, kmsMasterKeyId: at.kmsKey }), 'alarms');
  const arn = sns.arn;
  named(
    new SnsTopicPolicy(at.stack, 'alarms_policy', {
      ...on,
      arn,
      policy: policyDocument([
        // This account's alarms of this topology in this region (the only ones that can name this topic), by
        // conditions that do not grow with the alarms; a workspace with none (no replicated store there) admits nobody.
        ...(at.publishers.length > 0
          ? [
              {
                Sid: 'TopologyAlarmsOfThisAccountPublish',
                Effect: 'Allow' as const,
                Principal: { Service: 'cloudwatch.amazonaws.com' },
                Action: 'sns:Publish',
                Resource: arn,
                Condition: { StringEquals: { 'aws:SourceAccount': at.accountId }, ArnLike: { 'aws:SourceArn': alarmArnPattern(t, at.region, at.accountId) } },
              },
            ]
          : []),
        ...(at.rules && at.rules.length > 0
          ? [
              {
                Sid: 'TopologyEventRulesPublish',
                Effect: 'Allow' as const,
                Principal: { Service: 'events.amazonaws.com' },
                Action: 'sns:Publish',
                Resource: arn,
                Condition: { StringEquals: { 'aws:SourceAccount': at.accountId }, ArnEquals: { 'aws:SourceArn': [...at.rules] } },
              },
            ]
          : []),
        { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: arn, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      ]),
    }),
    'alarms',
  );
  const ids = subscriptionIds(emails);
  emails.forEach((email, i) => {
    // Pending until the address confirms it: Terraform cannot confirm an email subscription.
    named(new SnsTopicSubscription(at.stack, ids[i]!, { ...on, topicArn: arn, protocol: 'email', endpoint: email }), ids[i]!);
  });
  return arn;
}

function alarm(stack: TerraformStack, t: Topology, a: PlannedAlarm, topicArn: string, provider?: AwsProvider, dimensions = a.dimensions): CloudwatchMetricAlarm {
  const logical = a.name.slice(t.name.length + 1);
  const common: CloudwatchMetricAlarmConfig = {
    ...(provider ? { provider } : {}),
    alarmName: a.name,
    alarmDescription: `${a.description}. Missing data: ${a.treatMissingData} (${a.missingDataBecause}). Generated by topoform from topology ${t.name}.`,
    comparisonOperator: a.comparison,
    evaluationPeriods: a.evaluationPeriods,
    datapointsToAlarm: a.datapointsToAlarm,
    threshold: a.threshold,
    treatMissingData: a.treatMissingData,
    actionsEnabled: true,
    alarmActions: [topicArn],
    okActions: [topicArn],
  };
  const config: CloudwatchMetricAlarmConfig = a.query
    ? {
        ...common,
        // A Metrics Insights query as the alarm's one expression, with its own period: CloudWatch requires one for a
        // query that retrieves no metric (`metric_query.period`,
        // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_metric_alarm#period;
        // without it PutMetricAlarm answers "Period must not be null",
        // https://github.com/hashicorp/terraform-provider-aws/issues/28617).
        metricQuery: [{ id: 'worst', expression: a.query, label: `${a.metric}, worst ${a.seriesBy ?? 'series'}`, period: a.period, returnData: true }],
      }
    : a.growth
    ? {
        ...common,
        metricQuery: [
          { id: 'lag', metric: { namespace: a.namespace, metricName: a.metric, dimensions, period: a.period, stat: a.statistic }, returnData: false },
          { id: 'growth', expression: 'DIFF(lag)', label: `${a.metric} change per ${a.period} s`, returnData: true },
        ],
      }
    : { ...common, namespace: a.namespace, metricName: a.metric, dimensions, period: a.period, statistic: a.statistic };
  return named(new CloudwatchMetricAlarm(stack, `alarm_${logical}`, config), logical);
}

export function buildAlarms(ctx: BuildContext): void {
  const t = ctx.topology;
  if (!t.alarms) return;
  const emails = t.alarms.email;
  const planned = plannedAlarms(t);

  for (const scope of ctx.regions.values()) {
    const region = scope.region.name;
    const mine = planned.filter((p) => p.workspace === region);
    // A backup store's rule for failed jobs, in every region it lives in (src/stacks/stores/backup.ts).
    const rules = t.data
      .filter((s) => s.type === 'backup' && s.groups.some((g) => g.includes(region)))
      .map((s) => `arn:${t.partition}:events:${region}:${scope.accountId}:rule/${names.backupFailedRule(t.name, s.name)}`);
    const topicArn = topic(t, emails, { stack: scope.stack, region, publishers: mine, accountId: scope.accountId, kmsKey: scope.kmsKey, name: names.alarmTopic(t.name), rules });
    for (const a of mine) {
      scope.alarms.set(a.name, alarm(scope.stack, t, a, topicArn).arn);
    }
  }

  const health = planned.filter((p) => p.workspace === 'global');
  if (health.length === 0) return;
  const stack = ctx.global.stack;
  const provider = ctx.global.edge.providerFor(ROUTE53_METRICS_REGION);
  // The global workspace holds no key of the topology's family (the primary's workspace manages it, and us-east-1 need
  // not be a topology region), and an AWS managed key (alias/aws/sns) cannot admit CloudWatch: so a key of its own.
  const key = named(
    new KmsKey(stack, 'alarms_key', {
      provider,
      description: `topoform ${t.name}: encrypts the ${ROUTE53_METRICS_REGION} topic of the Route 53 health check alarms`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policyDocument([
        { Sid: 'AccountAdministersTheKey', Effect: 'Allow', Principal: { AWS: `arn:${t.partition}:iam::${ctx.global.edge.accountId}:root` }, Action: 'kms:*', Resource: '*' },
        ...cloudWatchKeyStatements(t, ctx.global.edge.accountId, health, names.alarmGlobalTopic(t.name)),
      ]),
    }),
    'alarms',
  );
  named(new KmsAlias(stack, 'alarms_key_alias', { provider, name: names.alarmsGlobalKeyAlias(t.name), targetKeyId: key.keyId }), 'alarms');
  const topicArn = topic(t, emails, { stack, provider, region: ROUTE53_METRICS_REGION, publishers: health, accountId: ctx.global.edge.accountId, kmsKey: key.arn, name: names.alarmGlobalTopic(t.name) });
  for (const a of health) {
    const region = a.stopsDrillsIn!;
    // The edge (src/stacks/routing/index.ts) made each region's health check as `health_<region>`.
    const check = stack.node.tryFindChild(`health_${region}`) as Route53HealthCheck | undefined;
    if (!check) throw new Error(`no Route 53 health check for ${region}; buildAlarms must run after buildRouting`);
    // Not a drill's stop condition: FIS reads stop alarms from the experiment's own region, and this one is in
    // us-east-1, made by global, which is applied after the regions (it would not exist when a region's drill is made).
    alarm(stack, t, a, topicArn, provider, { HealthCheckId: check.id });
  }
}
