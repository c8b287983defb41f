// AWS providers: one per region stack, and aliases in the global stack, each with default tags and account guard.
import type { Construct } from 'constructs';
import { AwsProvider, type AwsProviderConfig } from '@cdktf/provider-aws/lib/provider';
import { declaredAccount } from '../model/normalize';
import type { Region, Topology } from '../model/types';

/** Whom a provider acts as: a region's (or routing's) declared account and role. */
export type Identity = Pick<Region, 'name' | 'account' | 'roleArn'>;

export function defaultTags(t: Topology, workspace: string): Record<string, string> {
  return { ...t.tags, 'topoform:topology': t.name, 'topoform:workspace': workspace };
}

export function awsProvider(scope: Construct, id: string, t: Topology, region: Identity, workspace: string, alias?: string): AwsProvider {
  const config: AwsProviderConfig = {
    region: region.name,
    defaultTags: [{ tags: defaultTags(t, workspace) }],
  };
  const extra: Record<string, unknown> = {};
  if (alias) extra['alias'] = alias;
  // Pinned to the declared account (or roleArn's): a credential for another account fails at plan, not at apply.
  const account = declaredAccount(region);
  if (account) extra['allowedAccountIds'] = [account];
  if (region.roleArn) extra['assumeRole'] = [{ roleArn: region.roleArn, sessionName: `topoform-${t.name}` }];
  return new AwsProvider(scope, id, { ...config, ...extra });
}

/** A stack's providers for other regions, created on first use and named by alias. */
export function aliasProviders(scope: Construct, t: Topology, workspace: string, prefix = ''): (region: Identity) => AwsProvider {
  const made = new Map<string, AwsProvider>();
  return (region) => {
    let p = made.get(region.name);
    if (!p) {
      const alias = `${prefix}${aliasOf(region.name)}`;
      p = awsProvider(scope, `aws_${alias}`, t, region, workspace, alias);
      made.set(region.name, p);
    }
    return p;
  };
}

/** Provider alias name for a region: us-east-1 -> us_east_1. */
export function aliasOf(region: string): string {
  return region.replace(/-/g, '_');
}
