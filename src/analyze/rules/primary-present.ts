// A pattern with a primary has one.
import { roleOf } from '../../model/normalize';
import { PATTERNS } from '../../model/patterns';
import type { Rule } from '../rule';

export const primaryPresent: Rule = {
  id: 'primary-present',
  code: 'TOPO3002',
  severity: 'error',
  summary: 'A pattern that needs a primary region has one.',
  check({ input }, report) {
    if (!PATTERNS[input.pattern].needsPrimary) return;
    if (!input.regions.some((_, i) => roleOf(input, i) === 'primary')) {
      report(['regions'], `pattern ${input.pattern} needs a primary region and none has role primary`, 'give the first region role: primary (or remove its role to take the default)');
    }
  },
};
