// Behind a front door the domain aliases it: a routing policy (and its map) written for Route 53 records has no effect.
import { frontDoor } from '../../model/routing';
import type { Rule } from '../rule';

const LABEL = { accelerator: 'Global Accelerator', cdn: 'CloudFront' } as const;

export const policyBehindFrontDoor: Rule = {
  id: 'policy-behind-front-door',
  code: 'TOPO3024',
  severity: 'warning',
  summary: 'A routing policy, weights or geolocation map is written only where no front door (accelerator, cdn) replaces the policy records.',
  check({ input }, report) {
    const routing = input.routing;
    if (!routing) return;
    const door = frontDoor(routing);
    if (door === undefined) return;
    for (const field of ['policy', 'weights', 'geolocation'] as const) {
      if (routing[field] === undefined) continue;
      report(
        ['routing', field],
        `routing.${field} has no effect: with routing.${door}, ${routing.domain} is an alias of ${LABEL[door]} and topoform makes no Route 53 policy records`,
        door === 'accelerator'
          ? `remove ${field}; Global Accelerator routes each client to its nearest healthy region, within the traffic dials the pattern sets`
          : `remove ${field}; CloudFront sends every request to the first region and fails over to the second`,
        { key: true },
      );
    }
  },
};
