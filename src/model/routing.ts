// The registry of routing features: each Route 53 policy, Global Accelerator, CloudFront and ARC is one entry.
// A feature without an entry is a type error; one this version does not compile (`notCompiled`) is refused by synth,
// naming what the user wrote. The builders are src/stacks/routing/registry.ts's, a map complete over the features.
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
  /** Set while this version does not compile the feature (the builders' registry then maps it to none): why. */
  notCompiled?: string;
  /**
   * Whether the feature works with the routing resources in one account (routing.account) and the regions' load
   * balancers in others, and how: AWS's page (`page`, cited in the code) and its title (`source`, in the docs).
   */
  accounts: { crosses: string; source: string; page: string };
}

// Records in the routing account's zone alias a load balancer of any account by its DNS name and zone id, and the
// health checks probe the endpoints over the internet from the routing account.
const RECORDS_ACROSS_ACCOUNTS = {
  crosses: "yes: records and health checks in the routing account's zone; aliases name each region's load balancer by DNS name and zone id, which any account's zone may",
  source: 'the Route 53 Developer Guide, "Routing traffic to an ELB load balancer"',
  page: 'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-to-elb-load-balancer.html',
};

/**
 * The front door the domain aliases when the topology puts one in front of the regions: Global Accelerator or
 * CloudFront (rule routing-one-front-door refuses both). The Route 53 policy records are then not published at
 * the domain; the per-region health checks still are.
 */
export function frontDoor(routing: { accelerator?: object | undefined; cdn?: object | undefined }): 'accelerator' | 'cdn' | undefined {
  if (routing.accelerator !== undefined) return 'accelerator';
  if (routing.cdn !== undefined) return 'cdn';
  return undefined;
}

function policy(name: RoutingPolicy): RoutingFeature['requestedAt'] {
  return (routing) => {
    // Behind a front door the domain is an alias to it: no policy records are built, so none is requested.
    if (routing.policy !== name || frontDoor(routing) !== undefined) return undefined;
    return routing.policyWritten ? { path: [...routing.path, 'policy'], written: true } : { path: routing.path, written: false };
  };
}

function field(name: 'accelerator' | 'cdn' | 'recoveryControl'): RoutingFeature['requestedAt'] {
  return (routing) => (routing[name] === undefined || routing[name] === false ? undefined : { path: [...routing.path, name], written: true });
}

export const ROUTING_FEATURES: Record<RoutingFeatureName, RoutingFeature> = {
  failover: {
    label: 'Route 53 failover records',
    requestedAt: policy('failover'),
    accounts: RECORDS_ACROSS_ACCOUNTS,
  },
  latency: { label: 'Route 53 latency records', requestedAt: policy('latency'), accounts: RECORDS_ACROSS_ACCOUNTS },
  geolocation: { label: 'Route 53 geolocation records', requestedAt: policy('geolocation'), accounts: RECORDS_ACROSS_ACCOUNTS },
  weighted: { label: 'Route 53 weighted records', requestedAt: policy('weighted'), accounts: RECORDS_ACROSS_ACCOUNTS },
  accelerator: {
    label: 'AWS Global Accelerator',
    requestedAt: field('accelerator'),
    accounts: {
      crosses: "yes: the accelerator in the routing account; each region's account attaches its load balancer to it by a cross-account attachment (made in the global workspace as that account)",
      source: 'the Global Accelerator Developer Guide, "Working with cross-account attachments"',
      page: 'https://docs.aws.amazon.com/global-accelerator/latest/dg/cross-account-resources.html',
    },
  },
  cdn: {
    label: 'CloudFront origin failover',
    requestedAt: field('cdn'),
    accounts: {
      crosses: "yes: the distribution and its certificate in the routing account; the origins are the load balancers' DNS names (custom origins), which any account may serve",
      source: 'the CloudFront Developer Guide, "Use various origins with CloudFront distributions"',
      page: 'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistS3AndCustomOrigins.html',
    },
  },
  recoveryControl: {
    label: 'Route 53 Application Recovery Controller',
    requestedAt: field('recoveryControl'),
    accounts: {
      crosses: "yes: the cluster, the routing controls and the health checks that gate the records are all the routing account's, beside its zone",
      source: 'the Route 53 ARC Developer Guide, "Routing control in Amazon Route 53 ARC"',
      page: 'https://docs.aws.amazon.com/r53recovery/latest/dg/routing-control.html',
    },
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
