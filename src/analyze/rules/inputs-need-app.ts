// A region's inputs go to app.module; without one they would be dropped.
import type { Rule } from '../rule';

export const inputsNeedApp: Rule = {
  id: 'inputs-need-app',
  code: 'TOPO3072',
  severity: 'error',
  summary: 'A region sets inputs only when app.module is declared.',
  check({ input }, report) {
    if (input.app) return;
    input.regions.forEach((r, i) => {
      if (r.inputs === undefined) return;
      report(['regions', i, 'inputs'], `regions[${i}] (${r.name}) sets inputs, but there is no app.module to pass them to`, 'declare app.module (the team\'s Terraform module, instantiated in every region), or remove inputs', { key: true });
    });
  },
};
