// Global routing: the hosted zone, each region's endpoint, and the builder for the routing policy.
import { DataAwsRoute53Zone } from '@cdktf/provider-aws/lib/data-aws-route53-zone';
import type { RoutingPolicy } from '../../model/input';
import type { Routing } from '../../model/types';
import type { BuildContext } from '../context';
import { named } from '../ids';
import { failover, type Endpoint } from './failover';

type PolicyBuilder = (ctx: BuildContext, routing: Routing, zoneId: string, endpoints: Map<string, Endpoint>) => void;

/** Routing policies: a builder, or the words for what is not compiled yet. */
export const policyBuilders = {
  failover,
  latency: { notYetCompiled: 'Route 53 latency routing' },
  geolocation: { notYetCompiled: 'Route 53 geolocation routing' },
  weighted: { notYetCompiled: 'Route 53 weighted routing' },
} satisfies Record<RoutingPolicy, PolicyBuilder | { notYetCompiled: string }>;

export function buildRouting(ctx: BuildContext, routing: Routing): void {
  const builder = policyBuilders[routing.policy];
  if (typeof builder !== 'function') return; // refused before the build (see support.ts)
  const zoneId =
    'id' in routing.zone
      ? routing.zone.id
      : named(new DataAwsRoute53Zone(ctx.global.stack, 'zone', { name: routing.zone.name, privateZone: false }), 'zone').zoneId;
  const endpoints = new Map<string, Endpoint>();
  for (const r of ctx.topology.regions) {
    if (r.endpoint) endpoints.set(r.name, { dnsName: r.endpoint.dnsName, zoneId: r.endpoint.zoneId });
  }
  builder(ctx, routing, zoneId, endpoints);
}
