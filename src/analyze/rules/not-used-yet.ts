// Parts of the format read by a command this version does not have yet are reported, never silently ignored.
import type { TopologyInput } from '../../model/input';
import type { Rule } from '../rule';

/** Top-level fields that belong to a command rather than to synth, and that command. */
export const COMMAND_FIELDS = { objectives: 'topoform check', suppress: 'topoform check' } as const satisfies Partial<Record<keyof TopologyInput, string>>;

export const notUsedYet: Rule = {
  id: 'not-used-yet',
  code: 'TOPO4002',
  severity: 'warning',
  summary: 'Parts of the format read by a command this version does not have yet are reported, not ignored.',
  check({ input }, report) {
    for (const [field, command] of Object.entries(COMMAND_FIELDS)) {
      if (input[field as keyof typeof COMMAND_FIELDS] === undefined) continue;
      report([field], `${field} is not used yet: ${command}, which reads it, is not in this version of topoform`, `keep it for ${command}; synth does not need it and compiles the rest`, { key: true });
    }
  },
};
