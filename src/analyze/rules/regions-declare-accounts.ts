// When the regions deploy to several AWS accounts, every region says which (account or roleArn).
import { regionAccounts } from '../../model/accounts';
import { declaredAccount } from '../../model/normalize';
import type { Rule } from '../rule';

export const regionsDeclareAccounts: Rule = {
  id: 'regions-declare-accounts',
  code: 'TOPO3151',
  severity: 'error',
  summary:
    'When the regions declare two or more AWS accounts, every region declares its own (account or roleArn); when the regions and routing span two or more, every region names the roleArn the global workspace assumes there.',
  check({ input, model }, report) {
    const accounts = regionAccounts(model);
    const edge = model.routing?.account;
    const involved = [...new Set([...accounts, ...(edge !== undefined ? [edge] : [])])].sort();
    // The global workspace acts in every region's account (replication roles and rules, accelerator attachments)
    // through a provider per region: one set of credentials is in one account, so each other account takes a role.
    if (involved.length >= 2) {
      input.regions.forEach((r, i) => {
        if (r.account === undefined || r.roleArn !== undefined) return;
        report(
          ['regions', i, 'account'],
          `${r.name} deploys to account ${r.account} and names no roleArn, while the topology spans ${involved.length} AWS accounts (${involved.join(', ')}): the global workspace reaches each region's account by assuming its role, and one set of credentials is in one account`,
          `add roleArn: arn:aws:iam::${r.account}:role/<deploy role> to ${r.name}, a role the pipeline's identities may assume`,
        );
      });
    }
    // Routing in an account of its own: whether a region's load balancer needs a cross-account attachment, and which
    // account its replication role is in, depend on the region's account, which the topology must then say.
    if (edge !== undefined && accounts.length < 2) {
      input.regions.forEach((r, i) => {
        if (declaredAccount(r) !== undefined) return;
        report(
          ['regions', i],
          `${r.name} declares no account, while routing is in account ${edge}: the global workspace makes the routing resources there and acts in each region's account (accelerator attachments, replication roles), which it must know`,
          `add account: "<12 digits>" and a roleArn in that account to ${r.name} (account: "${edge}" if the regions share routing's account)`,
        );
      });
    }
    if (accounts.length < 2) return;
    input.regions.forEach((r, i) => {
      if (declaredAccount(r) !== undefined) return;
      report(
        ['regions', i],
        `${r.name} declares no account, while the other regions deploy to ${accounts.length} AWS accounts (${accounts.join(', ')}): it would deploy with whatever credentials run Terraform, and its key family, replication grants and bucket policies are wired per account`,
        `add account: "<12 digits>" (or a roleArn in that account) to ${r.name}, one of ${accounts.join(', ')} or an account of its own`,
      );
    });
  },
};
