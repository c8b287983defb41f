// An Aurora secondary is a read replica until promoted: the promotion is a step someone must take, so it is rehearsed.
import { type Lint, replicatedGroups } from './lint';

export const auroraPromotionRehearsed: Lint = {
  id: 'aurora-promotion-rehearsed',
  code: 'TOPO6003',
  severity: 'warning',
  summary: 'An Aurora Global Database has a rehearsed promotion step: a drill of scenario database-failover.',
  hint: 'put the promotion in the runbook (aws rds failover-global-cluster, or switchover-global-cluster when planned) and rehearse it: drills: [{ name: db-failover, scenario: database-failover, target: <primary> }]; synth compiles it into an AWS FIS experiment template in the workspace of that region that switches the global cluster over (planned, no data loss) to the next region',
  check({ model }, report) {
    if (model.drills.some((d) => d.scenario === 'database-failover')) return;
    model.data.forEach((store, i) => {
      if (store.type !== 'aurora') return;
      for (const group of replicatedGroups(store)) {
        const [writer, ...readers] = group;
        const headless = store.instances.secondary === 0 ? '; its secondaries have no instances (instances.secondary 0), so add instances first' : '';
        report(
          ['data', i],
          `aurora store ${store.name}: ${readers.join(', ')} hold${readers.length === 1 ? 's' : ''} a read-only replica of the writer in ${writer} until it is promoted, and no drill rehearses that promotion: traffic fails over by itself, writes do not${headless}`,
          auroraPromotionRehearsed.hint.replace('<primary>', writer!),
        );
      }
    });
  },
};
