// Aurora Global Database: a global cluster, the writer in the primary region, a secondary cluster in each other.
import { NAME_RULES, names } from '../naming';
import type { StoreBase } from './common';
import type { StoreKind } from './kind';
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
  names: (store, topology) =>
    store.groups.flatMap((group) =>
      group.flatMap((r, i) => {
        const cluster = names.auroraCluster(topology, store.name, r);
        const instances = i === 0 ? store.instances.primary : store.instances.secondary;
        // The cluster, and its instances' identifiers (<cluster>-<n>), under the same 63-character rule.
        return [cluster, ...(instances > 0 ? [`${cluster}-${instances}`] : [])].map((name) => ({ name, rule: NAME_RULES.auroraCluster, path: [...store.path, 'name'] }));
      }),
    ),
  needsNetwork: true,
};
