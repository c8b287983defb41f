// ElastiCache (valkey/redis): a Global Datastore, or independent replication groups per region.
import { NAME_RULES, names } from '../naming';
import { groupHome } from '../ownership';
import type { StoreBase } from './common';
import { accountsInWords, type StoreKind } from './kind';
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
  names: (store, t) =>
    store.groups.flatMap((group) => {
      const home = groupHome(t, group);
      return [
        ...group.flatMap((r) => {
          const id = names.cacheReplicationGroup(t.name, store.name, r);
          return [
            { kind: 'cacheReplicationGroup' as const, name: id, regions: [r], rule: NAME_RULES.cacheReplicationGroup },
            { kind: 'cacheSubnetGroup' as const, name: id, regions: [r], owner: "'s subnet group" },
            { kind: 'cacheUserGroup' as const, name: id, regions: [r], owner: "'s user group" },
            { kind: 'cacheSnapshot' as const, name: names.finalSnapshot(id), regions: [r], owner: "'s final snapshot" },
            { kind: 'cacheUser' as const, name: names.cacheUser(t.name, store.name, 'iam'), regions: [r], owner: "'s IAM user" },
            ...(store.engine === 'redis' ? [{ kind: 'cacheUser' as const, name: names.cacheUser(t.name, store.name, 'default'), regions: [r], owner: "'s disabled default user" }] : []),
            ...['slow-log', 'engine-log'].map((log) => ({ kind: 'logGroup' as const, name: names.logGroup(t.name, `elasticache/${id}/${log}`), regions: [r], owner: `'s ${log} group` })),
          ];
        }),
        ...(store.mode === 'global' && group.length > 1 ? [{ kind: 'cacheGlobalDatastore' as const, name: names.cacheReplicationGroup(t.name, store.name, home), regions: [home], owner: "'s Global Datastore" }] : []),
      ];
    }),
  needsNetwork: true,
  accounts: {
    crosses: 'per-region: yes; a Global Datastore: no',
    source: "the ElastiCache User Guide, \"Getting started with global datastores\"",
    page: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Redis-Global-Datastores-Getting-Started.html',
    refuse: (s, regions) =>
      s.mode === 'global'
        ? `an ElastiCache Global Datastore joins replication groups of one account (a secondary joins by the datastore's id), and the regions deploy to ${accountsInWords(regions)}; use mode: per-region, or keep the store's regions in one account`
        : undefined,
  },
  logsToCloudWatch: true,
};
