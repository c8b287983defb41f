// Routing lives in an account of its own: a credential that deploys a region must not be able to change the records,
// health checks and routing controls that decide where every region's traffic goes.
import { declaredAccount } from '../../model/normalize';
import type { Lint } from './lint';

export const dnsAccountApart: Lint = {
  id: 'dns-account-apart',
  code: 'TOPO6021',
  severity: 'warning',
  summary: "The routing resources' account (routing.account) is none of the accounts the regions deploy to.",
  hint: "keep the zone, health checks and routing controls in a networking account: routing.account and routing.roleArn (a role there the global workspace assumes), an account no region deploys to",
  check({ input, model }, report) {
    const account = model.routing?.account;
    if (account === undefined) return;
    const same = model.regions.filter((r) => declaredAccount(r) === account).map((r) => r.name);
    if (same.length === 0) return;
    const r = model.routing!;
    const what = [
      'the zone records',
      'health checks',
      ...(r.recoveryControl ? ['routing controls'] : []),
      ...(r.accelerator ? ['accelerator'] : []),
      ...(r.cdn ? ['distribution'] : []),
    ];
    const listed = `${what.slice(0, -1).join(', ')} and ${what[what.length - 1]}`;
    report(
      ['routing', input.routing?.account !== undefined ? 'account' : 'roleArn'],
      `${listed} are in account ${account}, which ${same.join(', ')} deploy${same.length === 1 ? 's' : ''} to: a credential that can deploy ${same.length === 1 ? 'that region' : 'those regions'} can change them and send every region's traffic elsewhere`,
      dnsAccountApart.hint,
    );
  },
};
