// The registries are the one place a store kind or routing feature is registered: the types demand an entry for
// every kind, and normalize, naming and the not-compiled rule reach a kind only through the registry.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RULES, runRules } from '../../src/analyze/pack';
import { loadText } from '../../src/load/load';
import type { TopologyInput } from '../../src/model/input';
import { plannedNames } from '../../src/model/planned-names';
import { normalize } from '../../src/model/normalize';
import { ROUTING_FEATURE_NAMES, ROUTING_FEATURES, type RoutingFeature, type RoutingFeatureName } from '../../src/model/routing';
import { kindOf, STORE_KINDS, STORE_TYPES, type DataStoreType } from '../../src/model/stores';
import type { StoreKind } from '../../src/model/stores/kind';
import { s3 } from '../../src/model/stores/s3';
import { ROUTING_BUILDERS } from '../../src/stacks/routing/registry';
import { STORE_BUILDERS } from '../../src/stacks/stores';
import { ROOT } from '../helpers/cli';

describe('registries', () => {
  it('a registry without a kind for every store type, or with an unknown one, does not type-check', () => {
    // @ts-expect-error — aurora and the others are missing
    const partial = { s3 } satisfies { [K in DataStoreType]: StoreKind<K> };
    // @ts-expect-error — `stream` is no data store type
    const extra = { ...STORE_KINDS, stream: s3 } satisfies { [K in DataStoreType]: StoreKind<K> };
    // @ts-expect-error — a routing feature without an entry
    const features: Record<RoutingFeatureName, RoutingFeature> = { failover: ROUTING_FEATURES.failover };
    expect([partial, extra, features]).toHaveLength(3);
  });

  describe('a store kind added in a fixture is picked up everywhere through the registry alone', () => {
    const registry = STORE_KINDS as unknown as Record<string, StoreKind<never>>;
    afterEach(() => {
      delete registry['stream'];
    });

    it('normalize, naming and the not-compiled rule use it', () => {
      const calls: string[] = [];
      registry['stream'] = {
        label: 'a test stream',
        normalize: ((input: { name: string }, common: object) => {
          calls.push(`normalize ${input.name}`);
          return { ...common, type: 'stream' };
        }) as never,
        names: ((store: { name: string }, t: { name: string }) => [
          { kind: 'sqsQueue', name: `${t.name}-${store.name}-${'x'.repeat(80)}`, regions: ['us-east-1'], rule: { what: 'stream name', max: 80 } },
        ]) as never,
        needsNetwork: true,
        accounts: { crosses: 'no', page: 'https://docs.aws.amazon.com/', source: 'a test', refuse: () => 'test streams are one account\'s' },
        notCompiled: 'test streams',
      };
      const text = 'version: 1\nname: shop\npattern: active-passive\nregions:\n  - name: us-east-1\n  - name: us-west-2\ndata:\n  - name: jobs\n    type: stream\n';
      const source = loadText('topology.yaml', text).value!;
      const input = source.data as TopologyInput;
      const model = normalize(input);
      expect(calls).toEqual(['normalize jobs']);
      expect(model.data[0]).toMatchObject({ type: 'stream', name: 'jobs', groups: [['us-east-1', 'us-west-2']] });
      expect(plannedNames(model).map((p) => p.rule.what)).toEqual(['stream name']);
      const found = runRules(RULES, source, { input, model }).map((d) => `${d.code} ${d.message}`);
      expect(found).toContain('TOPO4001 data store jobs of type stream (test streams) is not compiled by this version of topoform');
      expect(found).toContain('TOPO3025 stream store jobs needs a network in us-east-1, us-west-2, which have none');
      expect(found.some((f) => f.startsWith('TOPO3008 the stream name shop-jobs-'))).toBe(true);
    });
  });

  it('every routing feature either has a builder or is refused by name when a topology requests it', () => {
    const twoRegions = 'regions:\n  - { name: us-east-1, endpoint: { dnsName: a.us-east-1.elb.amazonaws.com, zoneId: Z35SXDOTRQ7X7K } }\n  - { name: us-west-2, endpoint: { dnsName: b.us-west-2.elb.amazonaws.com, zoneId: Z1H1FL5HABSF5 } }\n';
    const requesting: Record<RoutingFeatureName, string> = {
      failover: 'pattern: active-passive\n' + twoRegions + 'routing: { domain: a.example.com, zone: example.com, policy: failover }\n',
      latency: 'pattern: active-active\n' + twoRegions + 'routing: { domain: a.example.com, zone: example.com, policy: latency }\n',
      geolocation: 'pattern: active-active\n' + twoRegions + 'routing: { domain: a.example.com, zone: example.com, policy: geolocation, geolocation: { us-east-1: [NA, "*"], us-west-2: [EU] } }\n',
      weighted: 'pattern: active-active\n' + twoRegions + 'routing: { domain: a.example.com, zone: example.com, policy: weighted, weights: { us-east-1: 1, us-west-2: 1 } }\n',
      // Global Accelerator adds load balancers by ARN (rule accelerator-endpoints-have-arn).
      accelerator: 'pattern: active-passive\n' + twoRegions.replace(/zoneId: (\w+) \}/g, (_m, zone: string) => `zoneId: ${zone}, arn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/a/0123456789abcdef' }`) + 'routing: { domain: a.example.com, zone: example.com, accelerator: { ports: [443] } }\n',
      cdn: 'pattern: active-passive\n' + twoRegions + 'routing: { domain: a.example.com, zone: example.com, cdn: {} }\n',
      recoveryControl: 'pattern: active-passive\n' + twoRegions + 'routing: { domain: a.example.com, zone: example.com, recoveryControl: true }\n',
    };
    for (const [name, feature] of Object.entries(ROUTING_FEATURES) as [RoutingFeatureName, RoutingFeature][]) {
      const source = loadText('topology.yaml', `version: 1\nname: shop\n${requesting[name]}`).value!;
      const input = source.data as TopologyInput;
      const found = runRules(RULES, source, { input, model: normalize(input) });
      expect(found.filter((d) => d.severity === 'error'), name).toEqual([]);
      const refusals = found.filter((d) => d.code === 'TOPO4001' && d.message.includes(feature.label));
      expect(refusals.length, `${name}: ${feature.notCompiled === undefined ? 'compiled, so not refused' : 'refused, naming it'}`).toBe(feature.notCompiled === undefined ? 0 : 1);
    }
  });
});

describe('the schema', () => {
  it('has a branch for exactly the store kinds of the registry, each with its own definition', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'schema/topology.schema.json'), 'utf8')) as {
      $defs: Record<string, { properties?: { type?: { enum?: string[]; const?: string } }; allOf?: { if: { properties: { type: { const: string } } }; then: { $ref: string } }[] }>;
    };
    const dataStore = schema.$defs['dataStore']!;
    expect([...dataStore.properties!.type!.enum!].sort()).toEqual([...STORE_TYPES].sort());
    const branches = dataStore.allOf!.map((b) => [b.if.properties.type.const, b.then.$ref]);
    expect(branches.map(([type]) => type).sort()).toEqual([...STORE_TYPES].sort());
    for (const [type, ref] of branches) {
      expect(ref).toBe(`#/$defs/${type}Store`);
      expect(schema.$defs[`${type}Store`]?.properties?.type?.const, `${type}Store's type`).toBe(type);
    }
  });
});

describe('the builders, owned by src/stacks', () => {
  it('exist exactly for the kinds and features the model says this version compiles', () => {
    for (const type of STORE_TYPES) expect(STORE_BUILDERS[type] !== undefined, `store kind ${type}`).toBe(kindOf(type).notCompiled === undefined);
    for (const name of ROUTING_FEATURE_NAMES) expect(ROUTING_BUILDERS[name] !== undefined, `routing feature ${name}`).toBe(ROUTING_FEATURES[name].notCompiled === undefined);
  });

  it('are never imported by src/model, which the lazy loaders once did (a 26-file import cycle with src/stacks)', () => {
    const files = (dir: string): string[] =>
      readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
    for (const f of files('src/model')) {
      const text = readFileSync(join(ROOT, f), 'utf8');
      expect(text, f).not.toMatch(/(?:from|require\()\s*'(?:\.\.\/)+stacks\//);
    }
  });
});
