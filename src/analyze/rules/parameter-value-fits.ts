// An SSM parameter's value fits the largest tier: 8192 bytes (Advanced; Standard holds 4096).
import { PARAMETER_LIMITS, valueBytes } from '../../model/stores/parameter';
import type { Rule } from '../rule';

export const parameterValueFits: Rule = {
  id: 'parameter-value-fits',
  code: 'TOPO3052',
  severity: 'error',
  summary: `A parameter store's value is at most ${PARAMETER_LIMITS.Advanced} bytes of UTF-8, what an Advanced SSM parameter holds.`,
  check({ input }, report) {
    (input.data ?? []).forEach((s, i) => {
      if (s.type !== 'parameter') return;
      const bytes = valueBytes(s.value);
      if (bytes <= PARAMETER_LIMITS.Advanced) return;
      report(
        ['data', i, 'value'],
        `the value of parameter store ${s.name} is ${bytes} bytes of UTF-8; an SSM parameter holds at most ${PARAMETER_LIMITS.Advanced} (Advanced tier)`,
        'keep larger configuration in an s3 store, or split it over several parameters',
        { key: true },
      );
    });
  },
};
