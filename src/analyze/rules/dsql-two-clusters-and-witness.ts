// An Aurora DSQL store has exactly two clusters and a witness region.
import type { Rule } from '../rule';

export const dsqlTwoClustersAndWitness: Rule = {
  id: 'dsql-two-clusters-and-witness',
  code: 'TOPO3040',
  severity: 'error',
  summary: 'An Aurora DSQL store has exactly two peered clusters and a witness region.',
  check({ model }, report) {
    for (const store of model.data) {
      if (store.type !== 'dsql' || store.witness !== undefined) continue;
      // Two regions without a witness are reported by strong-consistency-shape; three need one anyway.
      if (store.groups.every((g) => g.length !== 3)) continue;
      report([...store.path, 'name'], `Aurora DSQL store ${store.name} spans three regions without a witness; a multi-Region DSQL cluster is two peered clusters and a witness`, 'put the DSQL store in a topology of two regions and name a third region of the same region set as its witness (witness: <region>); a witness that is one of the listed regions is not supported yet', { key: true });
    }
  },
};
