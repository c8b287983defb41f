// A strongly consistent store's regions and witness are in one AWS region set.
import { STRONG_REGION_SETS } from '../../model/regions';
import type { Rule } from '../rule';
import { strongGroups } from '../strong-consistency';

export const strongConsistencyRegionSet: Rule = {
  id: 'strong-consistency-region-set',
  code: 'TOPO3009',
  severity: 'error',
  summary: "A strongly consistent store's regions and witness are in one AWS region set.",
  check({ model }, report) {
    for (const g of strongGroups(model)) {
      if (!g.shapeOk || g.inOneSet) continue;
      const members = g.witness !== undefined ? [...g.group, g.witness] : g.group;
      const sets = Object.entries(STRONG_REGION_SETS[g.kind]).map(([n, m]) => `${n}: ${m.join(', ')}`).join('; ');
      report(g.witness !== undefined ? ['data', g.index, 'witness'] : ['data', g.index], `${g.label} spans ${members.join(', ')}, which are not in one AWS region set`, `pick all regions${g.witness ? ' and the witness' : ''} from one set — ${sets}`);
    }
  },
};
