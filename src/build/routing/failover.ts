// Route 53 failover: a health check per region and a chain of PRIMARY/SECONDARY alias records in failover order.
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { names } from '../../model/naming';
import type { Region, Routing } from '../../model/types';
import type { BuildContext } from '../context';
import { named } from '../ids';

export interface Endpoint {
  dnsName: string;
  zoneId: string;
}

export function healthCheck(ctx: BuildContext, routing: Routing, region: Region, endpoint: Endpoint): Route53HealthCheck {
  const hc = routing.healthCheck;
  const http = hc.protocol !== 'TCP';
  return named(
    new Route53HealthCheck(ctx.global.stack, `health_${region.name}`, {
      type: hc.protocol,
      fqdn: endpoint.dnsName,
      port: hc.port,
      ...(http ? { resourcePath: hc.path } : {}),
      ...(hc.protocol === 'HTTPS' ? { enableSni: true } : {}),
      requestInterval: hc.interval,
      failureThreshold: hc.failureThreshold,
      tags: { Name: names.healthCheck(ctx.topology.name, region.name) },
    }),
    region.name,
  );
}

/**
 * Route 53 failover has only PRIMARY and SECONDARY, so N regions become a chain: each level's
 * SECONDARY aliases the next level's name, and the last level's SECONDARY is the last region.
 */
export function failover(ctx: BuildContext, routing: Routing, zoneId: string, endpoints: Map<string, Endpoint>): void {
  const regions = ctx.topology.regions;
  const checks = new Map(regions.map((r) => [r.name, healthCheck(ctx, routing, r, endpoints.get(r.name)!)]));
  const levelName = (k: number) => (k === 0 ? routing.domain : `failover-${k}.${routing.domain}`);
  const toRegion = (k: number, type: 'PRIMARY' | 'SECONDARY', region: Region) =>
    named(
      new Route53Record(ctx.global.stack, `record_${region.name}`, {
        zoneId,
        name: levelName(k),
        type: 'A',
        setIdentifier: region.name,
        failoverRoutingPolicy: { type },
        healthCheckId: checks.get(region.name)!.id,
        alias: { name: endpoints.get(region.name)!.dnsName, zoneId: endpoints.get(region.name)!.zoneId, evaluateTargetHealth: true },
      }),
      region.name,
    );
  // Built from the tail: Route 53 refuses an alias to a name that has no records yet, so each chain
  // record depends on the records of the level it points to.
  let next: Route53Record[] = [];
  for (let k = regions.length - 2; k >= 0; k--) {
    const level = [toRegion(k, 'PRIMARY', regions[k]!)];
    if (k === regions.length - 2) {
      level.push(toRegion(k, 'SECONDARY', regions[k + 1]!));
    } else {
      level.push(
        named(
          new Route53Record(ctx.global.stack, `record_chain_${k + 1}`, {
            zoneId,
            name: levelName(k),
            type: 'A',
            setIdentifier: `after-${regions[k]!.name}`,
            failoverRoutingPolicy: { type: 'SECONDARY' },
            alias: { name: levelName(k + 1), zoneId, evaluateTargetHealth: true },
            dependsOn: next,
          }),
          `failover-${k + 1}`,
        ),
      );
    }
    next = level;
  }
}
