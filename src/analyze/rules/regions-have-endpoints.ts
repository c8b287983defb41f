// Every region routing sends traffic to has an endpoint or the app module that makes one.
import type { Rule } from '../rule';

export const regionsHaveEndpoints: Rule = {
  id: 'regions-have-endpoints',
  code: 'TOPO3012',
  severity: 'error',
  summary: 'Every region routing sends traffic to has an endpoint, or app.module makes one.',
  check({ input }, report) {
    if (!input.routing) return;
    input.regions.forEach((r, i) => {
      if (!r.endpoint && !input.app) {
        report(['regions', i], `routing sends traffic to ${r.name}, which has neither endpoint nor app.module`, `give regions[${i}] an endpoint (an existing load balancer), or declare app.module with outputs for the load balancer`);
      }
    });
  },
};
