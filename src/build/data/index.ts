// The registry of data-store builders: a store type without an entry is a type error.
import type { DataStoreType } from '../../model/types';
import type { DataBuilder, NotYetCompiled } from './builder';
import { s3 } from './s3';

export const dataBuilders = {
  s3,
  aurora: { notYetCompiled: 'Aurora Global Database' },
  dynamodb: { notYetCompiled: 'DynamoDB global tables' },
  secret: { notYetCompiled: 'replicated Secrets Manager secrets' },
  parameter: { notYetCompiled: 'SSM parameters in every region' },
  cache: { notYetCompiled: 'ElastiCache' },
  dsql: { notYetCompiled: 'Aurora DSQL' },
} satisfies { [K in DataStoreType]: DataBuilder<K> | NotYetCompiled };

export function builderFor<K extends DataStoreType>(type: K): DataBuilder<K> | NotYetCompiled {
  return dataBuilders[type] as DataBuilder<K> | NotYetCompiled;
}
