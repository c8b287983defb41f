// Global Accelerator routes to load balancers by ARN: every region's endpoint names one, or app.outputs does.
import type { Rule } from '../rule';

export const acceleratorEndpointsHaveArn: Rule = {
  id: 'accelerator-endpoints-have-arn',
  code: 'TOPO3081',
  severity: 'error',
  summary: "With routing.accelerator, every region's load balancer is known by its ARN (endpoint.arn, or app.outputs.arn).",
  check({ input }, report) {
    if (input.routing?.accelerator === undefined || input.app?.outputs?.arn !== undefined) return;
    input.regions.forEach((region, i) => {
      // A region without any endpoint is rule regions-have-endpoints' finding (or app.module's, which has no arn output).
      if (region.endpoint === undefined) {
        if (input.app !== undefined) {
          report(['regions', i], `routing.accelerator needs the ARN of ${region.name}'s load balancer, and app.outputs names no arn output`, 'add outputs.arn to app (the module output with the load balancer ARN), or give this region an endpoint with arn', { key: true });
        }
        return;
      }
      if (region.endpoint.arn !== undefined) return;
      report(
        ['regions', i, 'endpoint'],
        `routing.accelerator needs the ARN of ${region.name}'s load balancer, and its endpoint has no arn`,
        `add arn to regions[${i}].endpoint (arn:aws:elasticloadbalancing:${region.name}:<account>:loadbalancer/...): Global Accelerator adds endpoints by ARN, not by DNS name`,
        { key: true },
      );
    });
  },
};
