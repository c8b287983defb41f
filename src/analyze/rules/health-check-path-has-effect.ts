// A health check path is set only where the check requests one: TCP checks open a connection and send nothing.
import type { Rule } from '../rule';

export const healthCheckPathHasEffect: Rule = {
  id: 'health-check-path-has-effect',
  code: 'TOPO3024',
  severity: 'warning',
  summary: 'A health check path is set only on HTTP and HTTPS checks.',
  check({ input }, report) {
    const hc = input.routing?.healthCheck;
    if (hc?.protocol !== 'TCP' || hc.path === undefined) return;
    report(['routing', 'healthCheck', 'path'], `routing.healthCheck.path ${hc.path} has no effect: a TCP check only opens a connection`, 'remove path, or use protocol HTTP or HTTPS to check that path', { key: true });
  },
};
