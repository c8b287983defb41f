// A drill stops by itself when an alarm says the disruption went too far: an alarm of its region that its own fault
// does not set off (model/drills.ts drillStopAlarms). Without one FIS has no stop condition.
import { drillActs, drillStopAlarms, drillTargets } from '../../model/drills';
import type { Rule } from '../rule';

export const drillStopsOnAlarms: Rule = {
  id: 'drill-stops-on-alarms',
  code: 'TOPO3112',
  severity: 'warning',
  summary: "A drill has stop conditions: alarms in its region that its own fault does not set off (a load balancer's 5xx, the lag of stores it does not touch).",
  check({ model }, report) {
    for (const drill of model.drills) {
      if (!model.regions.some((r) => r.name === drill.target)) continue; // TOPO3007
      const targets = drillTargets(model, drill);
      if (!drillActs(targets)) continue; // TOPO3110
      if (drillStopAlarms(model, drill, targets).length > 0) continue;
      const stop = 'until then stop a running drill by hand: aws fis stop-experiment --id <id>';
      if (!model.alarms) {
        report(
          [...drill.path, 'name'],
          `drill ${drill.name} has no stop condition (FIS source none): the topology has no alarms, so nothing stops the experiment before its ${drill.duration} when it hurts users in ${drill.target}`,
          `add alarms: { email: [oncall@example.com] } and give ${drill.target} an Application Load Balancer endpoint.arn: its 5xx alarm stops the drill; ${stop}`,
        );
        continue;
      }
      report(
        [...drill.path, 'name'],
        `drill ${drill.name} has no stop condition (FIS source none): ${drill.target} has no alarm that the drill's own fault does not set off (the replication alarms of what it pauses or cuts off would end it by design, so they are not stop conditions)`,
        `give ${drill.target} an Application Load Balancer as regions[].endpoint.arn: its 5xx alarm stops the drill when users fail; ${stop}`,
      );
    }
  },
};
