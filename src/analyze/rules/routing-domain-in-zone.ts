// The routing domain lies inside the hosted zone named by routing.zone.
import type { Rule } from '../rule';

export const routingDomainInZone: Rule = {
  id: 'routing-domain-in-zone',
  code: 'TOPO3022',
  severity: 'error',
  summary: 'The routing domain lies inside the hosted zone.',
  check({ input }, report) {
    const routing = input.routing;
    if (routing?.zone === undefined) return;
    const domain = routing.domain.replace(/\.$/, '');
    const zone = routing.zone.replace(/\.$/, '');
    if (domain !== zone && !domain.endsWith(`.${zone}`)) {
      report(['routing', 'domain'], `routing.domain ${domain} is not inside the hosted zone ${zone}`, `Route 53 refuses records outside their zone; use a name ending in .${zone} or the zone that holds ${domain}`);
    }
  },
};
