// What each disaster-recovery pattern implies: roles, capacity, routing policy and replication direction.
import type { PatternName, RoleName, RoutingPolicy } from './input';

export interface PatternTraits {
  /** Role of the first region and of the others when the topology does not say. */
  defaultRoles: { first: RoleName; rest: RoleName };
  allowedRoles: readonly RoleName[];
  /** Exactly one primary, listed first. */
  needsPrimary: boolean;
  /** Default capacity of a secondary region, in %. */
  secondaryCapacity: number;
  /** What a secondary's capacity must satisfy, with the words for the error. */
  secondaryCapacityRule?: { test: (capacity: number) => boolean; expected: string; instead: string };
  defaultPolicy: RoutingPolicy;
  allowedPolicies: readonly RoutingPolicy[];
  /** Default direction of S3 replication. */
  s3Direction: 'one-way' | 'two-way';
}

const failoverBase = {
  defaultRoles: { first: 'primary', rest: 'secondary' },
  allowedRoles: ['primary', 'secondary'],
  needsPrimary: true,
  defaultPolicy: 'failover',
  allowedPolicies: ['failover', 'weighted'],
  s3Direction: 'one-way',
} as const;

export const PATTERNS: Record<PatternName, PatternTraits> = {
  'active-passive': {
    ...failoverBase,
    secondaryCapacity: 100,
    secondaryCapacityRule: { test: (c) => c === 100, expected: 'runs secondaries at full capacity (100)', instead: 'use pattern warm-standby for a scaled-down standby' },
  },
  'warm-standby': {
    ...failoverBase,
    secondaryCapacity: 25,
    secondaryCapacityRule: { test: (c) => c > 0 && c < 100, expected: 'runs secondaries at a capacity between 0 and 100 (exclusive)', instead: 'use active-passive for a full-capacity standby, pilot-light for none' },
  },
  'pilot-light': {
    ...failoverBase,
    secondaryCapacity: 0,
    secondaryCapacityRule: { test: (c) => c === 0, expected: 'runs no app capacity in secondaries (capacity 0)', instead: 'use warm-standby to keep some capacity running' },
  },
  hybrid: {
    defaultRoles: { first: 'primary', rest: 'active' },
    allowedRoles: ['primary', 'active'],
    needsPrimary: true,
    secondaryCapacity: 100,
    defaultPolicy: 'latency',
    allowedPolicies: ['latency', 'geolocation', 'weighted'],
    s3Direction: 'one-way',
  },
  'active-active': {
    defaultRoles: { first: 'active', rest: 'active' },
    allowedRoles: ['active'],
    needsPrimary: false,
    secondaryCapacity: 100,
    defaultPolicy: 'latency',
    allowedPolicies: ['latency', 'geolocation', 'weighted'],
    s3Direction: 'two-way',
  },
  partitioned: {
    defaultRoles: { first: 'active', rest: 'active' },
    allowedRoles: ['active'],
    needsPrimary: false,
    secondaryCapacity: 100,
    defaultPolicy: 'geolocation',
    allowedPolicies: ['geolocation'],
    s3Direction: 'two-way',
  },
};
