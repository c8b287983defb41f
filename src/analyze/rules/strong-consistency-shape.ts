// A strongly consistent store spans three regions, or two and a witness; a witness serves only strong consistency.
import type { Rule } from '../rule';
import { strongGroups } from '../strong-consistency';

export const strongConsistencyShape: Rule = {
  id: 'strong-consistency-shape',
  code: 'TOPO3010',
  severity: 'error',
  summary: 'A strongly consistent store spans three regions, or two and a witness; only such stores have a witness.',
  check({ model }, report) {
    model.data.forEach((store, i) => {
      if (store.type === 'dynamodb' && store.consistency !== 'strong' && store.witness !== undefined) {
        report(['data', i, 'witness'], `${store.name} has a witness but consistency ${store.consistency}`, 'a witness only serves consistency: strong; remove it or set consistency: strong');
      }
    });
    for (const g of strongGroups(model)) {
      if (g.shapeOk) continue;
      report(['data', g.index], `${g.label} spans ${g.group.length} region${g.group.length === 1 ? '' : 's'}${g.witness ? ' and a witness' : ''} (${g.group.join(', ')})`, 'multi-Region strong consistency needs exactly three regions, or two regions and a witness');
    }
  },
};
