// Each region scope learns its workspace's alarms by name (the drills builder, built after the alarms, turns a drill's
// stop alarms into FIS stop conditions by their resource); which alarms stop which drill is model/drills.ts
// drillStopAlarms: the target region's own alarms that the drill's fault does not set off by design.
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
      alarms: new Map(),
    });
  }
  const stack = new TerraformStack(app, 'global');
  awsProvider(stack, 'aws', t, t.regions[1]!, 'global');
  const providers = aliasProviders(stack, t, 'global');
  for (const region of t.regions) new Route53HealthCheck(stack, `health_${region.name}`, { type: 'HTTPS', fqdn: `${region.name}.example.com` });
  const providerFor = (name: string) => providers({ ...t.primary, name });
  return { topology: t, regions, global: { stack, accountId: '111111111111', providerFor, inAccountOf: () => ({}), edge: { accountId: '111111111111', providerFor } } };
}

describe('region scopes know their alarms', () => {
  it('each region holds the alarms of its own CloudWatch, by name, as references to the resources it made', () => {
    const ctx = context(readFileSync(join(__dirname, '../examples/hybrid/topology.yaml'), 'utf8'));
    buildAlarms(ctx);
    const resolved = (region: string) => {
      const scope = ctx.regions.get(region)!;
      return Object.fromEntries(
        [...scope.alarms].map(([name, arn]) => [name, Tokenization.resolve(arn, { scope: scope.stack, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) }) as string]),
      );
    };
    expect(resolved('eu-west-1')).toEqual({
      // The writer's lag alarms too: the writer role moves, so every member has them.
      'catalog.products-eu-west-1-replication-lag': '${aws_cloudwatch_metric_alarm.products-eu-west-1-replication-lag.arn}',
      'catalog.products-eu-west-1-replication-lag-growing': '${aws_cloudwatch_metric_alarm.products-eu-west-1-replication-lag-growing.arn}',
      'catalog.sessions-eu-west-1-replication-latency': '${aws_cloudwatch_metric_alarm.sessions-eu-west-1-replication-latency.arn}',
    });
    // S3 publishes replication metrics in the destination bucket's region: the one-way bucket's alarms are there.
    expect(Object.keys(resolved('eu-central-1'))).toEqual([
      'catalog.products-eu-central-1-replication-lag',
      'catalog.products-eu-central-1-replication-lag-growing',
      'catalog.sessions-eu-central-1-replication-latency',
      'catalog.images-to-eu-central-1-replication-latency',
      'catalog.images-to-eu-central-1-pending-replication',
    ]);
  });

  it('without alarms, nothing', () => {
    const ctx = context(readFileSync(join(__dirname, '../examples/hybrid/topology.yaml'), 'utf8').replace(/\nalarms:.*\n.*\n/, '\n'));
    buildAlarms(ctx);
    for (const scope of ctx.regions.values()) expect(scope.alarms.size).toBe(0);
  });
});
