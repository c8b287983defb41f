// Build stage: the typed Topology -> a cdktf App with one stack per region and one global stack.
import { App, TerraformResource, TerraformStack } from 'cdktf';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import type { Region, Topology } from '../model/types';
import { addBackend, type StateLocation } from './backends';
import type { BuildContext, GlobalScope, RegionScope } from './context';
import type { DataStore } from '../model/stores';
import type { StoreBuilder } from './stores/builder';
import { STORE_BUILDERS } from './stores';
import { STORE_TAG } from './stores/backup';
import { declaredAccount } from '../model/normalize';
import { edgeIdentity, keyFamilies, severalRegionAccounts } from '../model/accounts';
import { escapeDeep } from './escape';
import { named } from './ids';
import { buildJobs } from './jobs';
import { keyAliasArn, keyArnByAlias, keyFamily } from './kms';
import { aliasProviders, awsProvider } from './providers';
import { buildRouting } from './routing';
import { buildAppModule } from './app-module';
import { buildAlarms } from './alarms';
import { REQUIREMENTS, workspaceGraph } from '../model/workspaces';
import { buildDrills } from './drills';

export interface Workspace {
  name: string;
  kind: 'region' | 'global';
  state: StateLocation;
}

export interface Built {
  app: App;
  /** In the order to apply them. */
  workspaces: Workspace[];
}

/**
 * The versions every workspace declares: the topology's `terraform` constraints, else REQUIREMENTS (in
 * src/model/workspaces.ts, so the pipelines read it without cdktf); rule terraform-versions-fit holds them to what the
 * output uses.
 */
function requireTerraform(stack: TerraformStack, t: Topology): void {
  stack.addOverride('terraform.required_version', t.terraform.requiredVersion ?? REQUIREMENTS.terraform);
  stack.addOverride('terraform.required_providers.aws', { source: 'hashicorp/aws', version: t.terraform.awsProvider });
}

function accountIdIn(stack: TerraformStack, region: Region): string {
  return declaredAccount(region) ?? named(new DataAwsCallerIdentity(stack, 'current'), 'current').accountId;
}

/**
 * `retiring`: regions the previous output had a workspace for and the topology no longer lists (a removal that
 * --allow-destroy names). Every remaining workspace keeps a provider alias for each, so that Terraform can plan the
 * destruction of what it still holds there (a key replica, a replication rule): without its provider configuration
 * it refuses to plan at all. Apply this output before the next synth, which no longer knows the region.
 */
/**
 * A workspace's stack, without cdktf's preparing resolve pass: that pass resolves every element once more before
 * synth only to find tokens of one stack used in another, and turns each into a remote-state read of the other
 * workspace, which topoform never wants (no workspace reads another's state but through the explicit
 * terraform_remote_state of src/stacks/backends.ts). It was ~40% of synth's CPU (30 active-active regions with 10
 * stores: 2 of 4.5 s). A cross-stack token by mistake now comes out as a reference to a resource the workspace lacks,
 * which synth refuses as an internal error (src/emit/references.ts).
 */
export function workspaceStack(app: App, name: string): TerraformStack {
  const stack = new TerraformStack(app, name);
  stack.prepareStack = function prepareStack(this: TerraformStack): void {
    this.ensureBackendExists();
  };
  return stack;
}

export function buildApp(model: Topology, outdir: string, retiring: readonly { name: string; account?: string; roleArn?: string }[] = []): Built {
  const escaped = escapeDeep(model);
  // The deep copy split the primary and the home from their entries in regions; join them again.
  const t: Topology = {
    ...escaped,
    primary: escaped.regions.find((r) => r.name === model.primary.name)!,
    home: escaped.regions.find((r) => r.name === model.home.name)!,
  };
  const app = new App({ outdir, stackTraces: false, skipValidation: false, context: { excludeStackIdFromLogicalIds: 'true', allowSepCharsInLogicalIds: 'true' } });
  const workspaces: Workspace[] = [];
  const regions = new Map<string, RegionScope>();
  const aliasesOf = new Map<string, ReturnType<typeof aliasProviders>>();

  // The home first: it manages the key family every other region encrypts with. The home, not the primary: a change of
  // primary must not move the key family (or anything else the home owns) from one workspace to another.
  const ordered = [t.home, ...t.regions.filter((r) => r !== t.home)];
  const families = keyFamilies(t);
  for (const region of ordered) {
    const stack = workspaceStack(app, region.name);
    const state = addBackend(stack, t, region.name, region.name);
    awsProvider(stack, 'aws', t, region, region.name);
    const accountId = accountIdIn(stack, region);
    const providers = aliasProviders(stack, t, region.name);
    aliasesOf.set(region.name, providers);
    const providerFor = (name: string) => providers(t.regions.find((r) => r.name === name)!);
    // Order only: no workspace reads another's state, so each plans on its own during another region's outage.
    // Each account's key family has its primary in the account's key home (the home, in the home's account).
    const family = families.find((f) => f.home === region);
    if (family !== undefined) {
      const arns = keyFamily(stack, t, accountId, region, family.members, providers);
      const keyArn = arns.get(region.name)!;
      regions.set(region.name, { stack, region, kmsKey: keyArn, kmsKeyArn: () => keyArn, providerFor, keyFamilyArns: arns, accountId, alarms: new Map() });
    } else {
      let resolved: string | undefined;
      const kmsKeyArn = () => (resolved ??= keyArnByAlias(stack, t));
      regions.set(region.name, { stack, region, kmsKey: keyAliasArn(t, region.name, accountId), kmsKeyArn, providerFor, accountId, alarms: new Map() });
    }
    requireTerraform(stack, t);
    workspaces.push({ name: region.name, kind: 'region', state });
  }

  const globalStack = workspaceStack(app, 'global');
  // The global workspace's provider works from its state region; an unlisted region borrows the home's credentials.
  const stateRegion: Region = t.regions.find((r) => r.name === t.state.globalRegion) ?? { ...t.home, name: t.state.globalRegion };
  const globalState = addBackend(globalStack, t, 'global', t.state.globalRegion);
  // A routing account of its own (routing.account/roleArn): the default provider, which the zone's records and
  // health checks use, acts as it; the regions' aliases stay their own accounts'.
  const edge = edgeIdentity(t);
  const edgeAs = (name: string) => ({ name, ...(edge.account !== undefined ? { account: edge.account } : {}), ...(edge.roleArn !== undefined ? { roleArn: edge.roleArn } : {}) });
  // With the regions in several accounts, the routing resources are the home's account's (or routing's own), whatever
  // account the state region's workspace deploys to; in one account, the state region's provider is that account's.
  const separate = edge.own || severalRegionAccounts(t);
  awsProvider(globalStack, 'aws', t, separate ? edgeAs(stateRegion.name) : stateRegion, 'global');
  requireTerraform(globalStack, t);
  const globalProviders = aliasProviders(globalStack, t, 'global');
  const edgeProviders = aliasProviders(globalStack, t, 'global', 'routing_');
  const shared = !edge.own && !severalRegionAccounts(t);
  // An alias for every region, used or not: which region global's default provider is in follows the regions' order
  // (state.globalRegion defaults to the last), so without them a `topoform promote` would remove the alias of a
  // region whose replication rule it retires, and Terraform cannot plan the destruction of an object whose
  // provider configuration is gone.
  for (const r of t.regions) globalProviders(r);
  // The home's account: the caller's, asked as the home (the default provider may be routing's own account).
  const homeAccountId = declaredAccount(t.home) ?? named(new DataAwsCallerIdentity(globalStack, 'current', separate ? { provider: globalProviders(t.home) } : {}), 'current').accountId;
  const global: GlobalScope = {
    stack: globalStack,
    accountId: homeAccountId,
    // A region outside the topology (Global Accelerator's us-west-2, CloudFront's certificates in us-east-1)
    // borrows the home's credentials, as the global workspace's own provider does.
    providerFor: (name) => globalProviders(regions.get(name)?.region ?? { ...t.home, name }),
    inAccountOf: (name) => (shared ? {} : { provider: global.providerFor(name) }),
    edge: {
      accountId: edge.account ?? homeAccountId,
      providerFor: (name) => (separate ? edgeProviders(edgeAs(name)) : global.providerFor(name)),
    },
  };
  // Apply order (model/workspaces.ts, which the runbook and pipelines read too).
  const stacks = new Map<string, TerraformStack>([...[...regions].map(([n, s]) => [n, s.stack] as const), ['global', globalStack]]);
  for (const node of workspaceGraph(t)) for (const before of node.after) stacks.get(node.name)!.addDependency(stacks.get(before)!);
  workspaces.push({ name: 'global', kind: 'global', state: globalState });

  const ctx: BuildContext = { topology: t, regions, global };
  const builders = t.data.map((store) => ({ store, builder: builderOf(store) }));
  // Hooks in apply order: what the home region must hold first, each region's own part, then the global wiring.
  const all = [...stacks.values()];
  for (const { store, builder } of builders) {
    const home = regions.get(store.groups.flat().includes(t.home.name) ? t.home.name : store.groups[0]![0]!)!;
    tagged(all, store, () => builder.home?.(store as never, home, ctx));
  }
  for (const { store, builder } of builders) {
    for (const regionName of store.groups.flat()) tagged(all, store, () => builder.regional?.(store as never, regions.get(regionName)!, ctx));
  }
  for (const { store, builder } of builders) tagged(all, store, () => builder.global?.(store as never, ctx));
  if (t.app) for (const scope of regions.values()) buildAppModule(scope, t.app);
  buildJobs(ctx);
  if (t.routing) buildRouting(ctx, t.routing);
  buildAlarms(ctx);
  // Last: a drill's stop conditions are the alarms the builders before it registered in their region's scope.
  buildDrills(ctx);
  for (const gone of retiring) {
    // A region no longer listed acts as it did (its account and role in the previous output), else borrows the home's.
    const as = gone.account !== undefined ? { name: gone.name, account: gone.account, ...(gone.roleArn !== undefined ? { roleArn: gone.roleArn } : {}) } : { ...t.home, name: gone.name };
    for (const providers of aliasesOf.values()) providers(as);
    globalProviders(as);
  }
  return { app, workspaces };
}

/**
 * Runs a store's hook and tags every taggable resource it made with the store's name (`topoform:store`, beside the
 * providers' default `topoform:topology`): a backup store selects the stores it protects by these two tags, so a store's
 * resources are found in every region whichever workspace made them.
 */
function tagged(stacks: readonly TerraformStack[], store: DataStore, hook: () => void): void {
  // Children are kept in the order they were made: what the hook made is past each stack's count before it.
  const before = stacks.map((s) => s.node.children.length);
  hook();
  for (const [i, stack] of stacks.entries()) {
    for (const child of stack.node.children.slice(before[i])) {
      if (!(child instanceof TerraformResource) || !('tagsInput' in child)) continue;
      child.addOverride(`tags.${STORE_TAG}`, store.name);
    }
  }
}

function builderOf(store: DataStore): StoreBuilder<DataStore['type']> {
  const builder = STORE_BUILDERS[store.type] as StoreBuilder<DataStore['type']> | undefined;
  if (!builder) throw new Error(`data store type ${store.type} has no builder; synth should have refused it`);
  return builder;
}
