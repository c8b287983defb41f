// TypeScript shape of a schema-valid topology.yaml, field for field as in schema/topology.schema.json.

export type PatternName = 'active-passive' | 'warm-standby' | 'pilot-light' | 'hybrid' | 'active-active' | 'partitioned';
export type RoleName = 'primary' | 'secondary' | 'active';
export type RoutingPolicy = 'failover' | 'latency' | 'geolocation' | 'weighted';
export type Inputs = Record<string, unknown>;

export interface TopologyInput {
  version: 1;
  name: string;
  pattern: PatternName;
  /** The region whose workspace owns what several regions share. @default the first region */
  home?: string;
  objectives?: { rto?: string; rpo?: string; availability?: number; decisionTime?: string };
  tags?: Record<string, string>;
  state?: StateInput;
  terraform?: TerraformInput;
  regions: RegionInput[];
  app?: AppInput;
  routing?: RoutingInput;
  data?: DataStoreInput[];
  jobs?: JobInput[];
  alarms?: { email: string[] };
  suppress?: { rule: string; reason: string }[];
  drills?: DrillInput[];
}

export interface StateInput {
  backend?: 's3' | 'cloud' | 'local';
  bucket?: string;
  keyPrefix?: string;
  lock?: 'lockfile' | { dynamodb: string };
  globalRegion?: string;
  account?: string;
  roleArn?: string;
  cloud?: CloudStateInput;
}

/** The versions every workspace declares, in Terraform's constraint syntax. */
export interface TerraformInput {
  awsProvider?: string;
  requiredVersion?: string;
}

/** HCP Terraform / Terraform Enterprise (`state.backend: cloud`). */
export interface CloudStateInput {
  organization: string;
  workspacePrefix: string;
  tags?: string[];
  hostname?: string;
  project?: string;
}

export interface EndpointInput {
  dnsName: string;
  zoneId: string;
  arn?: string;
}

export interface RegionInput {
  name: string;
  role?: RoleName;
  account?: string;
  roleArn?: string;
  jurisdiction?: string;
  capacity?: number;
  endpoint?: EndpointInput;
  inputs?: Inputs;
  network?: { subnetIds: string[]; securityGroupIds?: string[] };
}

export interface AppInput {
  module: string;
  version?: string;
  inputs?: Inputs;
  scale?: { input: string; full: number };
  outputs?: { dnsName?: string; zoneId?: string; arn?: string };
}

export interface HealthCheckInput {
  protocol?: 'HTTP' | 'HTTPS' | 'TCP';
  port?: number;
  path?: string;
  interval?: 10 | 30;
  failureThreshold?: number;
}

export interface RoutingInput {
  /** The account of the zone, the health checks, ARC and the accelerator (a networking account). */
  account?: string;
  /** The role the global workspace's routing providers assume, in that account. */
  roleArn?: string;
  domain: string;
  zone?: string;
  zoneId?: string;
  policy?: RoutingPolicy;
  ttl?: number;
  healthCheck?: HealthCheckInput;
  geolocation?: Record<string, string[]>;
  weights?: Record<string, number>;
  accelerator?: { ports?: number[]; protocol?: 'TCP' | 'UDP'; clientAffinity?: 'NONE' | 'SOURCE_IP' };
  cdn?: { failoverStatusCodes?: number[] };
  recoveryControl?: boolean;
}

export type { DataStoreInput } from './stores';
import type { DataStoreInput } from './stores';

export interface JobInput {
  name: string;
  schedule: string;
  target: string;
  placement: string;
  input?: string;
}

export interface DrillInput {
  name: string;
  scenario: 'region-isolation' | 'database-failover' | 'pause-replication';
  target: string;
  duration?: string;
}
