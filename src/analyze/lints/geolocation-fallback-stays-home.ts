// Under geolocation routing with jurisdictions, Route 53 answers a location's clients from the record of the next
// larger location (a state's country, a country's continent), then from the "*" default, while their own region is
// unhealthy. Where that record is in another jurisdiction and a record in their own could catch them first (a
// continent record in another of its regions), their requests leave their jurisdiction for nothing.
// The clients of a continent record have nothing larger to fall back to than the default: no map keeps them home, so
// that is no finding; the estimate of `topoform check` notes where they go in each region-loss scenario.
import { geolocationAnswers, largerLocations } from '../../model/geolocation';
import { frontDoor } from '../../model/routing';
import type { Lint } from './lint';

export const geolocationFallbackStaysHome: Lint = {
  id: 'geolocation-fallback-stays-home',
  code: 'TOPO6015',
  severity: 'warning',
  summary:
    "Under geolocation routing with jurisdictions, a location's clients fall back to a record of their own jurisdiction whenever one in another of its regions could catch them.",
  hint: 'serve the location from another region of its jurisdiction, or give its continent a record there, so that Route 53 falls back inside the jurisdiction first; or, if requests may cross (the regulated data stays home either way, and the other region holds none of it), accept this with suppress and the reason',
  check({ model }, report) {
    const routing = model.routing;
    if (!routing || routing.policy !== 'geolocation' || !routing.geolocation || frontDoor(routing)) return;
    const map = routing.geolocation;
    const jurisdiction = new Map(model.regions.map((r) => [r.name, r.jurisdiction]));
    const regionOf = new Map(Object.entries(map).flatMap(([region, locations]) => locations.map((l) => [l, region] as const)));
    for (const [region, locations] of Object.entries(map)) {
      const own = jurisdiction.get(region);
      if (own === undefined) continue;
      // Another region of the same jurisdiction, to hold a record that catches the clients while this one is down.
      const sibling = model.regions.find((r) => r.name !== region && r.jurisdiction === own)?.name;
      if (sibling === undefined) continue;
      const leaks: { location: string; to: string; via: string; fix: string }[] = [];
      for (const location of locations) {
        if (location === '*') continue;
        const answers = geolocationAnswers(map, location, new Set([region]));
        const chains = largerLocations(location);
        answers.forEach((answer, i) => {
          if (!answer || jurisdiction.get(answer.region) === own || leaks.some((l) => l.location === location)) return;
          // The larger locations before the answer that are free, or that fall with this region: one of them in the sibling catches the clients.
          const before = chains[i]!.slice(0, answer.location === '*' ? undefined : chains[i]!.indexOf(answer.location));
          const catcher = before.find((l) => regionOf.get(l) === undefined || regionOf.get(l) === region);
          if (catcher === undefined) return;
          const fix =
            regionOf.get(catcher) === region
              ? `serve ${location} from ${sibling} (its ${catcher} record in ${region} then catches them while ${sibling} is down)`
              : `give ${catcher} a record in ${sibling}`;
          const via = answer.location === '*' ? `the "*" default record in ${answer.region}` : `the ${answer.location} record in ${answer.region}`;
          leaks.push({ location, to: jurisdiction.get(answer.region) ?? 'none', via, fix });
        });
      }
      if (leaks.length === 0) continue;
      const described = leaks.map((l) => `${l.location} from ${l.via} (jurisdiction ${l.to})`).join(', ');
      report(
        ['routing', 'geolocation', region],
        `when ${region} is unhealthy, Route 53 answers the clients of ${described}: their requests leave jurisdiction ${own}, though a record in ${sibling} could keep them in it`,
        `${[...new Set(leaks.map((l) => l.fix))].join('; ')}, so that Route 53 falls back inside jurisdiction ${own} first; or, if requests may cross (the regulated data stays home either way, and the other region holds none of it), accept this with suppress and the reason`,
        { key: true },
      );
    }
  },
};
