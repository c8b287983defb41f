// Each region's capacity is what its pattern and role allow.
import { PATTERNS } from '../../model/patterns';
import type { Rule } from '../rule';

export const capacityFitsPattern: Rule = {
  id: 'capacity-fits-pattern',
  code: 'TOPO3006',
  severity: 'error',
  summary: "Each region's capacity is what its pattern and role allow.",
  check({ input, model }, report) {
    const traits = PATTERNS[input.pattern];
    input.regions.forEach((r, i) => {
      if (r.capacity === undefined) return;
      const role = model.regions[i]!.role;
      if (role === 'secondary' && traits.secondaryCapacityRule && !traits.secondaryCapacityRule.test(r.capacity)) {
        report(['regions', i, 'capacity'], `${r.name} has capacity ${r.capacity}, but ${input.pattern} ${traits.secondaryCapacityRule.expected}`, traits.secondaryCapacityRule.instead);
      }
      if (role === 'active' && r.capacity === 0) {
        report(['regions', i, 'capacity'], `${r.name} is active with capacity 0: it would receive traffic with nothing to serve it`, 'give active regions capacity above 0');
      }
    });
  },
};
