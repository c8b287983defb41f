// ARC routing controls gate Route 53 records: there must be records at the domain for them to gate.
import { frontDoor } from '../../model/routing';
import type { Rule } from '../rule';

export const recoveryControlGatesRecords: Rule = {
  id: 'recovery-control-gates-records',
  code: 'TOPO3085',
  severity: 'error',
  summary: 'recoveryControl gates Route 53 records, so the domain is not held by Global Accelerator or CloudFront.',
  check({ model }, report) {
    if (!model.routing?.recoveryControl) return;
    const front = frontDoor(model.routing);
    if (!front) return;
    const what = front === 'accelerator' ? 'Global Accelerator' : 'CloudFront';
    report(
      ['routing', 'recoveryControl'],
      `routing.recoveryControl gates each region's Route 53 records, but with routing.${front} the domain is an alias to ${what} and no region has a record to gate`,
      front === 'accelerator'
        ? 'remove recoveryControl: with Global Accelerator, traffic moves by its health checks and endpoint-group traffic dials'
        : 'remove recoveryControl, or remove cdn so the region records carry the routing controls',
    );
  },
};
