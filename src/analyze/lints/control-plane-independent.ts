// Moving traffic by hand during an outage needs a control plane; one in a region of the topology fails with it.
import type { Lint } from './lint';

export const controlPlaneIndependent: Lint = {
  id: 'control-plane-independent',
  code: 'TOPO6007',
  severity: 'info',
  summary: "Moving traffic by hand does not depend on a control plane in one of the topology's regions.",
  hint: 'automatic failover needs no control plane (health checks are data plane); to move traffic by hand during that outage, set routing.recoveryControl: true (ARC routing controls change through five regional data-plane endpoints)',
  check({ model }, report) {
    const routing = model.routing;
    if (!routing) return;
    const listed = new Set(model.regions.map((r) => r.name));
    const planes: string[] = [];
    if (!routing.recoveryControl && listed.has('us-east-1')) {
      planes.push(routing.cdn ? 'CloudFront origins and Route 53 records change through us-east-1' : 'Route 53 records and health checks change through us-east-1');
    }
    if (routing.accelerator && listed.has('us-west-2')) planes.push('Global Accelerator traffic dials change through us-west-2');
    if (planes.length === 0) return;
    report(
      ['routing'],
      `moving traffic by hand depends on a region of this topology: ${planes.join('; ')}. An outage there also stops you from steering traffic away from it`,
      controlPlaneIndependent.hint,
      { key: true },
    );
  },
};
