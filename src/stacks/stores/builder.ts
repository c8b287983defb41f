// The shape of a data-store builder: what one store kind adds to the workspaces, in the order they are applied.
import type { DataStoreType, StoreOf } from '../../model/stores';
import type { BuildContext, RegionScope } from '../context';

export interface StoreBuilder<K extends DataStoreType> {
  /**
   * Resources in the home (primary) region's workspace that must exist before any other region is applied:
   * an Aurora global cluster, a DynamoDB table that replicas join. Other regions may reach them only by name,
   * never through the primary's state (see ARCHITECTURE.md).
   */
  home?(store: StoreOf<K>, scope: RegionScope, ctx: BuildContext): void;
  /** Resources in one region's workspace, for each region the store lives in (the home region included). */
  regional?(store: StoreOf<K>, scope: RegionScope, ctx: BuildContext): void;
  /** Cross-region wiring in the global workspace, applied after every region. */
  global?(store: StoreOf<K>, ctx: BuildContext): void;
}
