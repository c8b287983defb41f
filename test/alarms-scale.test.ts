// Issue 15, "make synth linear": the number of alarms and the size of every policy grow linearly with regions and
// stores, so a big topology synthesizes without a policy over its service's limit (TOPO5030). Not timing-based: the
// time of the 30-region synth is `npm run bench`'s (scripts/bench.js).
//
// What keeps it linear, and the AWS pages it rests on:
// - one replication alarm per (store, sending region), a Metrics Insights query for the worst destination when there
//   are several (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Metrics_Insights_Alarm.html),
//   within the default 200 Metrics Insights alarms per account and region
//   (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-limits.html);
// - topic and key policies admit `<topology>.*` alarms by condition, not by a list of ARNs (SNS topic policies are
//   limited to 30 KB: https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-language-api-permissions-reference.html#sns-policy-quotas);
// - an S3 replication role names its destination regions' keys in one statement (IAM's 10,240 bytes of inline policy
//   per role: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { estimatePolicyBytes, POLICY_LIMITS } from '../src/emit/policy-size';
import { METRICS_INSIGHTS_ALARMS_PER_REGION, metricsInsightsAlarmsPerRegion, plannedAlarms } from '../src/model/alarms';
import type { TopologyInput } from '../src/model/input';
import { normalize } from '../src/model/normalize';
import { synthTopology, type Json, type Synthesized } from './helpers/synth';

const REGIONS = [
  'us-east-1', 'us-west-2', 'us-east-2', 'us-west-1', 'ca-central-1', 'ca-west-1', 'sa-east-1', 'mx-central-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2',
  'ap-northeast-1', 'ap-northeast-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-3', 'ap-southeast-3',
  'ap-southeast-4', 'ap-south-1', 'ap-south-2', 'ap-east-1', 'me-south-1', 'me-central-1', 'il-central-1', 'af-south-1',
];

/** Active-active over the regions, with routing and alarms: `tables` eventual DynamoDB tables and `buckets` two-way S3 buckets. */
function topology(regions: readonly string[], tables: number, buckets: number): string {
  return [
    'version: 1',
    'name: scale',
    'pattern: active-active',
    'regions:',
    ...regions.flatMap((r) => [`  - name: ${r}`, `    endpoint: { dnsName: lb.${r}.elb.amazonaws.com, zoneId: Z35SXDOTRQ7X7K }`]),
    'routing: { domain: api.example.com, zone: example.com }',
    'alarms: { email: [ops@example.com] }',
    'data:',
    ...Array.from({ length: tables }, (_, i) => `  - { name: t${i}, type: dynamodb, hashKey: { name: pk, type: S } }`),
    ...Array.from({ length: buckets }, (_, i) => `  - { name: b${i}, type: s3 }`),
    '',
  ].join('\n');
}

const resources = (s: Synthesized, type: string): Json[] => s.workspaces.flatMap((w) => Object.values((s.stack(w)['resource']?.[type] ?? {}) as Json) as Json[]);

/** The largest estimated policy of each type the output holds (the size synth checks, src/emit/policy-size.ts). */
function largestPolicies(s: Synthesized): Record<string, number> {
  return Object.fromEntries(
    Object.entries(POLICY_LIMITS)
      .map(([type, { attribute }]) => [type, Math.max(0, ...resources(s, type).map((r) => estimatePolicyBytes(String(r[attribute]))))] as const)
      .filter(([, size]) => size > 0),
  );
}

describe('twice the regions, at most twice the alarms and no policy more than twice as large', () => {
  const small = synthTopology(topology(REGIONS.slice(0, 3), 2, 2), 'scale-3');
  const large = synthTopology(topology(REGIONS.slice(0, 6), 2, 2), 'scale-6');

  it('alarms: one per store and region (with several destinations each), not one per pair of regions', () => {
    const n = (s: Synthesized) => resources(s, 'aws_cloudwatch_metric_alarm').length;
    // 3 regions: per region 2 tables + 2 buckets x (latency, pending) + an endpoint alarm = 7.
    expect(n(small)).toBe(21);
    expect(n(large) / n(small)).toBeLessThanOrEqual(2);
  });

  it('policies: each grows at most as the regions do', () => {
    const before = largestPolicies(small);
    const after = largestPolicies(large);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['aws_sns_topic_policy', 'aws_kms_key', 'aws_iam_role_policy']));
    for (const type of Object.keys(before)) expect(after[type]! / before[type]!, type).toBeLessThanOrEqual(2);
    // The topic policies do not grow with the alarms at all (a condition on the alarm-name pattern): only the region's
    // name in them differs.
    expect(Math.abs(after['aws_sns_topic_policy']! - before['aws_sns_topic_policy']!)).toBeLessThanOrEqual('ap-southeast-1'.length);
  });
});

describe('30 active-active regions, 5 DynamoDB tables and 5 two-way S3 buckets, alarms on', () => {
  const text = topology(REGIONS, 5, 5);

  it('the plan: 15 replication alarms per region, within the default Metrics Insights quota', () => {
    const planned = plannedAlarms(normalize(parse(text) as TopologyInput));
    expect(planned.length).toBe(30 * (5 + 5 * 2) + 30);
    const perRegion = metricsInsightsAlarmsPerRegion(planned);
    expect([...new Set(perRegion.values())]).toEqual([15]);
    expect(15).toBeLessThan(METRICS_INSIGHTS_ALARMS_PER_REGION);
  });

  it('synthesizes: every policy within its service\'s limit (no TOPO5030)', { timeout: 180_000 }, () => {
    const s = synthTopology(text, 'scale-30');
    expect(s.workspaces).toHaveLength(31);
    for (const [type, size] of Object.entries(largestPolicies(s))) expect(size, type).toBeLessThanOrEqual(POLICY_LIMITS[type]!.limit);
  });
});
