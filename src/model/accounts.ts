// Which AWS account each part of a topology deploys to, as far as the topology says: one place that knows, read by
// the build (key families, providers, cross-account grants), the rules, the runbook, the pipelines and the README.
import { declaredAccount } from './normalize';
import type { Region, Topology } from './types';

/** The account a region deploys to, if the topology names it (`account`, else `roleArn`'s). */
export function regionAccount(t: Topology, region: string): string | undefined {
  const r = t.regions.find((x) => x.name === region);
  return r === undefined ? undefined : declaredAccount(r);
}

/**
 * Whom the routing resources (zone records, health checks, ARC, accelerator, CDN) are made as: routing's own account
 * and role when it names them, else the home region's (the global workspace's providers borrow its credentials).
 */
export function edgeIdentity(t: Topology): { account?: string; roleArn?: string; own: boolean } {
  const r = t.routing;
  if (r !== undefined && (r.account !== undefined || r.roleArn !== undefined)) {
    return { ...(r.account !== undefined ? { account: r.account } : {}), ...(r.roleArn !== undefined ? { roleArn: r.roleArn } : {}), own: true };
  }
  const home = t.home;
  const account = declaredAccount(home);
  return { ...(account !== undefined ? { account } : {}), ...(home.roleArn !== undefined ? { roleArn: home.roleArn } : {}), own: false };
}

/** The regions' declared accounts, each once, sorted. */
export function regionAccounts(t: Topology): string[] {
  return [...new Set(t.regions.flatMap((r) => { const a = declaredAccount(r); return a === undefined ? [] : [a]; }))].sort();
}

/** The regions deploy to more than one account: keys, replication and grants are wired per account. */
export function severalRegionAccounts(t: Topology): boolean {
  return regionAccounts(t).length > 1;
}

/**
 * The region that holds the primary key of a region's account's key family (KMS multi-Region replicas stay in
 * the primary key's account, https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-overview.html,
 * so each account has a family of its own): the home for the home's account, else the account's first region in
 * the regions' order. `topoform promote` refuses a swap that would move one (src/promote).
 */
export function keyHome(t: Topology, region: Region): Region {
  if (!severalRegionAccounts(t)) return t.home;
  const account = declaredAccount(region);
  const home = t.home;
  if (declaredAccount(home) === account) return home;
  return t.regions.find((r) => declaredAccount(r) === account)!;
}

/** Each key family's home and the other regions of its account, the topology's home first. */
export function keyFamilies(t: Topology): { home: Region; members: Region[] }[] {
  const homes = new Map<string, { home: Region; members: Region[] }>();
  const ordered = [t.home, ...t.regions.filter((r) => r !== t.home)];
  for (const r of ordered) {
    const home = keyHome(t, r);
    const family = homes.get(home.name) ?? { home, members: [] };
    if (r !== home) family.members.push(r);
    homes.set(home.name, family);
  }
  return [...homes.values()];
}
