// Route 53 failover: a chain of PRIMARY/SECONDARY alias records in failover order, each on its region's health check.
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import type { Region } from '../../model/types';
import { named } from '../ids';
import type { RoutingBuilder } from './builder';

/**
 * Route 53 failover has only PRIMARY and SECONDARY, so N regions become a chain: each level's
 * SECONDARY aliases the next level's name, and the last level's SECONDARY is the last region.
 */
export const failover: RoutingBuilder = {
  global(edge, ctx) {
    const stack = ctx.global.stack;
    const { routing } = edge;
    const regions = ctx.topology.regions;
    const zoneId = edge.zoneId();
    const levelName = (k: number) => (k === 0 ? routing.domain : `failover-${k}.${routing.domain}`);
    const toRegion = (k: number, type: 'PRIMARY' | 'SECONDARY', region: Region) => {
      const endpoint = edge.endpoint(region);
      return named(
        new Route53Record(stack, `record_${region.name}`, {
          zoneId,
          name: levelName(k),
          type: 'A',
          setIdentifier: region.name,
          failoverRoutingPolicy: { type },
          healthCheckId: edge.recordHealthCheckId(region),
          alias: { name: endpoint.dnsName, zoneId: endpoint.zoneId, evaluateTargetHealth: true },
        }),
        region.name,
      );
    };
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
            new Route53Record(stack, `record_chain_${k + 1}`, {
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
  },
};
