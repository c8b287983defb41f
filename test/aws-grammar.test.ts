// What AWS accepts at apply, checked at validate: EventBridge Scheduler expressions, Aurora versions, classes and
// global database size. The refusals are also cases in test/invalid; these pin what must still be accepted.
import { describe, expect, it } from 'vitest';
import { scheduleProblem } from '../src/model/schedule';
import { validateText } from '../src/validate';
import { REPLICA_LIMITS } from '../src/analyze/rules/replica-limits';
import { STORE_TYPES } from '../src/model/stores';

describe('EventBridge Scheduler expressions (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html)', () => {
  it.each([
    'rate(1 minute)', 'rate(5 minutes)', 'rate(1 hour)', 'rate(12 hours)', 'rate(1 day)', 'rate(7 days)',
    'cron(0 3 * * ? *)', 'cron(0/15 * * * ? *)', 'cron(0 18 ? * MON-FRI *)', 'cron(0 8 1 * ? *)', 'cron(15 10 ? * 6L 2019-2022)',
    'cron(0 12 L * ? *)', 'cron(0 9 ? * 2#1 *)', 'cron(0 9 15W * ? *)', 'cron(5,35 14 * JAN-MAR ? 2030)', 'cron(*/5 * * * ? *)',
    'at(2027-02-28T09:00:00)', 'at(2028-02-29T23:59:59)',
  ])('accepts %s', (e) => {
    expect(scheduleProblem(e)).toBeUndefined();
  });

  it.each([
    ['rate(1 minutes)', 'singular'], ['rate(5 minute)', 'plural'], ['rate(0 minutes)', 'positive'], ['rate(1 week)', 'unit'],
    ['cron(x)', 'six fields'], ['cron(0 3 * * * *)', '?'], ['cron(0 3 ? * ? *)', '?'], ['cron(60 * * * ? *)', 'minutes 60'],
    ['cron(0 24 * * ? *)', 'hours 24'], ['cron(0 3 32 * ? *)', 'day-of-month 32'], ['cron(0 3 ? * 8 *)', 'day-of-week 8'],
    ['cron(0 3 * * ? 2200)', 'year 2200'], ['cron(0 3 * FOO ? *)', 'month FOO'], ['cron(? 3 * * ? *)', 'minutes cannot be ?'],
    ['at(9999-99-99T99:99:99)', 'month 99'], ['at(2027-02-29T00:00:00)', 'no day 29'], ['at(2027-01-01T24:00:00)', 'time of day'],
    ['at(2027-01-01)', 'yyyy-mm-ddThh:mm:ss'],
  ])('refuses %s', (e, why) => {
    expect(scheduleProblem(e)).toContain(why);
  });
});

const REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1', 'ap-northeast-1', 'ap-southeast-2'];
const aurora = (regions: number, engine: string, version: string, cls?: string) =>
  [
    'version: 1', 'name: claims', 'pattern: active-passive', 'regions:',
    ...REGIONS.slice(0, regions).flatMap((r, i) => [`  - name: ${r}`, `    network: { subnetIds: [subnet-${i}a, subnet-${i}b] }`]),
    'data:', '  - name: claims', '    type: aurora', `    engine: ${engine}`, `    engineVersion: "${version}"`, ...(cls ? [`    instanceClass: ${cls}`] : []), '',
  ].join('\n');
const codes = (text: string) => validateText('topology.yaml', text).diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);

describe('aurora stores as AWS takes them', () => {
  it('a global database of a primary and ten secondaries is accepted, eleven secondaries are TOPO3062', () => {
    expect(codes(aurora(11, 'aurora-postgresql', '16.4'))).toEqual([]);
    expect(codes(aurora(12, 'aurora-postgresql', '16.4'))).toEqual(['TOPO3062']);
  });

  it("accepts each engine's own version format and documented instance classes", () => {
    for (const [engine, version] of [['aurora-postgresql', '16.4'], ['aurora-postgresql', '13.12'], ['aurora-mysql', '8.0.mysql_aurora.3.05.2'], ['aurora-mysql', '5.7.mysql_aurora.2.12.0']]) {
      expect(codes(aurora(2, engine!, version!)), `${engine} ${version}`).toEqual([]);
    }
    for (const cls of ['db.r5.large', 'db.r6g.2xlarge', 'db.r6gd.xlarge', 'db.r7i.48xlarge', 'db.r8g.large', 'db.x2g.16xlarge', 'db.t4g.medium', 'db.t3.medium']) {
      expect(codes(aurora(2, 'aurora-postgresql', '16.4', cls)), cls).toEqual([]);
    }
  });

  it("refuses the other engine's version and a class that does not exist", () => {
    expect(codes(aurora(2, 'aurora-mysql', '16.4'))).toEqual(['TOPO3063']);
    expect(codes(aurora(2, 'aurora-postgresql', '8.0.mysql_aurora.3.05.2'))).toEqual(['TOPO3063']);
    expect(codes(aurora(2, 'aurora-postgresql', '16.4', 'db.m5.large'))).toEqual(['TOPO3063']);
    expect(codes(aurora(2, 'aurora-postgresql', '16.4', 'db.r7g.huge'))).toEqual(['TOPO3063']);
  });
});

describe('AWS names in their scopes (TOPO3019)', () => {
  const base = (extra: string) => ['version: 1', 'name: shop', 'pattern: active-passive', 'regions:', '  - name: us-east-1', '  - name: us-west-2', extra, ''].join('\n');
  const errors = (text: string) => validateText('topology.yaml', text).diagnostics.filter((d) => d.severity === 'error');

  it("an s3 store's bucket that is the state bucket of one region, at the store, naming both", () => {
    const found = errors(base('state: { backend: s3, bucket: "shop-assets-{region}" }\ndata:\n  - name: assets\n    type: s3'));
    expect(found.map((d) => [d.code, d.message, d.range?.line])).toEqual([
      ['TOPO3019', 'the S3 bucket name shop-assets-us-east-1 of s3 store assets is also that of the state bucket', 9],
      ['TOPO3019', 'the S3 bucket name shop-assets-us-west-2 of s3 store assets is also that of the state bucket', 9],
    ]);
    expect(errors(base('state: { backend: s3, bucket: "shop-tfstate-{region}" }\ndata:\n  - name: assets\n    type: s3'))).toEqual([]);
  });

  it("a dynamodb store's table that is the state lock table", () => {
    const found = errors(base('state: { backend: s3, bucket: "shop-tfstate-{region}", lock: { dynamodb: shop-orders } }\ndata:\n  - name: orders\n    type: dynamodb\n    hashKey: { name: id, type: S }'));
    expect(found.map((d) => d.code)).toEqual(['TOPO3019', 'TOPO3019']);
    expect(found[0]!.message).toBe('the DynamoDB table name shop-orders of dynamodb store orders is also that of the state lock table');
  });
});

describe('replica limits of every replicated kind (rule replica-limits, TOPO3062)', () => {
  const topology = (regions: number, store: string[]) =>
    [
      'version: 1', 'name: claims', 'pattern: active-passive', 'regions:',
      ...REGIONS.slice(0, regions).flatMap((r, i) => [`  - name: ${r}`, `    network: { subnetIds: [subnet-${i}a, subnet-${i}b] }`]),
      'data:', '  - name: claims', ...store.map((l) => `    ${l}`), '',
    ].join('\n');
  const errors = (text: string) => validateText('topology.yaml', text).diagnostics.filter((d) => d.severity === 'error');

  // https://docs.aws.amazon.com/AmazonElastiCache/latest/red-ug/Redis-Global-Datastores-Getting-Started.html: "You can
  // set up replication for a primary cluster from one AWS Region to a secondary cluster in up to two other AWS Regions."
  it('a Global Datastore of a primary and two secondaries is accepted; three secondaries are TOPO3062 at mode', () => {
    const cache = (regions: number) => topology(regions, ['type: cache', 'engine: valkey', 'mode: global']);
    expect(errors(cache(3))).toEqual([]);
    const found = errors(cache(4));
    expect(found.map((d) => [d.code, d.range?.line])).toEqual([['TOPO3062', 4 + 2 * 4 + 5]]);
    expect(found[0]!.message).toContain('at most two secondary regions');
    // A per-region cache does not replicate: no limit.
    expect(errors(topology(12, ['type: cache', 'engine: valkey', 'mode: per-region']))).toEqual([]);
  });

  // DynamoDB (eventual consistency): one replica per region, no documented maximum
  // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html); Secrets Manager:
  // "You can replicate secrets across all of your enabled AWS Regions"
  // (https://docs.aws.amazon.com/secretsmanager/latest/userguide/replicate-secrets.html); S3: one rule per destination,
  // up to 1,000 (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ReplicationConfiguration.html); SSM parameters do
  // not replicate.
  it.each([
    ['dynamodb', ['type: dynamodb', 'hashKey: { name: id, type: S }']],
    ['secret', ['type: secret']],
    ['s3', ['type: s3']],
    ['parameter', ['type: parameter', 'value: x']],
  ])('%s across twelve regions is accepted: AWS documents no region limit for it', (_kind, store) => {
    expect(errors(topology(12, store as string[])).map((d) => d.code)).toEqual([]);
  });

  it('every store kind has a row: a limit citing its AWS page, or why there is none, citing its page', () => {
    for (const type of STORE_TYPES) {
      const row = REPLICA_LIMITS[type];
      expect(row.page, type).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
      if (!('none' in row)) expect(row.maxSecondaries, type).toBeGreaterThan(0);
    }
  });
});
