// Amazon EventBridge: a custom event bus of the same name in every region of the store, and delivery between them:
// `forward`, a rule on each bus that sends the events put there to every other region's bus, or `global-endpoint`, an
// EventBridge global endpoint over two regions' buses that fails over with a Route 53 health check and replicates
// events to the secondary.
import { NAME_RULES, names } from '../naming';
import type { StoreBase } from './common';
import type { StoreKind } from './kind';
import type { StoreCommon } from './index';

export interface EventsInput extends StoreBase {
  type: 'events';
  delivery?: 'forward' | 'global-endpoint';
  archiveDays?: number;
}

export interface EventsStore extends StoreCommon {
  type: 'events';
  delivery: 'forward' | 'global-endpoint';
  /** Days each bus's archive keeps its events; absent: no archive. */
  archiveDays?: number;
}

export const events: StoreKind<'events'> = {
  label: 'EventBridge buses in every region',
  normalize: (s, common) => ({
    ...common,
    type: 'events',
    delivery: s.delivery ?? 'forward',
    ...(s.archiveDays !== undefined ? { archiveDays: s.archiveDays } : {}),
  }),
  names: (store, topology) => {
    const at = [...store.path, 'name'];
    const out = [{ name: names.eventBus(topology, store.name), rule: NAME_RULES.eventBus, path: at }];
    if (store.archiveDays !== undefined) out.push({ name: names.eventArchive(topology, store.name), rule: NAME_RULES.eventArchive, path: at });
    if (store.delivery === 'global-endpoint') out.push({ name: names.eventEndpoint(topology, store.name), rule: NAME_RULES.eventEndpoint, path: at });
    return out;
  },
  needsNetwork: false,
};
