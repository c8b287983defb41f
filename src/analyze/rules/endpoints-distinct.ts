// No two regions name the same endpoint: failing over to it would fail over to the region that failed.
import type { Rule } from '../rule';

export const endpointsDistinct: Rule = {
  id: 'endpoints-distinct',
  code: 'TOPO3023',
  severity: 'error',
  summary: 'No two regions name the same endpoint.',
  check({ input }, report) {
    const seen = new Map<string, number>();
    input.regions.forEach((r, i) => {
      if (!r.endpoint) return;
      const key = r.endpoint.dnsName.toLowerCase().replace(/\.$/, '');
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, i);
        return;
      }
      report(
        ['regions', i, 'endpoint', 'dnsName'],
        `${r.name} has the same endpoint as ${input.regions[first]!.name} (${r.endpoint.dnsName})`,
        `traffic failing over from ${input.regions[first]!.name} would land on the load balancer that failed; give each region the DNS name of its own load balancer`,
      );
    });
  },
};
