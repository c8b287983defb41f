// A vault without Vault Lock protects recovery points from nobody who holds the account's credentials.
import { storeField, type Lint } from './lint';

export const backupVaultLocked: Lint = {
  id: 'backup-vault-locked',
  code: 'TOPO6019',
  severity: 'warning',
  summary: "A backup store's vaults are locked (Backup Vault Lock), so no one deletes a recovery point before its retention ends.",
  hint: 'remove lock: false (the default is governance mode with minRetention at the retention), or use lock: { mode: compliance } so that not even the account root can shorten it',
  check({ input, model }, report) {
    model.data.forEach((store, i) => {
      if (store.type !== 'backup' || store.lock !== false) return;
      report(
        storeField(input, i, 'lock'),
        `backup store ${store.name} has no Vault Lock: whoever holds the account's credentials (an administrator, ransomware with a stolen key) can delete its recovery points, and with them the only copy from before a corruption`,
        backupVaultLocked.hint,
      );
    });
  },
};
