// A drill acts on something in its target region: FIS refuses a template without actions, and a drill that does
// nothing would pass every time.
import { drillActs, drillTargets } from '../../model/drills';
import { groupWriter } from '../../model/ownership';
import type { Rule } from '../rule';

export const drillHasTargets: Rule = {
  id: 'drill-has-targets',
  code: 'TOPO3110',
  severity: 'error',
  summary: "A drill's scenario has something to act on in its target region: subnets or replicated data to cut off (region-isolation), replication to pause (pause-replication), an Aurora writer to switch over (database-failover).",
  check({ model }, report) {
    for (const drill of model.drills) {
      if (!model.regions.some((r) => r.name === drill.target)) continue; // TOPO3007
      if (drillActs(drillTargets(model, drill))) continue;
      const at = [...drill.path, 'scenario'];
      const where = drill.target;
      if (drill.scenario === 'database-failover') {
        const aurora = model.data.filter((s) => s.type === 'aurora' && s.groups.some((g) => g.length > 1));
        if (aurora.length === 0) {
          report(at, `drill ${drill.name} (database-failover) has nothing to act on: the topology has no Aurora Global Database to switch over`, 'rehearse the replicated stores with scenario pause-replication, or the whole region with region-isolation');
        } else {
          const writers = [...new Set(aurora.flatMap((s) => s.groups.filter((g) => g.length > 1).map((g) => groupWriter(model, g))))];
          report(at, `drill ${drill.name} (database-failover) has nothing to act on in ${where}: the writer of ${aurora.map((s) => s.name).join(', ')} is in ${writers.join(', ')}`, `target the writer's region (${writers.join(' or ')}): the drill switches its global cluster over to the next region`);
        }
        continue;
      }
      const replication = 'no DynamoDB global table (eventual consistency) with a replica there and no S3 bucket there that replicates to another region';
      if (drill.scenario === 'pause-replication') {
        report(at, `drill ${drill.name} (pause-replication) has nothing to act on in ${where}: ${replication}`, 'target a region whose data replicates out (under one-way S3 replication only the primary\'s buckets do), or remove the drill');
      } else {
        report(at, `drill ${drill.name} (region-isolation) has nothing to act on in ${where}: the region has no network (subnets to cut off from the other regions) and ${replication}`, `give ${where} a network with its subnetIds, or target a region that holds replicated data`);
      }
    }
  },
};
