// DynamoDB store: a global table, encrypted with the topology's key, point-in-time recovery and deletion protection
// on the table and on every replica.
//
// Where things live, and why:
// - eventual (MREC): the table in its group's home region (the primary's workspace, or under partitioned the
//   jurisdiction's first region), and an `aws_dynamodb_table_replica` in each other region's OWN workspace, which
//   names the table by its ARN, derived from names (arn:…:dynamodb:<home>:<account>:table/<name>). Each workspace
//   owns its region's copy and none reads another's state; the home workspace ignores the table's `replica`
//   attribute, which the other workspaces' replicas fill in.
// - strong (MRSC): DynamoDB accepts the strongly consistent replicas and the witness only as part of the table
//   (`replica { consistency_mode = "STRONG" }`, `global_table_witness`), so the home workspace manages them all,
//   with each replica's key ARN resolved in its own region through a provider alias (as the KMS key family is
//   managed). During an outage of a replica region the home workspace plans with -refresh=false.
// DynamoDB stores the key ARN of the table and of each replica: an alias there would diff on every plan.
import { DynamodbTable, type DynamodbTableConfig } from '@cdktf/provider-aws/lib/dynamodb-table';
import { DynamodbTableReplicaA } from '@cdktf/provider-aws/lib/dynamodb-table-replica';
import { names } from '../../model/naming';
import type { DynamoDbStore } from '../../model/stores';
import type { BuildContext, RegionScope } from '../context';
import { named } from '../ids';
import { keyArnIn } from '../kms';
import type { StoreBuilder } from './builder';
import { groupHome } from '../../model/ownership';

/** The Terraform address of a store's resources: its name, and with several groups (partitioned) the group's home. */
function idOf(store: DynamoDbStore, home: string): string {
  return store.groups.length > 1 ? `${store.name}_${home}` : store.name;
}

function regional(store: DynamoDbStore, scope: RegionScope, ctx: BuildContext): void {
  const t = ctx.topology;
  const region = scope.region.name;
  const group = store.groups.find((g) => g.includes(region))!;
  const home = groupHome(t, group);
  const id = idOf(store, home);
  const tableName = names.dynamodbTable(t.name, store.name);
  if (region !== home) {
    if (store.consistency === 'strong') return; // the home workspace declares strongly consistent replicas
    named(
      new DynamodbTableReplicaA(scope.stack, id, {
        globalTableArn: `arn:${t.partition}:dynamodb:${home}:${scope.accountId}:table/${tableName}`,
        kmsKeyArn: scope.kmsKeyArn(),
        pointInTimeRecovery: store.pointInTimeRecovery,
        deletionProtectionEnabled: store.deletionProtection,
      }),
      id,
    );
    return;
  }
  const attributes = [store.hashKey, ...(store.rangeKey ? [store.rangeKey] : [])];
  // Strongly consistent replicas and the witness can only be declared on the table (see the top of this file).
  const strong: Partial<DynamodbTableConfig> =
    store.consistency !== 'strong'
      ? {}
      : {
          replica: group.slice(1).map((r) => ({
            regionName: r,
            consistencyMode: 'STRONG',
            kmsKeyArn: keyArnIn(scope, r, ctx.topology),
            pointInTimeRecovery: store.pointInTimeRecovery,
            deletionProtectionEnabled: store.deletionProtection,
            propagateTags: true,
          })),
          ...(store.witness !== undefined ? { globalTableWitness: { regionName: store.witness } } : {}),
        };
  const config: DynamodbTableConfig = {
    name: tableName,
    billingMode: 'PAY_PER_REQUEST',
    hashKey: store.hashKey.name,
    ...(store.rangeKey ? { rangeKey: store.rangeKey.name } : {}),
    attribute: attributes.map((a) => ({ name: a.name, type: a.type })),
    // Global tables replicate through the stream.
    streamEnabled: true,
    streamViewType: 'NEW_AND_OLD_IMAGES',
    pointInTimeRecovery: { enabled: store.pointInTimeRecovery },
    serverSideEncryption: { enabled: true, kmsKeyArn: scope.kmsKeyArn() },
    deletionProtectionEnabled: store.deletionProtection,
    ...strong,
  };
  const table = named(new DynamodbTable(scope.stack, id, config), id);
  // MREC replicas are resources of the other regions' workspaces; they show up in this table's `replica`.
  if (store.consistency !== 'strong') table.addOverride('lifecycle.ignore_changes', ['replica']);
}

export const dynamodb: StoreBuilder<'dynamodb'> = { regional };
