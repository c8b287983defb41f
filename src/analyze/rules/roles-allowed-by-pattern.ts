// Every role a region states is one its pattern allows.
import { PATTERNS } from '../../model/patterns';
import type { Rule } from '../rule';

export const rolesAllowedByPattern: Rule = {
  id: 'roles-allowed-by-pattern',
  code: 'TOPO3003',
  severity: 'error',
  summary: 'Every role a region states is one its pattern allows.',
  check({ input }, report) {
    const traits = PATTERNS[input.pattern];
    input.regions.forEach((r, i) => {
      if (r.role !== undefined && !traits.allowedRoles.includes(r.role)) {
        report(['regions', i, 'role'], `role ${r.role} is not allowed under pattern ${input.pattern}`, `${input.pattern} allows ${traits.allowedRoles.join(' and ')}; remove the role to take the pattern's default`);
      }
    });
  },
};
