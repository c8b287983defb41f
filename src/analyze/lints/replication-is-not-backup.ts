// Replication copies a bad write to every region within seconds: each copy keeps its own point-in-time recovery.
import type { Lint } from './lint';

export const replicationIsNotBackup: Lint = {
  id: 'replication-is-not-backup',
  code: 'TOPO6009',
  severity: 'warning',
  summary: 'A replicated store keeps point-in-time recovery in every region: replication copies corruption too.',
  hint: 'remove pointInTimeRecovery: false (the default is true): replicas copy a bad write or a delete everywhere, a restore point undoes it',
  check({ model }, report) {
    model.data.forEach((store, i) => {
      if (store.type !== 'dynamodb' || store.pointInTimeRecovery) return;
      report(
        ['data', i, 'pointInTimeRecovery'],
        `dynamodb store ${store.name} has no point-in-time recovery: its replicas are not backups, they receive a corrupting write or a delete as fast as a good one`,
        replicationIsNotBackup.hint,
      );
    });
  },
};
