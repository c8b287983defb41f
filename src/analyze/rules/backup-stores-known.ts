// A backup store backs up stores of the topology that AWS Backup supports, and copies to a region of the topology.
import { BACKUP_RESOURCE_TYPES } from '../../model/stores/backup';
import type { Rule } from '../rule';

export const backupStoresKnown: Rule = {
  id: 'backup-stores-known',
  code: 'TOPO3142',
  severity: 'error',
  summary: "A backup store's stores are stores of the topology of a kind AWS Backup supports (aurora, dynamodb, s3), and its copyTo is next or a listed region.",
  check({ input, model }, report) {
    (input.data ?? []).forEach((s, i) => {
      if (s.type !== 'backup') return;
      (s.stores ?? []).forEach((name, j) => {
        const target = model.data.find((d) => d.name === name);
        if (!target) report(['data', i, 'stores', j], `backup store ${s.name} backs up ${name}, which is no store of the topology`, `name one of: ${model.data.filter((d) => BACKUP_RESOURCE_TYPES[d.type]).map((d) => d.name).join(', ') || '(no store AWS Backup supports)'}`);
        else if (!BACKUP_RESOURCE_TYPES[target.type]) report(['data', i, 'stores', j], `backup store ${s.name} backs up ${name}, a ${target.type} store, which AWS Backup does not support`, 'AWS Backup protects aurora, dynamodb and s3 stores (https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-feature-availability.html)');
      });
      if (s.copyTo !== undefined && s.copyTo !== 'next' && !model.regions.some((r) => r.name === s.copyTo)) {
        report(['data', i, 'copyTo'], `backup store ${s.name} copies to ${s.copyTo}, which is not a region of the topology`, `use next, or one of ${model.regions.map((r) => r.name).join(', ')}`);
      }
    });
  },
};
