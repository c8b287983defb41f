// Replication copies a bad write to every region within seconds: each copy keeps its own point-in-time recovery.
import type { Lint } from './lint';

export const replicationIsNotBackup: Lint = {
  id: 'replication-is-not-backup',
  code: 'TOPO6009',
  severity: 'warning',
  summary: 'A replicated store keeps point-in-time recovery in every region, or a backup store backs it up: replication copies corruption too.',
  hint: 'remove pointInTimeRecovery: false (the default is true), or back the store up with a backup store: replicas copy a bad write or a delete everywhere, a restore point undoes it',
  check({ model }, report) {
    model.data.forEach((store, i) => {
      if (store.type !== 'dynamodb' || store.pointInTimeRecovery) return;
      // A backup store's recovery points undo a bad write as a restore point would (at the schedule's granularity).
      if (model.data.some((b) => b.type === 'backup' && b.stores.includes(store.name))) return;
      report(
        ['data', i, 'pointInTimeRecovery'],
        `dynamodb store ${store.name} has no point-in-time recovery: its replicas are not backups, they receive a corrupting write or a delete as fast as a good one`,
        replicationIsNotBackup.hint,
      );
    });
  },
};
