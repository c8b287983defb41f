// Under pattern partitioned every region declares its jurisdiction.
import type { Rule } from '../rule';

export const partitionedDeclaresJurisdictions: Rule = {
  id: 'partitioned-declares-jurisdictions',
  code: 'TOPO3016',
  severity: 'error',
  summary: 'Under pattern partitioned every region declares its jurisdiction.',
  check({ input }, report) {
    if (input.pattern !== 'partitioned') return;
    input.regions.forEach((r, i) => {
      if (r.jurisdiction === undefined) report(['regions', i], `${r.name} has no jurisdiction, which pattern partitioned requires`, 'add jurisdiction: <code> (e.g. eu, us) to every region');
    });
  },
};
