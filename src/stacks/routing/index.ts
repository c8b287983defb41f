// Global routing: the edge every feature shares (zone, endpoints, health checks) and each requested feature's builder.
import { TerraformOutput } from 'cdktf';
import { DataAwsRoute53Zone } from '@cdktf/provider-aws/lib/data-aws-route53-zone';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { names } from '../../model/naming';
import { requestedFeatures } from '../../model/routing';
import type { Region, Routing } from '../../model/types';
import { ENDPOINT_OUTPUTS } from '../app-module';
import { remoteState } from '../backends';
import type { BuildContext } from '../context';
import { named } from '../ids';
import type { Edge, Endpoint } from './builder';
import { ROUTING_BUILDERS } from './registry';

function edgeOf(ctx: BuildContext, routing: Routing): Edge {
  const stack = ctx.global.stack;
  let zoneId: string | undefined;
  const checks = new Map<string, Route53HealthCheck>();
  const gates = new Map<string, string>();
  const fromModule = new Map<string, Endpoint>();
  const endpoint = (region: Region): Endpoint => {
    const e = region.endpoint;
    if (e) return e.arn !== undefined ? { dnsName: e.dnsName, zoneId: e.zoneId, arn: e.arn } : { dnsName: e.dnsName, zoneId: e.zoneId };
    // Rule regions-have-endpoints: a region without an endpoint has app.module's load balancer, whose name exists
    // only in that region's workspace. The one read of another workspace's state: global reads the region's
    // outputs. Failover never needs global (health checks move traffic), so an outage leaves nothing unplannable
    // that failing over needs.
    const app = ctx.topology.app;
    if (!app) throw new Error(`region ${region.name} has neither endpoint nor app.module; rule regions-have-endpoints should have refused it`);
    let found = fromModule.get(region.name);
    if (!found) {
      const state = named(remoteState(stack, `endpoint_${region.name}`, ctx.topology, region.name, region.name), region.name);
      found = { dnsName: state.getString(ENDPOINT_OUTPUTS.dnsName), zoneId: state.getString(ENDPOINT_OUTPUTS.zoneId) };
      if (app.outputs.arn !== undefined) found.arn = state.getString(ENDPOINT_OUTPUTS.arn);
      fromModule.set(region.name, found);
    }
    return found;
  };
  const edge: Edge = {
    routing,
    endpoint,
    zoneId() {
      zoneId ??= 'id' in routing.zone
        ? routing.zone.id
        : named(new DataAwsRoute53Zone(stack, 'zone', { name: routing.zone.name, privateZone: false }), 'zone').zoneId;
      return zoneId;
    },
    healthCheck(region) {
      let check = checks.get(region.name);
      if (!check) {
        const hc = routing.healthCheck;
        check = named(
          new Route53HealthCheck(stack, `health_${region.name}`, {
            type: hc.protocol,
            fqdn: endpoint(region).dnsName,
            port: hc.port,
            ...(hc.protocol !== 'TCP' ? { resourcePath: hc.path } : {}),
            ...(hc.protocol === 'HTTPS' ? { enableSni: true } : {}),
            requestInterval: hc.interval,
            failureThreshold: hc.failureThreshold,
            tags: { Name: names.healthCheck(ctx.topology.name, region.name) },
          }),
          region.name,
        );
        checks.set(region.name, check);
      }
      return check;
    },
    recordHealthCheckId(region) {
      if (!routing.recoveryControl) return edge.healthCheck(region).id;
      let gate = gates.get(region.name);
      if (gate === undefined) {
        const { gatedCheck } = require('./recovery-control') as typeof import('./recovery-control');
        gate = gatedCheck(ctx, region, edge.healthCheck(region)).id;
        gates.set(region.name, gate);
      }
      return gate;
    },
  };
  return edge;
}

/** Builds every routing feature the topology requests; synth has refused those without a builder. */
export function buildRouting(ctx: BuildContext, routing: Routing): void {
  const edge = edgeOf(ctx, routing);
  // Every region's endpoint is checked whatever holds the domain: records, alarms and `topoform check` use them.
  for (const region of ctx.topology.regions) edge.healthCheck(region);
  // The runbook reads them to ask Route 53 for each region's health during a failover.
  new TerraformOutput(ctx.global.stack, 'health_check_ids', {
    description: "Route 53 health check id per region (the region's endpoint check, before any ARC gate).",
    value: Object.fromEntries(ctx.topology.regions.map((r) => [r.name, edge.healthCheck(r).id])),
  });
  for (const { name } of requestedFeatures(routing)) {
    const builder = ROUTING_BUILDERS[name];
    if (!builder) throw new Error(`routing feature ${name} has no builder; synth should have refused it`);
    for (const scope of ctx.regions.values()) builder.regional?.(scope, edge, ctx);
    builder.global?.(edge, ctx);
  }
}
