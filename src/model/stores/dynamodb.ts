// DynamoDB global table: eventual (MREC, last writer wins) or strong (MRSC) multi-Region consistency.
import { NAME_RULES, names } from '../naming';
import { withoutWitness, type StoreBase } from './common';
import type { StoreKind } from './kind';
import type { StoreCommon } from './index';

export interface KeyAttribute {
  name: string;
  type: 'S' | 'N' | 'B';
}

export interface DynamoDbInput extends StoreBase {
  type: 'dynamodb';
  hashKey: KeyAttribute;
  rangeKey?: KeyAttribute;
  consistency?: 'eventual' | 'strong';
  witness?: string;
  pointInTimeRecovery?: boolean;
  deletionProtection?: boolean;
}

export interface DynamoDbStore extends StoreCommon {
  type: 'dynamodb';
  hashKey: KeyAttribute;
  rangeKey?: KeyAttribute;
  consistency: 'eventual' | 'strong';
  witness?: string;
  pointInTimeRecovery: boolean;
  deletionProtection: boolean;
}

export const dynamodb: StoreKind<'dynamodb'> = {
  label: 'DynamoDB global tables',
  normalize: (s, common) => {
    const store: DynamoDbStore = {
      ...common,
      type: 'dynamodb',
      hashKey: { ...s.hashKey },
      consistency: s.consistency ?? 'eventual',
      pointInTimeRecovery: s.pointInTimeRecovery ?? true,
      deletionProtection: s.deletionProtection ?? true,
    };
    if (s.rangeKey) store.rangeKey = { ...s.rangeKey };
    if (s.witness !== undefined) store.witness = s.witness;
    if (store.consistency === 'strong') store.groups = withoutWitness(store.groups, s.witness);
    return store;
  },
  // The table in its home region and a replica, a table of the same name, in every other region of its group.
  names: (store, t) => [{ kind: 'dynamodbTable', name: names.dynamodbTable(t.name, store.name), regions: store.groups.flat(), rule: NAME_RULES.dynamodbTable }],
  needsNetwork: false,
};
