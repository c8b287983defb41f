// Under partitioned routing, a region's clients fall back to the "*" default record when its records are unhealthy:
// when the default lives in another jurisdiction, their requests leave their own.
import { frontDoor } from '../../model/routing';
import type { Lint } from './lint';

export const geolocationFallbackStaysHome: Lint = {
  id: 'geolocation-fallback-stays-home',
  code: 'TOPO6015',
  severity: 'warning',
  summary: "Under geolocation routing with jurisdictions, a region's clients do not fall back to a default record in another jurisdiction.",
  hint: 'if requests may cross (the regulated data stays home either way, and the other region holds none of it), accept this with suppress and the reason; else give the jurisdiction a continent record in another of its regions, above its countries (eu-central-1: [EU], eu-west-1: [GB, IE]), so Route 53 falls back inside it first',
  check({ model }, report) {
    const routing = model.routing;
    if (!routing || routing.policy !== 'geolocation' || !routing.geolocation || frontDoor(routing)) return;
    const jurisdiction = new Map(model.regions.map((r) => [r.name, r.jurisdiction]));
    const fallback = Object.entries(routing.geolocation).find(([, locations]) => locations.includes('*'))?.[0];
    if (fallback === undefined) return;
    const home = jurisdiction.get(fallback);
    for (const [region, locations] of Object.entries(routing.geolocation)) {
      const own = jurisdiction.get(region);
      if (own === undefined || home === undefined || own === home) continue;
      report(
        ['routing', 'geolocation', region],
        `when ${region} is unhealthy, Route 53 answers the clients of ${locations.join(', ')} from the "*" default record in ${fallback}: their requests leave jurisdiction ${own} for ${home}`,
        geolocationFallbackStaysHome.hint,
        { key: true },
      );
    }
  },
};
