// A DynamoDB table's partition key and sort key are two different attributes.
import type { Rule } from '../rule';

export const dynamodbKeysDistinct: Rule = {
  id: 'dynamodb-keys-distinct',
  code: 'TOPO3045',
  severity: 'error',
  summary: "A dynamodb store's hashKey and rangeKey name different attributes.",
  check({ model }, report) {
    model.data.forEach((store, i) => {
      if (store.type !== 'dynamodb' || store.rangeKey === undefined) return;
      if (store.rangeKey.name !== store.hashKey.name) return;
      report(
        ['data', i, 'rangeKey', 'name'],
        `dynamodb store ${store.name} uses ${store.hashKey.name} as both its hashKey and its rangeKey; DynamoDB refuses a key schema that names one attribute twice, at apply time`,
        'name a different attribute as the rangeKey, or remove rangeKey for a table keyed by the hash key alone',
      );
    });
  },
};
