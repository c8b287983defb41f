// A region's roleArn, state.roleArn and routing.roleArn are in the account their `account` field names.
import { accountOfRole } from '../../model/normalize';
import type { Rule } from '../rule';

export const accountsAgree: Rule = {
  id: 'accounts-agree',
  code: 'TOPO3021',
  severity: 'error',
  summary: "A region's roleArn, state.roleArn and routing.roleArn are in the account their account field names.",
  check({ input }, report) {
    const st = input.state;
    const stateRole = accountOfRole(st?.roleArn);
    if (st?.account && stateRole && stateRole !== st.account) {
      report(['state', 'roleArn'], `the state buckets are in account ${st.account}, but state.roleArn is in account ${stateRole}`, 'the S3 backend would refuse the credentials it assumes (allowed_account_ids); make state.account and state.roleArn name the same account');
    }
    const rt = input.routing;
    const routingRole = accountOfRole(rt?.roleArn);
    if (rt?.account && routingRole && routingRole !== rt.account) {
      report(['routing', 'roleArn'], `the routing resources are in account ${rt.account}, but routing.roleArn is in account ${routingRole}`, "the global workspace's routing providers would refuse the credentials they assume (allowed_account_ids); make routing.account and routing.roleArn name the same account");
    }
    input.regions.forEach((r, i) => {
      const inRole = accountOfRole(r.roleArn);
      if (r.account && inRole && inRole !== r.account) {
        report(['regions', i, 'roleArn'], `${r.name} deploys to account ${r.account}, but its roleArn is in account ${inRole}`, 'the provider would refuse every plan (allowed_account_ids); make account and roleArn name the same account');
      }
    });
  },
};
