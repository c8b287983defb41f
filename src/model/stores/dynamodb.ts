// DynamoDB global table: eventual (MREC, last writer wins) or strong (MRSC) multi-Region consistency.
import { NAME_RULES, names } from '../naming';
import { withoutWitness, type StoreBase } from './common';
import { accountsInWords, type StoreKind } from './kind';
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
  accounts: {
    crosses: 'eventual consistency only, one replica per account; not with the AWS provider topoform pins',
    source: "the DynamoDB Developer Guide, \"How DynamoDB global tables work\" (multi-account)",
    page: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_MA_HowItWorks.html',
    refuse: (s, regions) =>
      s.consistency === 'strong'
        ? `a strongly consistent global table (MRSC) is one account's: multi-account global tables are for eventual consistency only, and the regions deploy to ${accountsInWords(regions)}; keep the store's regions in one account`
        : new Set(regions.map((r) => r.account)).size < regions.length
        ? `a multi-account global table has one replica per account ("Each replica must reside in a separate AWS account"), and two of its regions deploy to one account: ${accountsInWords(regions)}; give each region an account of its own, or keep them all in one`
        : `a multi-account global table needs a replica made in another account and joined to the table by its ARN, which the AWS provider up to 6.25 cannot do (hashicorp/terraform-provider-aws issue 46877, aws_dynamodb_table_replica with a cross-account global_table_arn), and the regions deploy to ${accountsInWords(regions)}; keep the store's regions in one account, or one table per account until the provider can`,
  },
};
