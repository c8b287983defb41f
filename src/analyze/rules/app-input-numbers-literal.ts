// Module inputs are free-form: every string and key in them is escaped for Terraform (src/stacks/escape.ts), but a
// number cannot be escaped. cdktf encodes its number tokens as doubles whose top 16 bits are a marker (0xFDFF, lists
// 0xFBFF): a number written with those bits would be read as a token, resolving to another value or failing synth.
import type { SourcePath } from '../../model/types';
import type { Rule } from '../rule';

/** The top 16 bits of cdktf's encoded number tokens and number-list tokens (cdktf lib/tokens/private/encoding.js). */
const TOKEN_MARKERS = [0xfdff, 0xfbff];

/** Whether cdktf would read the number as one of its encoded tokens. */
export function looksLikeNumberToken(n: number): boolean {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, n);
  return TOKEN_MARKERS.includes(view.getUint16(0));
}

export const appInputNumbersLiteral: Rule = {
  id: 'app-input-numbers-literal',
  code: 'TOPO3074',
  severity: 'error',
  summary: 'No number in a module input (app.inputs, regions[].inputs) is one that cdktf reads as a token of its own.',
  check({ input }, report) {
    const walk = (value: unknown, path: SourcePath) => {
      if (typeof value === 'number') {
        if (looksLikeNumberToken(value)) {
          report(path, `${path.join('.').replace(/\.(\d+)(?=\.|$)/g, '[$1]')} is ${value}, a number cdktf reads as one of its encoded tokens, not as a value`, 'module inputs reach Terraform as written, except such numbers (near -8.1e298); pass the value as a string and convert it in the module');
        }
      } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
      else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    };
    walk(input.app?.inputs, ['app', 'inputs']);
    input.regions.forEach((r, i) => walk(r.inputs, ['regions', i, 'inputs']));
  },
};
