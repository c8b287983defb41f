// A database-failover drill switches a global cluster over to its next region: that cluster must have an instance to
// take the writer role. A headless secondary (pilot light, instances.secondary: 0) has none, so the switchover either
// fails or moves the writer onto a cluster that serves nothing: a write outage the drill itself causes.
import { drillTargets } from '../../model/drills';
import type { AuroraStore } from '../../model/stores';
import type { Rule } from '../rule';

export const drillFailoverHasReader: Rule = {
  id: 'drill-failover-has-reader',
  code: 'TOPO3113',
  severity: 'error',
  summary: 'A database-failover drill switches over only to an Aurora secondary with instances (not a headless one).',
  check({ model }, report) {
    for (const drill of model.drills) {
      if (drill.scenario !== 'database-failover' || !model.regions.some((r) => r.name === drill.target)) continue;
      for (const db of drillTargets(model, drill).aurora) {
        const store = model.data.find((s) => s.name === db.store) as AuroraStore;
        if (store.instances.secondary > 0) continue;
        report(
          [...drill.path, 'scenario'],
          `drill ${drill.name} (database-failover) would switch Aurora ${db.store} over to ${db.promote}, whose cluster is headless (instances.secondary: 0): the switchover has no instance to make the writer, and the writes of the application stop`,
          `rehearse the promotion where it can run: give the secondaries an instance (instances.secondary: 1), or drill the replication with scenario pause-replication and rehearse the headless promotion by the runbook (it adds an instance first)`,
        );
      }
    }
  },
};
