// A per-region cache is cold in the region that takes over: under a tight RTO the miss storm is part of the outage.
import { formatDuration, parseDuration } from '../../model/duration';
import { type Lint, storeField } from './lint';

/** An RTO at or under this leaves no time for a cold cache to warm while the database takes every read. */
export const WARM_UP_MS = 5 * 60_000;

export const cacheWarmFitsRto: Lint = {
  id: 'cache-warm-fits-rto',
  code: 'TOPO6013',
  severity: 'warning',
  summary: 'Under an RTO of 5 minutes or less, caches are replicated (mode global), not cold after failover.',
  hint: 'set mode: global (an ElastiCache Global Datastore, warm in every region), or size the database for every read while the cache warms and relax objectives.rto',
  check({ input, model }, report) {
    const rto = parseDuration(model.objectives.rto);
    if (rto === undefined || rto > WARM_UP_MS) return;
    model.data.forEach((store, i) => {
      if (store.type !== 'cache' || store.mode !== 'per-region') return;
      report(
        storeField(input, i, 'mode'),
        `cache store ${store.name} is per-region: after failover the region that takes over starts with none of the failed region's keys, and every miss hits the database within objectives.rto ${formatDuration(rto)}`,
        cacheWarmFitsRto.hint,
      );
    });
  },
};
