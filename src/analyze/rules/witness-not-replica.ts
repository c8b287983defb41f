// A witness region is not one of its store's replica regions.
import type { Rule } from '../rule';
import { strongGroups } from '../strong-consistency';

export const witnessNotReplica: Rule = {
  id: 'witness-not-replica',
  code: 'TOPO3019',
  severity: 'error',
  summary: "A witness region is not one of its store's replica regions.",
  check({ model }, report) {
    for (const g of strongGroups(model)) {
      if (g.witnessIsReplica) report(['data', g.index, 'witness'], `the witness ${g.witness} of ${g.store.name} is also one of its replica regions`, 'the witness must be a region outside regions, in the same region set');
    }
  },
};
