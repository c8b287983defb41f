// A store spans only the accounts its kind can cross (each kind's fact, src/model/stores/<type>.ts, from AWS's pages).
import { declaredAccount } from '../../model/normalize';
import { kindOf } from '../../model/stores';
import type { Rule } from '../rule';

export const storeAccountsFit: Rule = {
  id: 'store-accounts-fit',
  code: 'TOPO3150',
  severity: 'error',
  summary:
    "A store whose regions deploy to different AWS accounts is of a kind that crosses accounts (and of a way this version compiles): an Aurora global database, a strongly consistent DynamoDB table, a Global Datastore, a DSQL cluster, a secret's replicas and a global endpoint's buses are one account's.",
  check({ model }, report) {
    model.data.forEach((store, i) => {
      for (const group of store.groups) {
        // A region that declares no account deploys with the credentials' account, which the topology cannot know:
        // only declared accounts are compared.
        const accounts = group.map((r) => ({ region: r, account: declaredAccount(model.regions.find((x) => x.name === r)!) }));
        const declared = new Set(accounts.flatMap((a) => (a.account !== undefined ? [a.account] : [])));
        if (declared.size < 2) continue;
        const why = kindOf(store.type).accounts.refuse(store as never, accounts);
        if (why === undefined) continue;
        report(['data', i, 'type'], `${store.type} store ${store.name} cannot span AWS accounts: ${why}`, `AWS's page: ${kindOf(store.type).accounts.page}`);
        return;
      }
    });
  },
};
