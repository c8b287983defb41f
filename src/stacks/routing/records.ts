// Route 53 latency, geolocation and weighted routing: one alias record per region (per location for geolocation),
// each on the region's record health check and evaluating its target's health.
import { Route53Record, type Route53RecordConfig } from '@cdktf/provider-aws/lib/route53-record';
import type { Region } from '../../model/types';
import type { BuildContext } from '../context';
import { named } from '../ids';
import type { Edge, RoutingBuilder } from './builder';

type Policy = Pick<Route53RecordConfig, 'latencyRoutingPolicy' | 'geolocationRoutingPolicy' | 'weightedRoutingPolicy'>;

/** The alias record of one region at the routing domain, under a policy. */
function regionRecord(edge: Edge, ctx: BuildContext, region: Region, id: string, setIdentifier: string, policy: Policy): Route53Record {
  const endpoint = edge.endpoint(region);
  return named(
    new Route53Record(ctx.global.stack, `record_${id}`, {
      zoneId: edge.zoneId(),
      name: edge.routing.domain,
      type: 'A',
      setIdentifier,
      ...policy,
      healthCheckId: edge.recordHealthCheckId(region),
      alias: { name: endpoint.dnsName, zoneId: endpoint.zoneId, evaluateTargetHealth: true },
    }),
    id,
  );
}

/**
 * A builder that publishes each region's records. Behind a front door (Global Accelerator, CloudFront) no policy is
 * requested (src/model/routing.ts), so these never run there.
 */
function perRegion(publish: (edge: Edge, ctx: BuildContext, region: Region) => void): RoutingBuilder {
  return {
    global(edge, ctx) {
      for (const region of ctx.topology.regions) publish(edge, ctx, region);
    },
  };
}

/** Each client gets the region with the lowest latency from it that is healthy. */
export const latency = perRegion((edge, ctx, region) => {
  regionRecord(edge, ctx, region, region.name, region.name, { latencyRoutingPolicy: { region: region.name } });
});

/** Traffic split by weight among the healthy regions; a region of weight 0 gets traffic only when all others are down. */
export const weighted = perRegion((edge, ctx, region) => {
  const weight = edge.routing.weights?.[region.name] ?? 0;
  regionRecord(edge, ctx, region, region.name, region.name, { weightedRoutingPolicy: { weight } });
});

const CONTINENTS = new Set(['AF', 'AN', 'AS', 'EU', 'NA', 'OC', 'SA']);

/**
 * Route 53's form of a location: the seven continent codes are continents (so NA is North America, not
 * Namibia), `*` is the default record, `US-CA` a subdivision, anything else a country.
 */
export function geolocationOf(location: string): NonNullable<Route53RecordConfig['geolocationRoutingPolicy']> {
  if (location === '*') return { country: '*' };
  if (CONTINENTS.has(location)) return { continent: location };
  const [country, subdivision] = location.split('-');
  return subdivision !== undefined ? { country: country!, subdivision } : { country: location };
}

/** One record per location a region serves; set identifiers and addresses name the region and the location. */
export const geolocation = perRegion((edge, ctx, region) => {
  for (const location of edge.routing.geolocation?.[region.name] ?? []) {
    const slug = location === '*' ? 'default' : location.toLowerCase();
    regionRecord(edge, ctx, region, `${region.name}_${slug}`, `${region.name}-${slug}`, { geolocationRoutingPolicy: geolocationOf(location) });
  }
});
