// A drill that cuts a region off with FIS's network action fails unless the region's VPC quota for routes per route
// table is raised first (src/model/drills.ts ROUTE_QUOTA cites the FIS actions reference): a one-time step nobody
// remembers until the first drill fails at its start. An info: check cannot see the account's quotas.
import { regionsNeedingRouteQuota, ROUTE_QUOTA, routeQuotaFloor, routeQuotaRequest } from '../../model/drills';
import type { Lint } from './lint';

export const drillRouteQuotaRaised: Lint = {
  id: 'drill-route-quota-raised',
  code: 'TOPO6017',
  severity: 'info',
  summary: `A drill that cuts a region off needs its VPC quota "${ROUTE_QUOTA.name}" raised first.`,
  hint: 'request the quota increase once per region and account (the runbook lists it among the steps before a drill)',
  check({ model }, report) {
    for (const region of regionsNeedingRouteQuota(model)) {
      const i = model.drills.findIndex((d) => d.target === region && d.scenario === 'region-isolation');
      report(
        ['drills', i, 'target'],
        `drill ${model.drills[i]!.name} cuts ${region} off with AWS FIS, which adds routes to the subnets' route tables: ${region}'s VPC quota "${ROUTE_QUOTA.name}" must be at least ${routeQuotaFloor(region)} plus the routes they already hold, or the experiment fails`,
        `raise it once before the first run: ${routeQuotaRequest(region)}`,
      );
    }
  },
};
