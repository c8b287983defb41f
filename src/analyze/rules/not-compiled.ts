// Every part of the topology is compiled by a registered module, read by its command, or reported as not compiled.
// The tables below list what synth compiles; any field not listed is refused by default, so a field added to the
// format is refused until a module compiles it, never silently dropped. "What this version compiles" in
// docs/topology-format.md is generated from them (src/analyze/rules-md.ts, `npm run rules`).
import type { AppInput, EndpointInput, HealthCheckInput, RegionInput, RoutingInput, StateInput, TopologyInput } from '../../model/input';
import { PATTERNS } from '../../model/patterns';
import { ROUTING_FEATURES, requestedFeatures, type RoutingFeatureName } from '../../model/routing';
import { kindOf } from '../../model/stores';
import type { Routing, SourcePath } from '../../model/types';
import type { Rule } from '../rule';

/** Top-level fields that belong to a command rather than to synth, and that command. */
export const COMMAND_FIELDS = { objectives: 'topoform check', suppress: 'topoform check' } as const satisfies Partial<Record<keyof TopologyInput, string>>;

export type Handling = 'compiled' | 'command' | { refused: string };

export const TOP: Record<keyof TopologyInput, Handling | 'per-entry'> = {
  version: 'compiled',
  name: 'compiled',
  pattern: 'compiled',
  home: 'compiled',
  tags: 'compiled',
  state: 'compiled',
  terraform: 'compiled',
  objectives: 'command',
  suppress: 'command',
  regions: 'per-entry',
  routing: 'per-entry',
  data: 'per-entry',
  app: 'compiled',
  jobs: 'compiled',
  alarms: 'compiled',
  drills: 'compiled',
};

export const REGION_FIELDS: Record<keyof RegionInput, Handling | 'attached-stores'> = {
  name: 'compiled',
  role: 'compiled',
  account: 'compiled',
  roleArn: 'compiled',
  jurisdiction: 'compiled',
  capacity: 'compiled', // the pattern's capacity rules; scales app.module (app.scale)
  endpoint: 'compiled',
  inputs: 'compiled',
  network: 'attached-stores', // compiled where a store of a compiled kind attaches to it, or a region-isolation drill targets the region
};

/** Fields of nested maps synth compiles whole; a field added to one of these inputs is refused until listed here. */
export const STATE_FIELDS: Record<keyof StateInput, 'compiled'> = {
  backend: 'compiled',
  bucket: 'compiled',
  keyPrefix: 'compiled',
  lock: 'compiled',
  globalRegion: 'compiled',
  account: 'compiled',
  roleArn: 'compiled',
  cloud: 'compiled',
};
export const APP_FIELDS: Record<keyof AppInput, 'compiled'> = { module: 'compiled', version: 'compiled', inputs: 'compiled', scale: 'compiled', outputs: 'compiled' };
export const ENDPOINT_FIELDS: Record<keyof EndpointInput, 'compiled'> = { dnsName: 'compiled', zoneId: 'compiled', arn: 'compiled' };
export const HEALTH_CHECK_FIELDS: Record<keyof HealthCheckInput, 'compiled'> = { protocol: 'compiled', port: 'compiled', path: 'compiled', interval: 'compiled', failureThreshold: 'compiled' };

function nested(value: object | undefined, fields: Record<string, 'compiled'>, path: SourcePath, refuse: (path: SourcePath, what: string) => void): void {
  for (const field of Object.keys(value ?? {})) {
    if (!(field in fields)) refuse([...path, field], `${path.join('.').replace(/\.(\d+)/g, '[$1]')}.${field}`);
  }
}

/** Routing fields every feature shares, and the feature that owns each of the others. */
export const ROUTING_FIELDS: Record<keyof RoutingInput, 'compiled' | RoutingFeatureName | 'policy'> = {
  account: 'compiled',
  roleArn: 'compiled',
  domain: 'compiled',
  zone: 'compiled',
  zoneId: 'compiled',
  ttl: 'compiled',
  healthCheck: 'compiled',
  policy: 'policy',
  geolocation: 'geolocation',
  weights: 'weighted',
  accelerator: 'accelerator',
  cdn: 'cdn',
  recoveryControl: 'recoveryControl',
};

const HINT = 'topoform synth refuses it; remove it to synthesize the rest (validate checks it already)';

export const notCompiled: Rule = {
  id: 'not-compiled',
  code: 'TOPO4001',
  // A warning for validate; synth turns every TOPO4001 into an error and writes nothing.
  severity: 'warning',
  summary: 'Every part of the topology is compiled by this version, or reported as not compiled.',
  check({ input, model }, report) {
    const refuse = (path: SourcePath, what: string, hint = HINT) => report(path, `${what} is not compiled by this version of topoform`, hint, { key: true });
    for (const [field, value] of Object.entries(input)) {
      const handling = TOP[field as keyof TopologyInput] ?? { refused: field };
      if (value === undefined || handling === 'compiled' || handling === 'per-entry') continue;
      if (handling === 'command') {
        if (!(field in COMMAND_FIELDS)) refuse([field], field);
        continue;
      }
      refuse([field], handling.refused);
    }
    nested(input.state, STATE_FIELDS, ['state'], refuse);
    nested(input.app, APP_FIELDS, ['app'], refuse);
    nested(input.routing?.healthCheck, HEALTH_CHECK_FIELDS, ['routing', 'healthCheck'], refuse);
    input.regions.forEach((region, i) => {
      nested(region.endpoint, ENDPOINT_FIELDS, ['regions', i, 'endpoint'], refuse);
      for (const field of Object.keys(region)) {
        const handling = REGION_FIELDS[field as keyof RegionInput] ?? { refused: field };
        if (handling === 'attached-stores') {
          const attached = model.data.some((s) => kindOf(s.type).needsNetwork && kindOf(s.type).notCompiled === undefined && s.groups.flat().includes(region.name));
          // A region-isolation drill there cuts these subnets off from the other regions (its FIS targets).
          const isolated = model.drills.some((d) => d.scenario === 'region-isolation' && d.target === region.name);
          if (!attached && !isolated) refuse(['regions', i, field], `regions[${i}].${field} (the subnets aurora and cache stores attach to, or a region-isolation drill cuts off)`);
          continue;
        }
        if (handling !== 'compiled' && handling !== 'command') refuse(['regions', i, field], `regions[${i}].${handling.refused}`);
      }
    });
    model.data.forEach((store) => {
      const kind = kindOf(store.type);
      if (kind.notCompiled !== undefined) {
        refuse([...store.path, 'type'], `data store ${store.name} of type ${store.type} (${kind.notCompiled ?? kind.label})`, `${HINT.replace('remove it', `remove ${store.name} from data`)}`);
      }
    });
    if (input.routing && model.routing) routingNotCompiled(input, input.routing, model.routing, refuse);
  },
};

function routingNotCompiled(input: TopologyInput, routing: RoutingInput, model: Routing, refuse: (path: SourcePath, what: string, hint?: string) => void): void {
  for (const field of Object.keys(routing)) {
    if (!(field in ROUTING_FIELDS)) refuse(['routing', field], `routing.${field}`);
  }
  const traits = PATTERNS[input.pattern];
  const compiledPolicies = traits.allowedPolicies.filter((p) => ROUTING_FEATURES[p].notCompiled === undefined);
  const policyHint = compiledPolicies.length > 0
    ? `set routing.policy: ${compiledPolicies.join(' or ')}, which ${input.pattern} allows and this version compiles, or remove routing to synthesize the rest`
    : `this version compiles no routing policy that ${input.pattern} allows; remove routing to synthesize the rest`;
  for (const f of requestedFeatures(model)) {
    if (f.feature.notCompiled === undefined) continue;
    const isPolicy = f.name === 'failover' || f.name === 'latency' || f.name === 'geolocation' || f.name === 'weighted';
    if (!isPolicy) refuse(f.path, `routing.${f.name} (${f.feature.label})`);
    else if (f.written) refuse(f.path, `routing.policy ${f.name} (${f.feature.label})`, policyHint);
    else refuse(f.path, `routing under pattern ${input.pattern}, whose default policy is ${f.name} (${f.feature.label}),`, policyHint);
  }
}
