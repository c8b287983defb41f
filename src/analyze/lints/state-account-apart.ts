// The state lives in an account of its own: a credential that deploys a region must not be able to delete the state of
// every workspace (or rewrite it to destroy what it manages).
import { declaredAccount } from '../../model/normalize';
import type { Lint } from './lint';

export const stateAccountApart: Lint = {
  id: 'state-account-apart',
  code: 'TOPO6020',
  severity: 'warning',
  summary: "The state buckets' account (state.account) is none of the accounts the regions deploy to.",
  hint: "keep the state in a tooling account: state.account and state.roleArn (a role there the pipelines may assume), its buckets' policies admitting that role only",
  check({ input, model }, report) {
    const account = model.state.account;
    if (model.state.backend !== 's3' || account === undefined) return;
    const same = model.regions.filter((r) => declaredAccount(r) === account).map((r) => r.name);
    if (same.length === 0) return;
    report(
      ['state', input.state?.account !== undefined ? 'account' : 'roleArn'],
      `the state buckets are in account ${account}, which ${same.join(', ')} deploy${same.length === 1 ? 's' : ''} to: a credential that can deploy ${same.length === 1 ? 'that region' : 'those regions'} can delete or rewrite the state of every workspace`,
      stateAccountApart.hint,
    );
  },
};
