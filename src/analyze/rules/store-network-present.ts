// A store that attaches to a VPC (aurora, cache) has a network in every region it lives in.
import { kindOf } from '../../model/stores';
import type { Rule } from '../rule';

export const storeNetworkPresent: Rule = {
  id: 'store-network-present',
  code: 'TOPO3025',
  severity: 'error',
  summary: 'A store that attaches to a VPC has a network in every region it lives in.',
  check({ model }, report) {
    for (const store of model.data) {
      if (!kindOf(store.type).needsNetwork) continue;
      const missing = store.groups.flat().filter((name) => !model.regions.find((r) => r.name === name)?.network);
      if (missing.length === 0) continue;
      report(
        [...store.path, 'type'],
        `${store.type} store ${store.name} needs a network in ${missing.join(', ')}, which ${missing.length === 1 ? 'has' : 'have'} none`,
        `give ${missing.length === 1 ? 'that region' : 'those regions'} network: { subnetIds: [...], securityGroupIds: [...] } (the subnets the ${store.type} store attaches to)`,
        { key: true },
      );
    }
  },
};
