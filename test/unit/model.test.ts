// Pattern defaults, replication groups, naming limits and the region list the schema and the model share.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TopologyInput } from '../../src/model/input';
import { nameProblem } from '../../src/model/naming';
import { plannedNames } from '../../src/model/planned-names';
import { normalize, replicationGroups } from '../../src/model/normalize';
import { ALL_REGIONS, commonRegionSet } from '../../src/model/regions';
import { escapeDeep, escapeTemplate } from '../../src/stacks/escape';
import { didYouMean } from '../../src/validate/suggest';
import { ROOT } from '../helpers/cli';

const base = (pattern: TopologyInput['pattern'], extra: Partial<TopologyInput> = {}): TopologyInput => ({
  version: 1,
  name: 'shop',
  pattern,
  regions: [{ name: 'us-east-1' }, { name: 'us-west-2' }, { name: 'us-east-2' }],
  ...extra,
});

describe('normalize', () => {
  it.each([
    ['active-passive', ['primary', 'secondary', 'secondary'], [100, 100, 100], 'failover', 'one-way'],
    ['warm-standby', ['primary', 'secondary', 'secondary'], [100, 25, 25], 'failover', 'one-way'],
    ['pilot-light', ['primary', 'secondary', 'secondary'], [100, 0, 0], 'failover', 'one-way'],
    ['hybrid', ['primary', 'active', 'active'], [100, 100, 100], 'latency', 'one-way'],
    ['active-active', ['active', 'active', 'active'], [100, 100, 100], 'latency', 'two-way'],
    ['partitioned', ['active', 'active', 'active'], [100, 100, 100], 'geolocation', 'two-way'],
  ] as const)('%s fills roles, capacity, routing policy and S3 direction', (pattern, roles, capacity, policy, direction) => {
    const t = normalize(base(pattern, { routing: { domain: 'a.example.com', zone: 'example.com' }, data: [{ name: 'media', type: 's3' }] }));
    expect(t.regions.map((r) => r.role)).toEqual(roles);
    expect(t.regions.map((r) => r.capacity)).toEqual(capacity);
    expect(t.routing?.policy).toBe(policy);
    expect(t.data[0]).toMatchObject({ type: 's3', direction });
    expect(t.primary.name).toBe('us-east-1');
  });

  it('keeps what the topology says over the defaults', () => {
    const t = normalize(base('warm-standby', { regions: [{ name: 'us-east-1' }, { name: 'us-west-2', capacity: 40 }] }));
    expect(t.regions[1]!.capacity).toBe(40);
  });

  it('puts the global state in the last region unless told otherwise', () => {
    expect(normalize(base('active-passive')).state.globalRegion).toBe('us-east-2');
    expect(normalize(base('active-passive', { state: { globalRegion: 'eu-west-1' } })).state.globalRegion).toBe('eu-west-1');
  });

  it('splits regulated data by jurisdiction only under partitioned', () => {
    const regions = [
      { name: 'eu-west-1', jurisdiction: 'eu' },
      { name: 'us-east-1', jurisdiction: 'us' },
      { name: 'eu-central-1', jurisdiction: 'eu' },
    ];
    expect(replicationGroups('partitioned', regions, true)).toEqual([['eu-west-1', 'eu-central-1'], ['us-east-1']]);
    expect(replicationGroups('partitioned', regions, false)).toEqual([['eu-west-1', 'us-east-1', 'eu-central-1']]);
    expect(replicationGroups('active-active', regions, true)).toEqual([['eu-west-1', 'us-east-1', 'eu-central-1']]);
  });
});

describe('naming', () => {
  it('finds names over the AWS limits', () => {
    const t = normalize(base('active-passive', { name: 'a-very-long-topology-nm', data: [{ name: 'an-even-longer-store-name-here', type: 's3' }] }));
    const problems = plannedNames(t).map((p) => [p.name, nameProblem(p)]).filter(([, p]) => p);
    expect(problems).toContainEqual(['a-very-long-topology-nm-an-even-longer-store-name-here-us-east-1', 'would be 64 characters; AWS allows 63']);
  });
});

describe('regions', () => {
  it('the schema accepts exactly the regions the model knows', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'schema/topology.schema.json'), 'utf8')) as { $defs: { region: { enum: string[] } } };
    expect(schema.$defs.region.enum).toEqual([...ALL_REGIONS]);
  });
  it('finds the common strong-consistency region set', () => {
    expect(commonRegionSet('dynamodb', ['us-east-1', 'us-east-2', 'us-west-2'])).toBe('US');
    expect(commonRegionSet('dynamodb', ['us-east-1', 'eu-west-1'])).toBeUndefined();
  });
});

describe('escaping and suggestions', () => {
  it('escapes Terraform template sequences everywhere in a value', () => {
    expect(escapeTemplate('a${b}%{c}$d')).toBe('a$${b}%%{c}$d');
    expect(escapeDeep({ x: ['${y}'], n: 1 })).toEqual({ x: ['$${y}'], n: 1 });
  });
  it('suggests near misses only', () => {
    expect(didYouMean('rol', ['role', 'name'])).toBe('role');
    expect(didYouMean('us-east-7', ALL_REGIONS)).toBe('us-east-1');
    expect(didYouMean('banana', ['role', 'name'])).toBeUndefined();
    // Two letters swapped are one edit, as a typist makes them.
    expect(didYouMean('naem', ['name', 'role'])).toBe('name');
    expect(didYouMean('tpye', ['type'])).toBe('type');
  });
});

describe('names topoform chooses', () => {
  it('fits the replication role into IAM 64 characters with a stable hash', async () => {
    const { fit, names } = await import('../../src/model/naming');
    expect(fit('short', 64)).toBe('short');
    const long = names.replicationRole('payments-settlement-eu', 'merchant-settlement-archive', 'ap-southeast-1');
    expect(long.length).toBeLessThanOrEqual(64);
    expect(long).toMatch(/^payments-settlement-eu-merchant-settlement-archive-s3repl-[0-9a-f]{8}$|^payments-settlement-eu-merchant-settlement-archive-s3r[a-z-]*-[0-9a-f]{8}$/);
    expect(names.replicationRole('payments-settlement-eu', 'merchant-settlement-archive', 'ap-southeast-1')).toBe(long);
    expect(names.replicationRole('payments-settlement-eu', 'merchant-settlement-archive', 'ap-southeast-2')).not.toBe(long);
  });
});
