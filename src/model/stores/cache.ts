// ElastiCache (valkey/redis): a Global Datastore, or independent replication groups per region.
import { NAME_RULES, names } from '../naming';
import type { StoreBase } from './common';
import type { StoreKind } from './kind';
import type { StoreCommon } from './index';

export interface CacheInput extends StoreBase {
  type: 'cache';
  engine: 'valkey' | 'redis';
  nodeType?: string;
  mode?: 'global' | 'per-region';
}

export interface CacheStore extends StoreCommon {
  type: 'cache';
  engine: CacheInput['engine'];
  nodeType: string;
  /** per-region: independent groups, a cold cache after failover. */
  mode: 'global' | 'per-region';
}

export const cache: StoreKind<'cache'> = {
  label: 'ElastiCache',
  normalize: (s, common) => ({ ...common, type: 'cache', engine: s.engine, nodeType: s.nodeType ?? 'cache.r7g.large', mode: s.mode ?? 'per-region' }),
  names: (store, topology) =>
    store.groups.flat().map((r) => ({ name: names.cacheReplicationGroup(topology, store.name, r), rule: NAME_RULES.cacheReplicationGroup, path: [...store.path, 'name'] })),
  needsNetwork: true,
  notCompiled: 'ElastiCache',
};
