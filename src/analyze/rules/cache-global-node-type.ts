// A cache in mode global uses a node type ElastiCache Global Datastore supports.
import type { Rule } from '../rule';

/** Families Global Datastore never supports: burstable (t*) and the generations before m5/r5. */
const UNSUPPORTED_FAMILY = /^(t\d|m[1-4]|r[1-4]|c1)/;
/** Global Datastore needs size large or above. */
const TOO_SMALL = new Set(['nano', 'micro', 'small', 'medium']);

export const cacheGlobalNodeType: Rule = {
  id: 'cache-global-node-type',
  code: 'TOPO3060',
  severity: 'error',
  summary: 'A cache in mode global uses a node type ElastiCache Global Datastore supports: size large or above, not burstable (t) or older than m5/r5.',
  check({ model }, report) {
    model.data.forEach((store, i) => {
      if (store.type !== 'cache' || store.mode !== 'global') return;
      const [, family = '', size = ''] = store.nodeType.split('.');
      if (!UNSUPPORTED_FAMILY.test(family) && !TOO_SMALL.has(size)) return;
      report(
        ['data', i, 'nodeType'],
        `cache ${store.name} is in mode global with node type ${store.nodeType}, which ElastiCache Global Datastore does not support`,
        'Global Datastore needs size large or above of a current family (m5, m6g, m7g, r5, r6g, r6gd, r7g, c7gn; e.g. cache.r7g.large), or use mode: per-region',
      );
    });
  },
};
