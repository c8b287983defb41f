// Who owns what several regions share, and who writes: the two roles a change of primary must keep apart.
import type { Topology } from './types';

/**
 * The region of a replication group whose workspace owns the group's shared resources: the topology's home when the
 * group holds it, else the group's first region (a jurisdiction's, under partitioned).
 */
export function groupHome(t: Pick<Topology, 'home'>, group: readonly string[]): string {
  return group.includes(t.home.name) ? t.home.name : group[0]!;
}

/** The region of a replication group that writes: the primary when the group holds it, else the group's first region. */
export function groupWriter(t: Pick<Topology, 'primary'>, group: readonly string[]): string {
  return group.includes(t.primary.name) ? t.primary.name : group[0]!;
}
