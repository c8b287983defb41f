// A regulated store never replicates out of its jurisdiction.
import type { Rule } from '../rule';

export const regulatedStaysHome: Rule = {
  id: 'regulated-stays-home',
  code: 'TOPO3011',
  severity: 'error',
  summary: 'A regulated store never replicates out of its jurisdiction.',
  check({ input, model }, report) {
    model.data.forEach((store, i) => {
      if (!store.regulated) return;
      if (store.type === 'cache' && store.mode === 'per-region') return; // nothing leaves its region
      if (store.type === 'queue') return; // SQS does not replicate: each message stays in the region it was sent to
      for (const group of store.groups) {
        if (group.length < 2) continue;
        const regions = group.map((name) => model.regions.find((r) => r.name === name)!);
        const undeclared = regions.filter((r) => r.jurisdiction === undefined);
        if (undeclared.length > 0) {
          report(['data', i, 'regulated'], `regulated store ${store.name} would be replicated to ${undeclared.map((r) => r.name).join(', ')}, which declare${undeclared.length === 1 ? 's' : ''} no jurisdiction`, 'declare a jurisdiction on every region, so that topoform can prove regulated data stays in its jurisdiction');
          continue;
        }
        const jurisdictions = [...new Set(regions.map((r) => r.jurisdiction))];
        if (jurisdictions.length > 1) {
          const detail = regions.map((r) => `${r.name} (${r.jurisdiction})`).join(', ');
          report(['data', i, 'regulated'], `regulated store ${store.name} would be replicated across jurisdictions: ${detail}`, `under ${input.pattern} every store replicates to every region; use pattern partitioned to keep regulated data in its jurisdiction`);
        }
      }
    });
  },
};
