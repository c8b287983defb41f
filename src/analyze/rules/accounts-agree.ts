// A region's roleArn is in the account its `account` field names.
import { accountOfRole } from '../../model/normalize';
import type { Rule } from '../rule';

export const accountsAgree: Rule = {
  id: 'accounts-agree',
  code: 'TOPO3021',
  severity: 'error',
  summary: "A region's roleArn is in the account its account field names.",
  check({ input }, report) {
    input.regions.forEach((r, i) => {
      const inRole = accountOfRole(r.roleArn);
      if (r.account && inRole && inRole !== r.account) {
        report(['regions', i, 'roleArn'], `${r.name} deploys to account ${r.account}, but its roleArn is in account ${inRole}`, 'the provider would refuse every plan (allowed_account_ids); make account and roleArn name the same account');
      }
    });
  },
};
