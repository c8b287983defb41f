// Multi-writer DynamoDB with eventual consistency resolves conflicts last-writer-wins: that choice is stated, not implied.
import { type Lint, multiWriter, replicatedGroups, storeField } from './lint';

export const dynamodbConflictsResolved: Lint = {
  id: 'dynamodb-conflicts-resolved',
  code: 'TOPO6005',
  severity: 'warning',
  summary: 'A DynamoDB global table written in several regions with eventual consistency has a stated conflict strategy.',
  hint: 'use consistency: strong (MRSC), or write each item in one region only; if last writer wins is acceptable, say so: suppress: [{ rule: TOPO6005, reason: ... }]',
  check({ input, model }, report) {
    if (!multiWriter(model.pattern)) return;
    model.data.forEach((store, i) => {
      if (store.type !== 'dynamodb' || store.consistency !== 'eventual') return;
      const groups = replicatedGroups(store);
      if (groups.length === 0) return;
      report(
        storeField(input, i, 'consistency'),
        `dynamodb store ${store.name} takes writes in ${groups.map((g) => g.join(', ')).join(' and in ')} with eventual consistency: concurrent writes to one item are resolved last writer wins, and under a split brain the losing writes are lost without a trace`,
        dynamodbConflictsResolved.hint,
      );
    });
  },
};
