// Who sends replication, shared by a store kind's names, the drills that pause it and the builders (imports nothing at
// run time, so any module of the model may use it without joining an import cycle).
import type { S3Store } from './stores/s3';

/** The regions whose bucket of this replication group sends replication: the first only when one-way. */
export function s3ReplicationSources(store: Pick<S3Store, 'direction'>, group: readonly string[]): string[] {
  return group.length < 2 ? [] : store.direction === 'one-way' ? group.slice(0, 1) : [...group];
}

/** One bucket's replication into a bucket of another account. */
export interface CrossAccountReplication {
  store: string;
  source: string;
  sourceAccount: string;
  destination: string;
  destinationAccount: string;
}

/**
 * S3 replications whose destination is in another account than their source (both accounts declared): what the
 * destination's bucket policy and its account's key policy admit, each for the source account's replication role
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-walkthrough-2.html).
 */
export function crossAccountS3Replications(
  stores: readonly { name: string; type: string; groups: string[][]; direction?: 'one-way' | 'two-way' }[],
  accountOf: (region: string) => string | undefined,
): CrossAccountReplication[] {
  const out: CrossAccountReplication[] = [];
  for (const store of stores) {
    if (store.type !== 's3') continue;
    for (const group of store.groups) {
      for (const source of s3ReplicationSources({ direction: store.direction ?? 'one-way' }, group)) {
        const sourceAccount = accountOf(source);
        for (const destination of group) {
          const destinationAccount = accountOf(destination);
          if (destination === source || sourceAccount === undefined || destinationAccount === undefined || sourceAccount === destinationAccount) continue;
          out.push({ store: store.name, source, sourceAccount, destination, destinationAccount });
        }
      }
    }
  }
  return out;
}
