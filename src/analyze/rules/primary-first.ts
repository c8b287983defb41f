// The primary region is listed first: the order of regions is the failover order.
import { roleOf } from '../../model/normalize';
import { PATTERNS } from '../../model/patterns';
import type { Rule } from '../rule';

export const primaryFirst: Rule = {
  id: 'primary-first',
  code: 'TOPO3005',
  severity: 'error',
  summary: 'The primary region is listed first.',
  check({ input }, report) {
    if (!PATTERNS[input.pattern].needsPrimary) return;
    const i = input.regions.findIndex((_, j) => roleOf(input, j) === 'primary');
    if (i > 0) {
      report(['regions', i, 'role'], `the primary ${input.regions[i]!.name} is listed at position ${i + 1}; the primary must come first`, 'move it to the top of regions: the order of regions is the failover order');
    }
  },
};
