// AWS Backup: in every region of the store, a vault encrypted with the region's topology key and locked (Backup Vault
// Lock), and a backup plan whose rule backs up the topology's stores there on a schedule, keeps each recovery point for
// `retention`, and copies it to another region's vault (and, with `copyToAccount`, to a vault of another account), so
// that a dropped table or an encrypted bucket, which replication carries to every region within seconds, can be
// restored from before it happened. Restore testing proves the recovery points restorable on a schedule.
import { parseDays } from '../duration';
import { NAME_RULES, names } from '../naming';
import type { StoreBase } from './common';
import { accountsInWords, type StoreKind, type StoreName } from './kind';
import type { DataStore, DataStoreType, StoreCommon } from './index';

export interface BackupLockInput {
  mode: 'governance' | 'compliance';
  minRetention?: string;
  maxRetention?: string;
}

export interface BackupInput extends StoreBase {
  type: 'backup';
  schedule: string;
  retention: string;
  coldAfter?: string;
  copyTo?: string;
  copyToAccount?: string;
  lock?: false | BackupLockInput;
  restoreTesting?: boolean;
  stores?: string[];
}

export interface BackupLock {
  mode: 'governance' | 'compliance';
  minRetentionDays: number;
  maxRetentionDays?: number;
}

export interface BackupStore extends StoreCommon {
  type: 'backup';
  /** cron(...) in UTC. */
  schedule: string;
  retentionDays: number;
  coldAfterDays?: number;
  /** `next` or a region code. */
  copyTo: string;
  copyToAccount?: string;
  /** false: no Vault Lock (lint backup-vault-locked warns). */
  lock: false | BackupLock;
  restoreTesting: boolean;
  /** The stores backed up, by name: as written, or every store of a kind AWS Backup supports. */
  stores: string[];
  /** Whether `stores` was written (else it follows the topology's stores). */
  storesListed: boolean;
}

/**
 * The store kinds AWS Backup protects, and its resource type name for each (restore testing's ProtectedResourceType):
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-feature-availability.html#features-by-resource.
 * Secrets Manager, SSM parameters, ElastiCache, SQS and EventBridge are not among them; Aurora DSQL is left out until
 * restore of a multi-Region cluster is something topoform can rehearse.
 */
export const BACKUP_RESOURCE_TYPES: Partial<Record<DataStoreType, 'Aurora' | 'DynamoDB' | 'S3'>> = { aurora: 'Aurora', dynamodb: 'DynamoDB', s3: 'S3' };

/** AWS Backup keeps a recovery point in cold storage at least 90 days: deletion must come that much after the move. */
export const COLD_STORAGE_MIN_DAYS = 90;

/** AWS Backup's Vault Lock bounds: a minimum retention of at least 1 day, a maximum of at most 36,500 days. */
export const VAULT_LOCK_DAYS = { min: 1, max: 36_500 } as const;

/** Compliance mode's grace time, the shortest AWS Backup takes: the lock can still be removed for 3 days, then never. */
export const COMPLIANCE_GRACE_DAYS = 3;

export function backedUpBy(store: DataStore): boolean {
  return BACKUP_RESOURCE_TYPES[store.type] !== undefined;
}

/**
 * The region whose vault receives a region's copies: `next` is the next region of the store's group (in the order of
 * regions, the last to the first), a region code receives every other region's and copies its own to the next. None
 * when the group has one region.
 */
export function copyTarget(store: Pick<BackupStore, 'copyTo' | 'groups'>, region: string): string | undefined {
  const group = store.groups.find((g) => g.includes(region));
  if (!group || group.length < 2) return undefined;
  const next = group[(group.indexOf(region) + 1) % group.length]!;
  if (store.copyTo === 'next' || store.copyTo === region || !group.includes(store.copyTo)) return next;
  return store.copyTo;
}

export const backup: StoreKind<'backup'> = {
  label: 'AWS Backup vaults and plans in every region',
  normalize: (s, common) => {
    const retentionDays = parseDays(s.retention)!;
    const coldAfterDays = parseDays(s.coldAfter);
    const lock: false | BackupLock =
      s.lock === false
        ? false
        : {
            mode: s.lock?.mode ?? 'governance',
            minRetentionDays: parseDays(s.lock?.minRetention) ?? retentionDays,
            ...(s.lock?.maxRetention !== undefined ? { maxRetentionDays: parseDays(s.lock.maxRetention)! } : {}),
          };
    return {
      ...common,
      type: 'backup',
      schedule: s.schedule,
      retentionDays,
      ...(coldAfterDays !== undefined ? { coldAfterDays } : {}),
      copyTo: s.copyTo ?? 'next',
      ...(s.copyToAccount !== undefined ? { copyToAccount: s.copyToAccount } : {}),
      lock,
      restoreTesting: s.restoreTesting ?? true,
      // Filled by normalize once every store is known (withBackedUpStores).
      stores: s.stores ?? [],
      storesListed: s.stores !== undefined,
    };
  },
  names: (store, t) => {
    const regions = store.groups.flat();
    const out: StoreName[] = [
      { kind: 'backupVault', name: names.backupVault(t.name, store.name), regions, rule: NAME_RULES.backupVault },
      { kind: 'backupPlan', name: names.backupPlan(t.name, store.name), regions, rule: NAME_RULES.backupPlan, owner: "'s plan" },
      ...regions.map((r) => ({ kind: 'iamRole' as const, name: names.backupRole(t.name, store.name, r), regions: [r], owner: `'s service role in ${r}` })),
    ];
    if (store.restoreTesting) out.push({ kind: 'restoreTestingPlan', name: names.restoreTestingPlan(t.name, store.name), regions, rule: NAME_RULES.restoreTestingPlan, owner: "'s restore testing plan" });
    if (t.alarms) out.push({ kind: 'eventRule', name: names.backupFailedRule(t.name, store.name), regions, owner: "'s failed-job rule" });
    return out;
  },
  needsNetwork: false,
  accounts: {
    crosses: 'copies to another account by copyToAccount; copies between regions of different accounts: not compiled yet',
    source: "the AWS Backup Developer Guide, \"Creating backup copies across AWS accounts\"",
    page: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html',
    refuse: (_s, regions) => `copies between regions of different accounts need each destination vault's access policy and AWS Organizations' cross-account backup, which this version does not compile, and the regions deploy to ${accountsInWords(regions)}; keep the store's regions in one account (copyToAccount copies to one other account)`,
  },
};

/** A backup store without `stores` backs up every store of a kind AWS Backup supports. */
export function withBackedUpStores(stores: DataStore[]): DataStore[] {
  const supported = stores.filter(backedUpBy).map((s) => s.name);
  return stores.map((s) => (s.type === 'backup' && !s.storesListed ? { ...s, stores: supported } : s));
}
