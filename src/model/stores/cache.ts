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
  /** Not in the format: the newest version of each engine that Global Datastore and IAM authentication support. */
  engineVersion: string;
  nodeType: string;
  /** per-region: independent groups, a cold cache after failover. */
  mode: 'global' | 'per-region';
}

/** Engine versions topoform creates: both support Global Datastore, IAM authentication and in-transit encryption. */
export const CACHE_ENGINE_VERSIONS = { valkey: '8.0', redis: '7.1' } as const satisfies Record<CacheInput['engine'], string>;

export const cache: StoreKind<'cache'> = {
  label: 'ElastiCache',
  normalize: (s, common) => ({
    ...common,
    type: 'cache',
    engine: s.engine,
    engineVersion: CACHE_ENGINE_VERSIONS[s.engine],
    nodeType: s.nodeType ?? 'cache.r7g.large',
    mode: s.mode ?? 'per-region',
  }),
  names: (store, topology) =>
    store.groups.flat().map((r) => ({ name: names.cacheReplicationGroup(topology, store.name, r), rule: NAME_RULES.cacheReplicationGroup, path: [...store.path, 'name'] })),
  needsNetwork: true,
  logsToCloudWatch: true,
};
