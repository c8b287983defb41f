// routing.ttl is set only where a record uses it: alias records take the TTL of their target.
import type { Rule } from '../rule';

export const ttlHasEffect: Rule = {
  id: 'ttl-has-effect',
  code: 'TOPO3024',
  severity: 'warning',
  summary: 'routing.ttl is set only where a record uses it (alias records take their target\'s TTL).',
  check({ input }, report) {
    if (input.routing?.ttl === undefined) return;
    // Every endpoint is a load balancer (a region's endpoint, or app.module's outputs): every record is an alias.
    report(['routing', 'ttl'], `routing.ttl ${input.routing.ttl} has no effect: every record topoform makes here is an alias record, whose TTL is its target's`, 'remove ttl; failover speed comes from the health check interval and failure threshold, and the load balancer alias answers with a 60-second TTL', { key: true });
  },
};
