// Every region that takes traffic holds a copy of every store: a witness among the regions holds none.
import type { Lint } from './lint';

export const storesFollowTraffic: Lint = {
  id: 'stores-follow-traffic',
  code: 'TOPO6002',
  severity: 'warning',
  summary: 'Every region that takes traffic holds a copy of every data store.',
  hint: 'name a witness region outside regions (one of the same region set), or give the store a replica in every region',
  check({ model }, report) {
    model.data.forEach((store, i) => {
      const copies = new Set(store.groups.flat());
      const missing = model.regions.filter((r) => !copies.has(r.name));
      if (missing.length === 0) return;
      const names = missing.map((r) => r.name).join(', ');
      const witness = 'witness' in store && store.witness !== undefined && missing.some((r) => r.name === store.witness);
      report(
        witness ? ['data', i, 'witness'] : ['data', i],
        `${store.type} store ${store.name} has no copy in ${names}, which take${missing.length === 1 ? 's' : ''} traffic${witness ? ` (${store.witness} holds only its witness)` : ''}: the app there reaches it across regions and depends on another region to work`,
        storesFollowTraffic.hint,
      );
    });
  },
};
