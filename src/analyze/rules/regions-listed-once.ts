// Each region is listed once.
import type { Rule } from '../rule';

export const regionsListedOnce: Rule = {
  id: 'regions-listed-once',
  code: 'TOPO3001',
  severity: 'error',
  summary: 'Each region is listed once.',
  check({ input }, report) {
    const seen = new Map<string, number>();
    input.regions.forEach((r, i) => {
      const first = seen.get(r.name);
      if (first !== undefined) report(['regions', i, 'name'], `region ${r.name} is listed twice (regions[${first}] and regions[${i}])`, 'list each region once');
      else seen.set(r.name, i);
    });
  },
};
