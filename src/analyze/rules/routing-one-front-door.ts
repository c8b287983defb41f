// At most one front door: Global Accelerator or CloudFront, not both.
import type { Rule } from '../rule';

export const routingOneFrontDoor: Rule = {
  id: 'routing-one-front-door',
  code: 'TOPO3080',
  severity: 'error',
  summary: 'Routing puts at most one front door before the regions: accelerator or cdn, not both.',
  check({ input }, report) {
    const routing = input.routing;
    if (routing?.accelerator === undefined || routing.cdn === undefined) return;
    report(
      ['routing', 'cdn'],
      'routing sets both accelerator and cdn: the domain can alias only one front door',
      'CloudFront in front of Global Accelerator is not compiled; choose one: accelerator (static anycast IPs, any TCP/UDP traffic, dials per region) or cdn (HTTPS at the edge, origin failover between two regions)',
      { key: true },
    );
  },
};
