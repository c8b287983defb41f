// The shape of a data-store builder: what it adds to each region's workspace and to the global one.
import type { DataStoreType, StoreOf } from '../../model/types';
import type { BuildContext, RegionScope } from '../context';

export interface DataBuilder<K extends DataStoreType> {
  /** Resources in one region's workspace, for each region the store lives in. */
  regional?(store: StoreOf<K>, scope: RegionScope, ctx: BuildContext): void;
  /** Cross-region wiring in the global workspace, applied after every region. */
  global?(store: StoreOf<K>, ctx: BuildContext): void;
}

/** A store type the format defines and this version does not compile yet: synth refuses it rather than drop it. */
export interface NotYetCompiled {
  notYetCompiled: string;
}
