// A backup store's schedule, retention, cold storage and Vault Lock agree with each other and with AWS Backup.
import { parseDays } from '../../model/duration';
import { scheduleProblem } from '../../model/schedule';
import { COLD_STORAGE_MIN_DAYS, VAULT_LOCK_DAYS } from '../../model/stores/backup';
import type { Rule } from '../rule';

export const backupSettingsFit: Rule = {
  id: 'backup-settings-fit',
  code: 'TOPO3141',
  severity: 'error',
  summary:
    "A backup store's schedule is a valid cron expression; its retention is at least 90 days past coldAfter (AWS Backup keeps cold storage 90 days); its Vault Lock's minRetention (1 to 36,500 days) is at most the retention and its maxRetention at least the retention, or every backup and copy job would fail.",
  check({ input, model }, report) {
    (input.data ?? []).forEach((s, i) => {
      if (s.type !== 'backup') return;
      const at = (...path: (string | number)[]) => ['data', i, ...path];
      const problem = scheduleProblem(s.schedule);
      if (problem !== undefined) report(at('schedule'), `schedule ${s.schedule} of backup store ${s.name} is not one AWS Backup accepts: ${problem}`, 'write cron(minutes hours day-of-month month day-of-week year), in UTC, as cron(0 5 * * ? *)');
      const retention = parseDays(s.retention)!;
      if (retention < 1) report(at('retention'), `backup store ${s.name} keeps recovery points ${retention} days`, 'keep them at least 1 day');
      const cold = parseDays(s.coldAfter);
      if (cold !== undefined && retention < cold + COLD_STORAGE_MIN_DAYS) {
        report(at('retention'), `backup store ${s.name} keeps recovery points ${retention} days but moves them to cold storage after ${cold}: AWS Backup keeps a cold recovery point at least ${COLD_STORAGE_MIN_DAYS} days, so retention must be at least ${cold + COLD_STORAGE_MIN_DAYS} days`, 'https://docs.aws.amazon.com/aws-backup/latest/devguide/API_Lifecycle.html');
      }
      if (s.lock === false || s.lock === undefined) return;
      const min = parseDays(s.lock.minRetention);
      const max = parseDays(s.lock.maxRetention);
      for (const [field, days] of [['minRetention', min], ['maxRetention', max]] as const) {
        if (days !== undefined && (days < VAULT_LOCK_DAYS.min || days > VAULT_LOCK_DAYS.max)) {
          report(at('lock', field), `lock.${field} of backup store ${s.name} is ${days} days; Vault Lock takes ${VAULT_LOCK_DAYS.min} to ${VAULT_LOCK_DAYS.max}`, 'https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutBackupVaultLockConfiguration.html');
        }
      }
      if (min !== undefined && min > retention) report(at('lock', 'minRetention'), `the vault of backup store ${s.name} refuses recovery points kept less than ${min} days, but the plan keeps them ${retention}: every backup and copy job would fail`, 'make lock.minRetention at most the retention');
      if (max !== undefined && max < retention) report(at('lock', 'maxRetention'), `the vault of backup store ${s.name} refuses recovery points kept more than ${max} days, but the plan keeps them ${retention}: every backup and copy job would fail`, 'make lock.maxRetention at least the retention');
      void model;
    });
  },
};
