// Routing names its hosted zone exactly once: by name or by id.
import type { Rule } from '../rule';

export const routingOneZone: Rule = {
  id: 'routing-one-zone',
  code: 'TOPO3015',
  severity: 'error',
  summary: 'Routing names its hosted zone exactly once, by zone or by zoneId.',
  check({ input }, report) {
    const routing = input.routing;
    if (!routing || (routing.zone === undefined) !== (routing.zoneId === undefined)) return;
    report(
      routing.zone === undefined ? ['routing'] : ['routing', 'zoneId'],
      routing.zone === undefined ? 'routing needs the hosted zone: set zone or zoneId' : 'routing sets both zone and zoneId',
      'give the public hosted zone that holds the domain by name (zone) or by id (zoneId), not both',
      { key: true },
    );
  },
};
