// The shape of a routing-feature builder, and the edge it builds on: the zone, each region's endpoint and health check.
import type { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import type { Region, Routing } from '../../model/types';
import type { BuildContext, RegionScope } from '../context';

export interface Endpoint {
  dnsName: string;
  zoneId: string;
  arn?: string;
}

/** What every routing feature shares; each piece is created on first use, once. */
export interface Edge {
  routing: Routing;
  /** The public hosted zone's id: given, or looked up by name in the global workspace. */
  zoneId(): string;
  endpoint(region: Region): Endpoint;
  /** The Route 53 health check of a region's endpoint, in the global workspace. */
  healthCheck(region: Region): Route53HealthCheck;
  /**
   * The health check a region's records carry: its endpoint check, or under recoveryControl a calculated check
   * that also needs the region's ARC routing control on.
   */
  recordHealthCheckId(region: Region): string;
}

export interface RoutingBuilder {
  /** Resources in one region's workspace (e.g. that region's own records or endpoint group). */
  regional?(scope: RegionScope, edge: Edge, ctx: BuildContext): void;
  /** Resources in the global workspace (records, an accelerator, a distribution, a recovery cluster). */
  global?(edge: Edge, ctx: BuildContext): void;
}
