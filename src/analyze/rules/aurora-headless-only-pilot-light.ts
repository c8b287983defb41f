// Only a pilot light keeps Aurora secondaries headless: elsewhere a secondary must be able to take writes at once.
import type { Rule } from '../rule';

export const auroraHeadlessOnlyPilotLight: Rule = {
  id: 'aurora-headless-only-pilot-light',
  code: 'TOPO3030',
  severity: 'error',
  summary: 'Aurora secondaries have instances, except under pattern pilot-light.',
  check({ input, model }, report) {
    if (input.pattern === 'pilot-light') return;
    model.data.forEach((store) => {
      if (store.type !== 'aurora' || store.instances.secondary > 0 || store.groups.every((g) => g.length < 2)) return;
      report([...store.path, 'instances', 'secondary'], `Aurora store ${store.name} has secondary clusters without instances, which pattern ${input.pattern} cannot fail over to without adding instances first`, 'give the secondaries at least one instance (instances.secondary: 1), or use pattern pilot-light, whose runbook starts them', { key: true });
    });
  },
};
