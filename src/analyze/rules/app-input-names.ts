// Module inputs become arguments of the module block, where Terraform reserves some names for itself.
import { RESERVED_INPUT_NAMES } from '../../model/app';
import type { SourcePath } from '../../model/types';
import type { Rule } from '../rule';

export const appInputNames: Rule = {
  id: 'app-input-names',
  code: 'TOPO3073',
  severity: 'error',
  summary: 'No module input (app.inputs, regions[].inputs, app.scale.input) is named after a Terraform module argument.',
  check({ input }, report) {
    const hint = `a module cannot declare a variable named ${[...RESERVED_INPUT_NAMES].join(', ')}; rename the module's variable and the input`;
    const check = (names: string[], path: (name: string) => SourcePath, where: string, key: boolean) => {
      for (const name of names) {
        if (RESERVED_INPUT_NAMES.has(name)) report(path(name), `${where} ${name} is a Terraform module argument, not an input`, hint, { key });
      }
    };
    check(Object.keys(input.app?.inputs ?? {}), (n) => ['app', 'inputs', n], 'app.inputs', true);
    if (input.app?.scale) check([input.app.scale.input], () => ['app', 'scale', 'input'], 'app.scale.input', false);
    input.regions.forEach((r, i) => check(Object.keys(r.inputs ?? {}), (n) => ['regions', i, 'inputs', n], `regions[${i}].inputs`, true));
  },
};
