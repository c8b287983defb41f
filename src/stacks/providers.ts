// AWS providers: one per region stack, and aliases in the global stack, each with default tags and account guard.
import type { Construct } from 'constructs';
import { AwsProvider, type AwsProviderConfig } from '@cdktf/provider-aws/lib/provider';
import type { Region, Topology } from '../model/types';

export function defaultTags(t: Topology, workspace: string): Record<string, string> {
  return { ...t.tags, 'topoform:topology': t.name, 'topoform:workspace': workspace };
}

export function awsProvider(scope: Construct, id: string, t: Topology, region: Region, workspace: string, alias?: string): AwsProvider {
  const config: AwsProviderConfig = {
    region: region.name,
    defaultTags: [{ tags: defaultTags(t, workspace) }],
  };
  const extra: Record<string, unknown> = {};
  if (alias) extra['alias'] = alias;
  if (region.account) extra['allowedAccountIds'] = [region.account];
  if (region.roleArn) extra['assumeRole'] = [{ roleArn: region.roleArn, sessionName: `topoform-${t.name}` }];
  return new AwsProvider(scope, id, { ...config, ...extra });
}

/** A stack's providers for other regions, created on first use and named by alias. */
export function aliasProviders(scope: Construct, t: Topology, workspace: string): (region: Region) => AwsProvider {
  const made = new Map<string, AwsProvider>();
  return (region) => {
    let p = made.get(region.name);
    if (!p) {
      p = awsProvider(scope, `aws_${aliasOf(region.name)}`, t, region, workspace, aliasOf(region.name));
      made.set(region.name, p);
    }
    return p;
  };
}

/** Provider alias name for a region: us-east-1 -> us_east_1. */
export function aliasOf(region: string): string {
  return region.replace(/-/g, '_');
}
