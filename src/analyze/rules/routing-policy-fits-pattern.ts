// The routing policy is one the pattern routes with.
import { PATTERNS } from '../../model/patterns';
import type { Rule } from '../rule';

export const routingPolicyFitsPattern: Rule = {
  id: 'routing-policy-fits-pattern',
  code: 'TOPO3017',
  severity: 'error',
  summary: 'The routing policy is one the pattern routes with.',
  check({ input, model }, report) {
    if (!input.routing || !model.routing) return;
    const policy = model.routing.policy;
    const traits = PATTERNS[input.pattern];
    if (traits.allowedPolicies.includes(policy)) return;
    // Point at the policy where the topology sets it, else at the `routing` key (the pattern chose it).
    const written = input.routing.policy !== undefined;
    report(written ? ['routing', 'policy'] : ['routing'], `routing policy ${policy} does not fit pattern ${input.pattern}${written ? '' : ' (its default)'}`, `${input.pattern} routes with ${traits.allowedPolicies.join(' or ')}`, { key: !written });
  },
};
