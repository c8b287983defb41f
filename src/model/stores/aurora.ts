// Aurora Global Database: a global cluster, the writer in the primary region, a secondary cluster in each other.
import { NAME_RULES, names } from '../naming';
import { groupHome, groupWriter } from '../ownership';
import type { StoreBase } from './common';
import { accountsInWords, type StoreKind } from './kind';
import type { StoreCommon } from './index';

export interface AuroraInput extends StoreBase {
  type: 'aurora';
  engine: 'aurora-postgresql' | 'aurora-mysql';
  engineVersion: string;
  instanceClass?: string;
  instances?: { primary?: number; secondary?: number };
  writeForwarding?: boolean;
  deletionProtection?: boolean;
  backupRetentionDays?: number;
}

export interface AuroraStore extends StoreCommon {
  type: 'aurora';
  engine: AuroraInput['engine'];
  engineVersion: string;
  instanceClass: string;
  instances: { primary: number; secondary: number };
  writeForwarding: boolean;
  deletionProtection: boolean;
  backupRetentionDays: number;
}

export const aurora: StoreKind<'aurora'> = {
  label: 'Aurora Global Database',
  normalize: (s, common, pattern) => ({
    ...common,
    type: 'aurora',
    engine: s.engine,
    engineVersion: s.engineVersion,
    instanceClass: s.instanceClass ?? 'db.r7g.large',
    instances: { primary: s.instances?.primary ?? 2, secondary: s.instances?.secondary ?? 1 },
    writeForwarding: s.writeForwarding ?? pattern === 'hybrid',
    deletionProtection: s.deletionProtection ?? true,
    backupRetentionDays: s.backupRetentionDays ?? 7,
  }),
  names: (store, t) =>
    store.groups.flatMap((group) => {
      const home = groupHome(t, group);
      const secret = names.auroraMasterSecret(t.name, store, home);
      return [
        { kind: 'auroraGlobalCluster' as const, name: names.auroraGlobalCluster(t.name, store, home), regions: [home], owner: "'s global cluster" },
        { kind: 'secret' as const, name: secret, regions: group, owner: "'s master secret" },
        ...group.flatMap((r) => {
          const cluster = names.auroraCluster(t.name, store.name, r);
          const count = r === groupWriter(t, group) ? store.instances.primary : store.instances.secondary;
          return [
            { kind: 'auroraCluster' as const, name: cluster, regions: [r], rule: NAME_RULES.auroraCluster },
            { kind: 'dbSubnetGroup' as const, name: cluster, regions: [r], owner: "'s subnet group" },
            { kind: 'dbClusterSnapshot' as const, name: names.finalSnapshot(cluster), regions: [r], owner: "'s final snapshot" },
            // Instance identifiers (<cluster>-<n>) take the cluster's 63-character rule: the last is the longest.
            ...Array.from({ length: count }, (_, i) => ({
              kind: 'auroraInstance' as const,
              name: names.auroraInstance(t.name, store.name, r, i + 1),
              regions: [r],
              owner: `'s instance ${i + 1}`,
              ...(i + 1 === count ? { rule: NAME_RULES.auroraCluster } : {}),
            })),
          ];
        }),
      ];
    }),
  needsNetwork: true,
  accounts: {
    crosses: 'no',
    source: "the RDS API Reference, CreateDBCluster (GlobalClusterIdentifier)",
    page: 'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html',
    // A secondary cluster joins its global cluster by identifier (GlobalClusterIdentifier), which names a global
    // cluster of the caller's own account (its ARN, arn:<partition>:rds::<account>:global-cluster:<id>, has no other).
    refuse: (_s, regions) => `an Aurora global database is one account's: a secondary cluster joins a global cluster of its own account, and the regions deploy to ${accountsInWords(regions)}; keep the store's regions in one account, or give each account a database of its own (one store per account group)`,
  },
};
