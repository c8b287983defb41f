// Asynchronous replication that falls behind is data loss in waiting: someone is alarmed when it does.
import { regionAccount } from '../../model/accounts';
import { crossAccountS3Replications } from '../../model/replication';
import type { DataStore } from '../../model/types';
import { type Lint, replicatedGroups } from './lint';

/** The CloudWatch metric of each asynchronously replicated store; synchronous ones (strong, dsql) and secrets have none. */
function lagMetric(store: DataStore): string | undefined {
  switch (store.type) {
    case 'aurora':
      return 'AuroraGlobalDBReplicationLag';
    case 'dynamodb':
      return store.consistency === 'eventual' ? 'ReplicationLatency' : undefined;
    case 's3':
      return 'ReplicationLatency';
    case 'cache':
      return store.mode === 'global' ? 'GlobalDatastoreReplicationLag' : undefined;
    default:
      return undefined;
  }
}

export const replicationLagAlarmed: Lint = {
  id: 'replication-lag-alarmed',
  code: 'TOPO6010',
  severity: 'warning',
  summary: 'A topology with asynchronously replicated stores has alarms, so replication lag is seen before it costs data.',
  hint: 'add alarms: { email: [oncall@example.com] }: synth then makes an SNS topic per region and CloudWatch alarms on each store\'s replication lag (or accept this finding with suppress and a reason naming the monitoring that covers it)',
  check({ model }, report) {
    model.data.forEach((store, i) => {
      const metric = lagMetric(store);
      if (metric === undefined || replicatedGroups(store).length === 0) return;
      if (model.alarms && store.type === 's3') {
        // Replication into another account's bucket: its metrics are the source account's (src/model/alarms.ts), where
        // the topology has no topic in the destination's region, so no alarm watches that pair.
        const across = crossAccountS3Replications([store], (r) => regionAccount(model, r));
        if (across.length === 0) return;
        const pairs = across.map((x) => `${x.source} (${x.sourceAccount}) to ${x.destination} (${x.destinationAccount})`).join(', ');
        report(
          ['data', i],
          `s3 store ${store.name} replicates into buckets of other accounts (${pairs}) and this version of topoform makes no alarm on that lag (${metric}): S3 publishes a rule's replication metrics for the source bucket's account, in the destination's region, where the topology has no alarm topic`,
          `alarm on ReplicationLatency of each such rule in its source account and destination region yourself (dimensions SourceBucket, DestinationBucket, RuleId to-<destination region>), and accept this finding with suppress and a reason naming those alarms; replication within one account is alarmed`,
        );
        return;
      }
      if (model.alarms) {
        // alarms compiles lag alarms for aurora, dynamodb and s3 (src/model/alarms.ts); not yet for a global cache.
        if (store.type !== 'cache') return;
        report(
          ['data', i],
          `cache store ${store.name} replicates asynchronously (a Global Datastore) and this version of topoform makes no alarm on its lag (${metric}): it can grow unseen`,
          'alarm on GlobalDatastoreReplicationLag in each secondary region yourself, and accept this finding with suppress and a reason naming that alarm',
        );
        return;
      }
      report(
        ['data', i],
        `${store.type} store ${store.name} replicates asynchronously and the topology has no alarms: its replication lag (${metric}) can grow unseen, and with it the data a failover loses`,
        replicationLagAlarmed.hint,
      );
    });
  },
};
