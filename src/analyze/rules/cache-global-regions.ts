// A Global Datastore has a primary region and at most two secondary regions.
import type { Rule } from '../rule';

/** The primary's region and up to two others. */
const MAX_REGIONS = 3;

export const cacheGlobalRegions: Rule = {
  id: 'cache-global-regions',
  code: 'TOPO3061',
  severity: 'error',
  summary: 'A cache in mode global replicates within at most three regions (a Global Datastore has at most two secondary regions).',
  check({ model }, report) {
    model.data.forEach((store, i) => {
      if (store.type !== 'cache' || store.mode !== 'global') return;
      for (const group of store.groups) {
        if (group.length <= MAX_REGIONS) continue;
        const within = store.groups.length > 1 ? ' of its jurisdiction' : '';
        report(
          ['data', i, 'mode'],
          `cache ${store.name} is in mode global across ${group.length} regions${within} (${group.join(', ')}); an ElastiCache Global Datastore has a primary and at most two secondary regions`,
          'use mode: per-region: an independent cache in every region, cold after a failover',
        );
      }
    });
  },
};
