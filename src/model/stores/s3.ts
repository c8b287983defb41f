// S3: a versioned, encrypted bucket per region and cross-region replication in the pattern's direction.
import { PATTERNS } from '../patterns';
import { NAME_RULES, names } from '../naming';
import { s3ReplicationSources } from '../replication';
import type { StoreBase } from './common';
import type { StoreKind } from './kind';
import type { StoreCommon } from './index';

export interface S3Input extends StoreBase {
  type: 's3';
  replication?: { rtc?: boolean; direction?: 'one-way' | 'two-way' };
}

export interface S3Store extends StoreCommon {
  type: 's3';
  /** S3 Replication Time Control (15-minute SLA) and its metrics. */
  rtc: boolean;
  /** one-way: from the primary; two-way: every bucket to every other (replica modification sync). */
  direction: 'one-way' | 'two-way';
}

export const s3: StoreKind<'s3'> = {
  label: 'S3 buckets with cross-region replication',
  normalize: (input, common, pattern) => ({
    ...common,
    type: 's3',
    rtc: input.replication?.rtc ?? false,
    direction: input.replication?.direction ?? PATTERNS[pattern].s3Direction,
  }),
  names: (store, t) => [
    ...store.groups.flat().map((r) => ({ kind: 'bucket' as const, name: names.bucket(t.name, store.name, r), regions: [r], rule: NAME_RULES.bucket })),
    // Replication roles are made by the global workspace, one per source bucket.
    ...store.groups
      .filter((g) => g.length > 1)
      .flatMap((g) => s3ReplicationSources(store, g))
      // Made in the source bucket's account (IAM is global: the region only says which account's).
      .map((source) => ({ kind: 'iamRole' as const, name: names.replicationRole(t.name, store.name, source), regions: [source], owner: "'s replication role" })),
  ],
  needsNetwork: false,
  accounts: {
    crosses: "yes: replication into another account's bucket, with owner override, the destination's bucket policy and its account's key admitting the source account's replication role; its lag is not alarmed across accounts (`TOPO6010`)",
    source: "the S3 User Guide, \"Configuring replication for buckets in different accounts\" and \"Changing the replica owner\"",
    page: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-walkthrough-2.html',
    refuse: () => undefined,
  },
};
