// Who sends replication, shared by a store kind's names, the drills that pause it and the builders (imports nothing at
// run time, so any module of the model may use it without joining an import cycle).
import type { S3Store } from './stores/s3';

/** The regions whose bucket of this replication group sends replication: the first only when one-way. */
export function s3ReplicationSources(store: Pick<S3Store, 'direction'>, group: readonly string[]): string[] {
  return group.length < 2 ? [] : store.direction === 'one-way' ? group.slice(0, 1) : [...group];
}
