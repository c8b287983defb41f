// The typed topology model: a schema-valid input with every default the pattern implies filled in.
import type { DrillInput, EndpointInput, Inputs, JobInput, PatternName, RoleName, RoutingPolicy } from './input';
import type { Partition } from './regions';

/** Path of a value in the topology (JSON Pointer segments), kept so findings can point at the source. */
export type SourcePath = readonly (string | number)[];

export interface Topology {
  version: 1;
  name: string;
  pattern: PatternName;
  objectives: { rto?: string; rpo?: string; availability?: number; decisionTime?: string };
  tags: Record<string, string>;
  state: State;
  /**
   * The constraints every workspace declares: `awsProvider` as written or REQUIREMENTS.aws; `requiredVersion` only as
   * written (absent: REQUIREMENTS.terraform, raised to 1.11 in a workspace holding an Aurora writer).
   */
  terraform: { awsProvider: string; requiredVersion?: string };
  /** In the order written: the first is the primary (or, for all-active patterns, the home of primary-only resources). */
  regions: Region[];
  /** The primary region (the writer); for all-active patterns the first region. */
  primary: Region;
  /**
   * The region whose workspace owns what several regions share (the key family, global clusters and tables, secrets,
   * DSQL, Global Datastores): `home` as written, else the first region. It does not follow the primary, so a change of
   * primary (`topoform promote`) moves none of them.
   */
  home: Region;
  partition: Partition;
  app?: App;
  routing?: Routing;
  data: DataStore[];
  jobs: (JobInput & { path: SourcePath })[];
  alarms?: { email: string[] };
  suppress: { rule: string; reason: string }[];
  drills: (Required<DrillInput> & { path: SourcePath })[];
}

export interface State {
  backend: 's3' | 'cloud' | 'local';
  /** Bucket name template, `{region}` still in it. Present with backend s3. */
  bucket?: string;
  keyPrefix: string;
  lock: { kind: 'lockfile' } | { kind: 'dynamodb'; table: string };
  /** Region that holds the global workspace's state: never the primary. With backend cloud, unused (HCP is outside every AWS region). */
  globalRegion: string;
  /** Present with backend cloud. */
  cloud?: CloudState;
  /** The state buckets' account, as declared (`account`, else the account of `roleArn`); backend s3 only. */
  account?: string;
  /** The role the S3 backend assumes; backend s3 only. */
  roleArn?: string;
}

/** HCP Terraform / Terraform Enterprise: one HCP workspace `<workspacePrefix><workspace>` per generated workspace. */
export interface CloudState {
  organization: string;
  workspacePrefix: string;
  tags: string[];
  hostname: string;
  project?: string;
}

export interface Region {
  name: string;
  role: RoleName;
  account?: string;
  roleArn?: string;
  jurisdiction?: string;
  /** % of full app capacity kept running. */
  capacity: number;
  endpoint?: EndpointInput;
  inputs: Inputs;
  network?: { subnetIds: string[]; securityGroupIds: string[] };
  path: SourcePath;
}

export interface App {
  module: string;
  version?: string;
  inputs: Inputs;
  scale?: { input: string; full: number };
  outputs: { dnsName: string; zoneId: string; arn?: string };
}

export interface HealthCheck {
  protocol: 'HTTP' | 'HTTPS' | 'TCP';
  port: number;
  path: string;
  interval: 10 | 30;
  failureThreshold: number;
}

export interface Routing {
  /** The account of the zone, health checks, ARC and accelerator, as declared (`account`, else `roleArn`'s). */
  account?: string;
  /** The role the global workspace's routing providers assume. */
  roleArn?: string;
  domain: string;
  zone: { name: string } | { id: string };
  policy: RoutingPolicy;
  /** The topology names the policy (else the pattern chose it): refusals point at what the user wrote. */
  policyWritten: boolean;
  ttl: number;
  healthCheck: HealthCheck;
  geolocation?: Record<string, string[]>;
  weights?: Record<string, number>;
  accelerator?: { ports: number[]; protocol: 'TCP' | 'UDP'; clientAffinity: 'NONE' | 'SOURCE_IP' };
  cdn?: { failoverStatusCodes: number[] };
  recoveryControl: boolean;
  path: SourcePath;
}

export type { DataStore, DataStoreType, StoreOf } from './stores';
import type { DataStore } from './stores';
