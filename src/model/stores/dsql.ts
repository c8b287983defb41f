// Aurora DSQL: two peered clusters and a witness region.
import { withoutWitness, type StoreBase } from './common';
import { accountsInWords, type StoreKind } from './kind';
import type { StoreCommon } from './index';

export interface DsqlInput extends StoreBase {
  type: 'dsql';
  witness?: string;
  deletionProtection?: boolean;
}

export interface DsqlStore extends StoreCommon {
  type: 'dsql';
  witness?: string;
  deletionProtection: boolean;
}

export const dsql: StoreKind<'dsql'> = {
  label: 'Aurora DSQL',
  normalize: (s, common) => {
    const store: DsqlStore = { ...common, type: 'dsql', deletionProtection: s.deletionProtection ?? true };
    if (s.witness !== undefined) store.witness = s.witness;
    store.groups = withoutWitness(store.groups, s.witness);
    return store;
  },
  names: () => [], // DSQL clusters have no name (tags only)
  needsNetwork: false,
  accounts: {
    crosses: 'no',
    source: "the Aurora DSQL User Guide, \"What is Amazon Aurora DSQL?\"",
    page: 'https://docs.aws.amazon.com/aurora-dsql/latest/userguide/what-is-aurora-dsql.html',
    refuse: (_s, regions) => `an Aurora DSQL multi-Region cluster peers clusters of one account, and the regions deploy to ${accountsInWords(regions)}; keep the store's regions in one account`,
  },
};
