// The builders of the routing features, owned by the build layer: complete over RoutingFeatureName (a feature without
// an entry is a type error), undefined for one this version does not compile (its `notCompiled` says why). src/model's
// registry (src/model/routing.ts) never imports this layer.
import type { RoutingFeatureName } from '../../model/routing';
import { accelerator } from './accelerator';
import type { RoutingBuilder } from './builder';
import { cdn } from './cdn';
import { failover } from './failover';
import { geolocation, latency, weighted } from './records';
import { recoveryControl } from './recovery-control';

export const ROUTING_BUILDERS: { [N in RoutingFeatureName]: RoutingBuilder | undefined } = { failover, latency, geolocation, weighted, accelerator, cdn, recoveryControl };
