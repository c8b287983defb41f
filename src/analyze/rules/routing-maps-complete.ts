// A weighted or geolocation policy has its complete map, and no map is set that the policy would ignore.
import type { SourcePath } from '../../model/types';
import type { Rule } from '../rule';

export const routingMapsComplete: Rule = {
  id: 'routing-maps-complete',
  code: 'TOPO3018',
  severity: 'error',
  summary: 'A weighted or geolocation policy has a complete map; no map is set that the policy would ignore.',
  check({ input, model }, report) {
    const routing = input.routing;
    if (!routing || !model.routing) return;
    const policy = model.routing.policy;
    const policyAt: SourcePath = routing.policy ? ['routing', 'policy'] : ['routing'];
    const opts = { key: !routing.policy };
    if (policy === 'weighted') {
      if (!routing.weights) report(policyAt, 'routing policy weighted needs routing.weights', 'give every region a weight, e.g. weights: { us-east-1: 90, us-west-2: 10 }', opts);
      else {
        for (const r of input.regions) if (!(r.name in routing.weights)) report(['routing', 'weights'], `routing.weights has no weight for ${r.name}`, 'give every region a weight (0 keeps a region out of rotation)');
        if (Object.values(routing.weights).every((w) => w === 0)) report(['routing', 'weights'], 'every weight is 0: Route 53 would spread traffic evenly, ignoring the intent', 'give at least one region a weight above 0');
      }
    } else if (routing.weights) {
      report(['routing', 'weights'], `routing.weights is set but the policy is ${policy}; the weights would be ignored`, 'remove weights or set policy: weighted');
    }
    if (policy === 'geolocation') {
      if (!routing.geolocation) {
        report(policyAt, 'routing policy geolocation needs routing.geolocation', 'map every region to the locations it serves, with "*" for the default', opts);
        return;
      }
      const owner = new Map<string, string>();
      for (const r of input.regions) {
        const locations = routing.geolocation[r.name];
        if (!locations) {
          report(['routing', 'geolocation'], `routing.geolocation gives no locations to ${r.name}`, 'every region serves some locations; remove the region or map it');
          continue;
        }
        locations.forEach((loc, j) => {
          const prev = owner.get(loc);
          if (prev !== undefined) report(['routing', 'geolocation', r.name, j], `location ${loc} is mapped to both ${prev} and ${r.name}`, 'a location is served by exactly one region');
          else owner.set(loc, r.name);
        });
      }
      if (!owner.has('*')) report(['routing', 'geolocation'], 'routing.geolocation has no default location "*"', 'without "*", clients outside the listed locations get no answer; add "*" to one region');
    } else if (routing.geolocation) {
      report(['routing', 'geolocation'], `routing.geolocation is set but the policy is ${policy}; the map would be ignored`, 'remove geolocation or set policy: geolocation');
    }
  },
};
