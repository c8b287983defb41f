// A drill stops by itself when an alarm says the disruption went too far; without alarms FIS has no stop condition.
import { drillActs, drillTargets } from '../../model/drills';
import type { Rule } from '../rule';

export const drillStopsOnAlarms: Rule = {
  id: 'drill-stops-on-alarms',
  code: 'TOPO3112',
  severity: 'warning',
  summary: "A drill has stop conditions: the topology defines alarms, whose replication-lag and endpoint alarms in the drill's region stop the experiment.",
  check({ model }, report) {
    if (model.alarms) return;
    for (const drill of model.drills) {
      if (!model.regions.some((r) => r.name === drill.target)) continue; // TOPO3007
      if (!drillActs(drillTargets(model, drill))) continue; // TOPO3110
      report(
        [...drill.path, 'name'],
        `drill ${drill.name} has no stop condition (FIS source none): the topology has no alarms, so nothing stops the experiment before its ${drill.duration} when replication falls behind or ${drill.target}'s endpoint goes unhealthy`,
        'add alarms: { email: [oncall@example.com] }: the alarms in the drill\'s region become its stop conditions; until then stop a running drill with aws fis stop-experiment --id <id>',
      );
    }
  },
};
