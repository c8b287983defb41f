// The alarms that mean "stop a drill" reach each region scope's stopAlarms, which the drills builder (built after the
// alarms) turns into FIS stop conditions: only replication alarms of the region's own CloudWatch, by their resource.
// The endpoint alarms are global's, in us-east-1: not in the experiment's region, and applied after it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { App, DefaultTokenResolver, StringConcat, TerraformStack, Tokenization } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { TopologyInput } from '../src/model/input';
import { normalize } from '../src/model/normalize';
import { buildAlarms } from '../src/stacks/alarms';
import type { BuildContext, RegionScope } from '../src/stacks/context';
import { aliasProviders, awsProvider } from '../src/stacks/providers';

/** The region scopes and global scope buildApp hands the builders, with the edge's health checks (health_<region>). */
function context(text: string): BuildContext {
  const t = normalize(parse(text) as TopologyInput);
  const app = new App({ outdir: '/nonexistent', skipValidation: true });
  const regions = new Map<string, RegionScope>();
  for (const region of t.regions) {
    const stack = new TerraformStack(app, region.name);
    awsProvider(stack, 'aws', t, region, region.name);
    const providers = aliasProviders(stack, t, region.name);
    regions.set(region.name, {
      stack,
      region,
      kmsKey: `arn:aws:kms:${region.name}:111111111111:alias/${t.name}`,
      kmsKeyArn: () => 'arn:aws:kms:x',
      providerFor: (name) => providers(t.regions.find((r) => r.name === name)!),
      accountId: '111111111111',
      stopAlarms: [],
    });
  }
  const stack = new TerraformStack(app, 'global');
  awsProvider(stack, 'aws', t, t.regions[1]!, 'global');
  const providers = aliasProviders(stack, t, 'global');
  for (const region of t.regions) new Route53HealthCheck(stack, `health_${region.name}`, { type: 'HTTPS', fqdn: `${region.name}.example.com` });
  return { topology: t, regions, global: { stack, accountId: '111111111111', providerFor: (name) => providers({ ...t.primary, name }) } };
}

describe('stopAlarms', () => {
  it('each region gets the replication alarms of its own CloudWatch, in plan order, and never a us-east-1 endpoint alarm', () => {
    const ctx = context(readFileSync(join(__dirname, '../examples/hybrid/topology.yaml'), 'utf8'));
    buildAlarms(ctx);
    // Resource references resolve to `${aws_cloudwatch_metric_alarm.<name>.arn}` in the region's own stack.
    const resolved = (region: string) => {
      const scope = ctx.regions.get(region)!;
      return scope.stopAlarms.map((arn) => Tokenization.resolve(arn, { scope: scope.stack, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) }) as string);
    };
    expect(resolved('eu-west-1')).toEqual([
      '${aws_cloudwatch_metric_alarm.sessions-eu-west-1-to-eu-central-1-replication-latency.arn}',
      '${aws_cloudwatch_metric_alarm.images-eu-west-1-to-eu-central-1-replication-latency.arn}',
      '${aws_cloudwatch_metric_alarm.images-eu-west-1-to-eu-central-1-pending-replication.arn}',
    ]);
    expect(resolved('eu-central-1')).toEqual([
      '${aws_cloudwatch_metric_alarm.products-eu-central-1-replication-lag.arn}',
      '${aws_cloudwatch_metric_alarm.products-eu-central-1-replication-lag-growing.arn}',
      '${aws_cloudwatch_metric_alarm.sessions-eu-central-1-to-eu-west-1-replication-latency.arn}',
    ]);
  });

  it('without alarms, nothing', () => {
    const ctx = context(readFileSync(join(__dirname, '../examples/hybrid/topology.yaml'), 'utf8').replace(/\nalarms:.*\n.*\n/, '\n'));
    buildAlarms(ctx);
    for (const scope of ctx.regions.values()) expect(scope.stopAlarms).toEqual([]);
  });
});
