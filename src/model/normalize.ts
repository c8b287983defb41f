// Normalize stage: schema-valid input -> typed Topology with the pattern's defaults filled in.
import type { DataStoreInput, RegionInput, TopologyInput } from './input';
import { PATTERNS } from './patterns';
import { partition } from './regions';
import { kindOf, type DataStore, type StoreCommon } from './stores';
import { withBackedUpStores } from './stores/backup';
import type { HealthCheck, Region, Routing, State, Topology } from './types';
import { REQUIREMENTS } from './workspaces';

/** The account a region deploys to, as far as the topology says: `account`, else the account in `roleArn`. */
export function declaredAccount(r: { account?: string; roleArn?: string }): string | undefined {
  return r.account ?? accountOfRole(r.roleArn);
}

export function accountOfRole(roleArn: string | undefined): string | undefined {
  return /^arn:[^:]+:iam::([0-9]{12}):/.exec(roleArn ?? '')?.[1];
}

/** The role a region has: as written, or as its position under the pattern implies. */
export function roleOf(input: TopologyInput, index: number): Region['role'] {
  const region = input.regions[index]!;
  const traits = PATTERNS[input.pattern];
  return region.role ?? (index === 0 ? traits.defaultRoles.first : traits.defaultRoles.rest);
}

export function normalize(input: TopologyInput): Topology {
  const traits = PATTERNS[input.pattern];
  const regions: Region[] = input.regions.map((r, i) => normalizeRegion(input, r, i));
  const primary = regions.find((r) => r.role === 'primary') ?? regions[0]!;
  // A home outside regions is refused by rule references-listed-regions; normalize still gives a model.
  const home = regions.find((r) => r.name === input.home) ?? regions[0]!;
  const topology: Topology = {
    version: 1,
    name: input.name,
    pattern: input.pattern,
    objectives: { ...input.objectives },
    tags: { ...input.tags },
    state: normalizeState(input),
    terraform: { awsProvider: input.terraform?.awsProvider ?? REQUIREMENTS.aws },
    regions,
    primary,
    home,
    partition: partition(primary.name),
    data: withBackedUpStores((input.data ?? []).map((s, i) => normalizeStore(input, regions, s, i))),
    jobs: (input.jobs ?? []).map((j, i) => ({ ...j, path: ['jobs', i] })),
    suppress: [...(input.suppress ?? [])],
    drills: (input.drills ?? []).map((d, i) => ({ ...d, duration: d.duration ?? '30m', path: ['drills', i] })),
  };
  if (input.terraform?.requiredVersion !== undefined) topology.terraform.requiredVersion = input.terraform.requiredVersion;
  if (input.alarms) topology.alarms = { email: [...input.alarms.email] };
  if (input.app) {
    const outputs: NonNullable<Topology['app']>['outputs'] = {
      dnsName: input.app.outputs?.dnsName ?? 'dns_name',
      zoneId: input.app.outputs?.zoneId ?? 'zone_id',
    };
    if (input.app.outputs?.arn) outputs.arn = input.app.outputs.arn;
    topology.app = { module: input.app.module, inputs: { ...input.app.inputs }, outputs };
    if (input.app.version) topology.app.version = input.app.version;
    if (input.app.scale) topology.app.scale = { ...input.app.scale };
  }
  if (input.routing) topology.routing = normalizeRouting(input, traits.defaultPolicy);
  return topology;
}

function normalizeRegion(input: TopologyInput, r: RegionInput, index: number): Region {
  const traits = PATTERNS[input.pattern];
  const role = roleOf(input, index);
  const region: Region = {
    name: r.name,
    role,
    capacity: r.capacity ?? (role === 'secondary' ? traits.secondaryCapacity : 100),
    inputs: { ...r.inputs },
    path: ['regions', index],
  };
  if (r.account !== undefined) region.account = r.account;
  if (r.roleArn !== undefined) region.roleArn = r.roleArn;
  if (r.jurisdiction !== undefined) region.jurisdiction = r.jurisdiction;
  if (r.endpoint) region.endpoint = { ...r.endpoint };
  if (r.network) region.network = { subnetIds: [...r.network.subnetIds], securityGroupIds: [...(r.network.securityGroupIds ?? [])] };
  return region;
}

/** Where the global workspace's state lives: as configured, else the last listed region (never the primary). */
export function globalStateRegion(input: TopologyInput): string {
  return input.state?.globalRegion ?? input.regions[input.regions.length - 1]!.name;
}

/** HCP Terraform's host, Terraform's default for the cloud block. */
export const CLOUD_HOSTNAME = 'app.terraform.io';

function normalizeState(input: TopologyInput): State {
  const s = input.state ?? {};
  const lock = s.lock;
  const state: State = {
    backend: s.backend ?? 'local',
    keyPrefix: s.keyPrefix ?? input.name,
    lock: lock === undefined || lock === 'lockfile' ? { kind: 'lockfile' } : { kind: 'dynamodb', table: lock.dynamodb },
    globalRegion: globalStateRegion(input),
  };
  if (s.bucket !== undefined) state.bucket = s.bucket;
  const account = declaredAccount(s);
  if (account !== undefined) state.account = account;
  if (s.roleArn !== undefined) state.roleArn = s.roleArn;
  if (s.cloud !== undefined) {
    const c = s.cloud;
    state.cloud = { organization: c.organization, workspacePrefix: c.workspacePrefix, tags: [...(c.tags ?? [])], hostname: c.hostname ?? CLOUD_HOSTNAME };
    if (c.project !== undefined) state.cloud.project = c.project;
  }
  return state;
}

function normalizeRouting(input: TopologyInput, defaultPolicy: Routing['policy']): Routing {
  const r = input.routing!;
  const hc = r.healthCheck ?? {};
  const protocol = hc.protocol ?? 'HTTPS';
  const healthCheck: HealthCheck = {
    protocol,
    port: hc.port ?? (protocol === 'HTTP' ? 80 : 443),
    path: hc.path ?? '/health',
    interval: hc.interval ?? 10,
    failureThreshold: hc.failureThreshold ?? 3,
  };
  const routing: Routing = {
    domain: stripDot(r.domain),
    zone: r.zoneId !== undefined ? { id: r.zoneId } : { name: stripDot(r.zone ?? '') },
    policy: r.policy ?? defaultPolicy,
    policyWritten: r.policy !== undefined,
    ttl: r.ttl ?? 60,
    healthCheck,
    recoveryControl: r.recoveryControl ?? false,
    path: ['routing'],
  };
  const account = declaredAccount(r);
  if (account !== undefined) routing.account = account;
  if (r.roleArn !== undefined) routing.roleArn = r.roleArn;
  if (r.geolocation) routing.geolocation = r.geolocation;
  if (r.weights) routing.weights = r.weights;
  if (r.accelerator) {
    routing.accelerator = {
      ports: r.accelerator.ports ?? [443],
      protocol: r.accelerator.protocol ?? 'TCP',
      clientAffinity: r.accelerator.clientAffinity ?? 'NONE',
    };
  }
  if (r.cdn) routing.cdn = { failoverStatusCodes: r.cdn.failoverStatusCodes ?? [500, 502, 503, 504] };
  return routing;
}

function stripDot(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

/** Region sets a store replicates within: per jurisdiction for regulated data under partitioned, else all regions. */
export function replicationGroups(pattern: TopologyInput['pattern'], regions: readonly Pick<Region, 'name' | 'jurisdiction'>[], regulated: boolean): string[][] {
  if (pattern !== 'partitioned' || !regulated) return [regions.map((r) => r.name)];
  const byJurisdiction = new Map<string, string[]>();
  for (const r of regions) {
    const key = r.jurisdiction ?? '';
    byJurisdiction.set(key, [...(byJurisdiction.get(key) ?? []), r.name]);
  }
  return [...byJurisdiction.values()];
}

function normalizeStore(input: TopologyInput, regions: Region[], s: DataStoreInput, index: number): DataStore {
  const regulated = s.regulated ?? false;
  const common: StoreCommon = { name: s.name, regulated, groups: replicationGroups(input.pattern, regions, regulated), path: ['data', index] };
  return kindOf(s.type).normalize(s as never, common, input.pattern);
}
