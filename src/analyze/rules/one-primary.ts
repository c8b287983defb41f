// A pattern with a primary has exactly one.
import { roleOf } from '../../model/normalize';
import { PATTERNS } from '../../model/patterns';
import type { Rule } from '../rule';

export const onePrimary: Rule = {
  id: 'one-primary',
  code: 'TOPO3004',
  severity: 'error',
  summary: 'A pattern with a primary region has exactly one.',
  check({ input }, report) {
    const traits = PATTERNS[input.pattern];
    if (!traits.needsPrimary) return;
    const primaries = input.regions.map((_, i) => i).filter((i) => roleOf(input, i) === 'primary');
    for (const extra of primaries.slice(1)) {
      report(['regions', extra, 'role'], `regions[${extra}] (${input.regions[extra]!.name}) is a second primary; ${input.regions[primaries[0]!]!.name} already is`, `pattern ${input.pattern} has exactly one primary; make this region ${traits.defaultRoles.rest}`);
    }
  },
};
