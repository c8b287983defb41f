// The registry of routing features: each Route 53 policy, Global Accelerator, CloudFront and ARC is one entry.
// A feature without an entry is a type error; one without a builder is refused by synth, naming what the user wrote.
import type { RoutingBuilder } from '../stacks/routing/builder';
import type { RoutingPolicy } from './input';
import type { Routing, SourcePath } from './types';

export type RoutingFeatureName = RoutingPolicy | 'accelerator' | 'cdn' | 'recoveryControl';

export interface RoutingFeature {
  /** What the feature is, for messages. */
  label: string;
  /**
   * Where the topology asks for the feature: the field the user wrote, or, for a policy the pattern chose,
   * the `routing` key. Undefined when the topology does not use it.
   */
  requestedAt(routing: Routing): { path: SourcePath; written: boolean } | undefined;
  /** The builder, loaded on first use (it pulls in cdktf). Absent while this version does not compile the feature. */
  stacks?: () => RoutingBuilder;
}

function policy(name: RoutingPolicy): RoutingFeature['requestedAt'] {
  return (routing) => {
    if (routing.policy !== name) return undefined;
    return routing.policyWritten ? { path: [...routing.path, 'policy'], written: true } : { path: routing.path, written: false };
  };
}

function field(name: 'accelerator' | 'cdn' | 'recoveryControl'): RoutingFeature['requestedAt'] {
  return (routing) => (routing[name] === undefined || routing[name] === false ? undefined : { path: [...routing.path, name], written: true });
}

const records = () => require('../stacks/routing/records') as typeof import('../stacks/routing/records');

/**
 * What holds the routing domain: Global Accelerator or CloudFront when present (the domain is an alias to it and
 * no policy records are published there), else the policy's Route 53 records.
 */
export function frontDoor(routing: Pick<Routing, 'accelerator' | 'cdn'>): 'accelerator' | 'cdn' | undefined {
  if (routing.accelerator) return 'accelerator';
  if (routing.cdn) return 'cdn';
  return undefined;
}

export const ROUTING_FEATURES: Record<RoutingFeatureName, RoutingFeature> = {
  failover: {
    label: 'Route 53 failover records',
    requestedAt: policy('failover'),
    stacks: () => (require('../stacks/routing/failover') as typeof import('../stacks/routing/failover')).failover,
  },
  latency: { label: 'Route 53 latency records', requestedAt: policy('latency'), stacks: () => records().latency },
  geolocation: { label: 'Route 53 geolocation records', requestedAt: policy('geolocation'), stacks: () => records().geolocation },
  weighted: { label: 'Route 53 weighted records', requestedAt: policy('weighted'), stacks: () => records().weighted },
  accelerator: { label: 'AWS Global Accelerator', requestedAt: field('accelerator') },
  cdn: { label: 'CloudFront origin failover', requestedAt: field('cdn') },
  recoveryControl: {
    label: 'Route 53 Application Recovery Controller',
    requestedAt: field('recoveryControl'),
    stacks: () => (require('../stacks/routing/recovery-control') as typeof import('../stacks/routing/recovery-control')).recoveryControl,
  },
};

export const ROUTING_FEATURE_NAMES = Object.keys(ROUTING_FEATURES) as RoutingFeatureName[];

/** The features a topology uses, in registry order. */
export function requestedFeatures(routing: Routing): { name: RoutingFeatureName; feature: RoutingFeature; path: SourcePath; written: boolean }[] {
  const out = [];
  for (const name of ROUTING_FEATURE_NAMES) {
    const feature: RoutingFeature = ROUTING_FEATURES[name];
    const at = feature.requestedAt(routing);
    if (at) out.push({ name, feature, ...at });
  }
  return out;
}
