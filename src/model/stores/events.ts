// Amazon EventBridge: a custom event bus of the same name in every region of the store, and delivery between them:
// `forward`, a rule on each bus that sends the events put there to every other region's bus, or `global-endpoint`, an
// EventBridge global endpoint over two regions' buses that fails over with a Route 53 health check and replicates
// events to the secondary.
import { NAME_RULES, names } from '../naming';
import type { StoreBase } from './common';
import { accountsInWords, type StoreKind, type StoreName } from './kind';
import { groupHome } from '../ownership';
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
  names: (store, t) => {
    const regions = store.groups.flat();
    const out: StoreName[] = [{ kind: 'eventBus', name: names.eventBus(t.name, store.name), regions, rule: NAME_RULES.eventBus }];
    if (store.archiveDays !== undefined) out.push({ kind: 'eventArchive', name: names.eventArchive(t.name, store.name), regions, rule: NAME_RULES.eventArchive, owner: "'s archive" });
    for (const group of store.groups) {
      if (store.delivery === 'global-endpoint') {
        // The endpoint in the group's home region (a change of primary does not move it), its role made by global.
        out.push({ kind: 'eventEndpoint', name: names.eventEndpoint(t.name, store.name), regions: [groupHome(t, group)], rule: NAME_RULES.eventEndpoint, owner: "'s global endpoint" });
        // Made in the group home's account (IAM is global: the region only says which account's).
        out.push({ kind: 'iamRole', name: names.eventEndpointRole(t.name, store.name), regions: [groupHome(t, group)], owner: "'s endpoint replication role" });
        continue;
      }
      if (group.length < 2) continue;
      for (const r of group) {
        out.push({ kind: 'iamRole', name: names.eventForwardRole(t.name, store.name, r), regions: [r], owner: `'s forwarding role in ${r}` });
        for (const to of group.filter((x) => x !== r)) out.push({ kind: 'eventRule', name: names.eventForwardRule(t.name, store.name, to), regions: [r], owner: `'s rule forwarding to ${to}` });
      }
    }
    return out;
  },
  needsNetwork: false,
  accounts: {
    crosses: 'forward: by a bus policy admitting the other accounts (not compiled yet); global-endpoint: no',
    source: "the EventBridge User Guide, \"Global endpoints\"",
    page: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-global-endpoints.html',
    refuse: (s, regions) =>
      s.delivery === 'global-endpoint'
        ? `a global endpoint's two buses must be in one account ("a custom bus in each Region with the same name and in the same account"), and the regions deploy to ${accountsInWords(regions)}; keep the store's regions in one account`
        : `forwarding to another account's bus needs that bus's policy to admit this account's rules, which this version does not compile, and the regions deploy to ${accountsInWords(regions)}; keep the store's regions in one account`,
  },
};
