// The lints of `topoform check`: for every lint a compliant topology (no finding of its code) and a non-compliant one
// (exactly the expected finding, at the file:line:column of what is at fault). RULES.md is what they generate.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COVERED, LINTS, type Lint } from '../src/analyze/lints';
import { RULES } from '../src/analyze/pack';
import { rulesMarkdown } from '../src/analyze/rules-md';
import { CODES } from '../src/diagnostics/codes';
import { formatDuration, parseDuration } from '../src/model/duration';
import { ROOT } from './helpers/cli';
import { lintText, type Finding } from './helpers/lint';

const REGION = {
  'us-east-1': '  - name: us-east-1\n    endpoint: { dnsName: c.us-east-1.elb.amazonaws.com, zoneId: Z35SXDOTRQ7X7K, arn: "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/shop/0123456789abcdef" }\n    network: { subnetIds: [subnet-0c1, subnet-0c2] }\n',
  'us-east-2': '  - name: us-east-2\n    endpoint: { dnsName: a.us-east-2.elb.amazonaws.com, zoneId: Z3AADJGX6KTTL2, arn: "arn:aws:elasticloadbalancing:us-east-2:111111111111:loadbalancer/app/shop/0123456789abcdef" }\n    network: { subnetIds: [subnet-0a1, subnet-0a2] }\n',
  'us-west-2': '  - name: us-west-2\n    endpoint: { dnsName: b.us-west-2.elb.amazonaws.com, zoneId: Z1H1FL5HABSF5, arn: "arn:aws:elasticloadbalancing:us-west-2:111111111111:loadbalancer/app/shop/0123456789abcdef" }\n    network: { subnetIds: [subnet-0b1, subnet-0b2] }\n',
} as const;

interface Parts {
  pattern: string;
  /** Top-level blocks, each with its key, or '' to leave it out. */
  objectives: string;
  state: string;
  regions: (keyof typeof REGION)[];
  /** Lines inside routing (indented by two), after domain and zone; routing: false leaves routing out. */
  routing: string | false;
  data: string;
  jobs: string;
  alarms: string;
  drills: string;
}

/** A topology that no lint finds anything in; each test changes the part its lint is about. */
function topo(parts: Partial<Parts> = {}): string {
  const p: Parts = {
    pattern: 'active-passive',
    objectives: '',
    state: 'state: { backend: s3, bucket: "acme-tfstate-{region}" }\n',
    regions: ['us-east-2', 'us-west-2'],
    routing: '',
    data: '',
    jobs: '',
    alarms: 'alarms: { email: [oncall@example.com] }\n',
    drills: `drills:\n  - { name: outage, scenario: region-isolation, target: ${parts.regions?.[0] ?? 'us-east-2'} }\n`,
    ...parts,
  };
  return (
    `version: 1\nname: shop\npattern: ${p.pattern}\n${p.objectives}${p.state}regions:\n${p.regions.map((r) => REGION[r]).join('')}` +
    (p.routing === false ? '' : `routing:\n  domain: shop.example.com\n  zone: example.com\n${p.routing}`) +
    `${p.data ? `data:\n${p.data}` : ''}${p.jobs ? `jobs:\n${p.jobs}` : ''}${p.alarms}${p.drills}`
  );
}

/** The findings of one lint; the topology must validate (a lint never sees one that does not). */
function run(lint: Lint, text: string): Finding[] {
  const { findings, validate } = lintText(text);
  expect(validate.filter((d) => d.severity === 'error'), 'the test topology validates').toEqual([]);
  return findings.filter((f) => f.code === lint.code);
}

function lint(id: string): Lint {
  const found = LINTS.find((l) => l.id === id);
  if (!found) throw new Error(`no lint ${id}`);
  return found;
}

/** Exactly one finding of the lint, at `at` (line:column), starting at `token`, its message containing `message`. */
function expectOne(id: string, text: string, at: string, token: string, message: string | RegExp): Finding {
  const l = lint(id);
  const findings = run(l, text);
  expect(findings.map((f) => `${f.at} ${f.token}`)).toEqual([`topology.yaml:${at} ${token}`]);
  expect(findings[0]!.message).toMatch(message);
  expect(findings[0]!.severity).toBe(l.severity);
  expect(findings[0]!.hint).toBeTruthy();
  return findings[0]!;
}

function expectNone(id: string, text: string): void {
  expect(run(lint(id), text)).toEqual([]);
}

describe('the lints', () => {
  const dir = join(ROOT, 'src/analyze/lints');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'lint.ts').sort();

  it('are one per file, named by id, all in LINTS, each with its own TOPO6xxx code', async () => {
    const fromFiles: string[] = [];
    for (const file of files) {
      const exported = Object.values(await import(join(dir, file))).filter((v): v is Lint => typeof v === 'object' && v !== null && 'check' in v);
      expect(exported.map((r) => r.id), file).toEqual([file.replace(/\.ts$/, '')]);
      fromFiles.push(...exported.map((l) => l.id));
      expect(readFileSync(join(dir, file), 'utf8'), file).toMatch(/^\/\/ \S/);
    }
    expect(LINTS.map((l) => l.id).sort()).toEqual(fromFiles.sort());
    const codes = LINTS.map((l) => l.code);
    expect(new Set(codes).size, 'one code per lint').toBe(codes.length);
    for (const l of LINTS) {
      expect(l.code, l.id).toMatch(/^TOPO6\d{3}$/);
      expect(CODES[l.code], l.id).toBeDefined();
      expect(l.summary, l.id).toMatch(/^[A-Za-z].*\.$/);
      expect(l.hint, l.id).toBeTruthy();
      expect(RULES.some((r) => r.code === l.code || r.id === l.id), `${l.id} is not also a validate rule`).toBe(false);
    }
  });

  it('find nothing in the clean topology every test starts from', () => {
    const { findings, validate } = lintText(topo());
    // us-west-2's network is there for the tests whose stores attach to it; here nothing does, so validate notes it.
    expect(validate.filter((d) => d.code !== 'TOPO4001')).toEqual([]);
    // But the note every drill that cuts a network off carries (a one-time quota step check cannot see done).
    expect(findings.map((f) => f.code)).toEqual(['TOPO6017']);
  });

  it('each has a describe block below', () => {
    const src = readFileSync(join(ROOT, 'test/lints.test.ts'), 'utf8');
    for (const l of LINTS) expect(src, l.id).toContain(`describe('${l.id}'`);
  });

  it('name existing validate rules for what they leave to validate', () => {
    for (const c of COVERED) {
      if (!('code' in c.by)) continue;
      const by = c.by;
      expect(RULES.some((r) => r.id === by.id && r.code === by.code), `${by.id} ${by.code}`).toBe(true);
    }
  });
});

describe('the lints on the examples', () => {
  for (const name of readdirSync(join(ROOT, 'examples')).sort()) {
    it(`${name}: run without an internal error, and find only their own codes`, () => {
      const { findings } = lintText(readFileSync(join(ROOT, 'examples', name, 'topology.yaml'), 'utf8'));
      expect(findings.filter((f) => !/^TOPO6\d{3}$/.test(f.code))).toEqual([]);
      // No warning whose advice the example already follows: partitioned serves its countries and its continent from
      // different regions of a jurisdiction, as TOPO6015's hint asks.
      expect(findings.filter((f) => f.code === 'TOPO6015')).toEqual([]);
    });
  }
});

describe('RULES.md', () => {
  it('is what npm run rules generates', () => {
    expect(readFileSync(join(ROOT, 'RULES.md'), 'utf8'), 'RULES.md is stale: run npm run rules').toBe(rulesMarkdown());
  });

  it('lists every lint and every validate rule', () => {
    const md = rulesMarkdown();
    for (const r of [...LINTS, ...RULES]) expect(md).toContain(`| \`${r.code}\` | \`${r.id}\` | ${r.severity} |`);
  });
});

describe('durations', () => {
  it('parse the units of the format and print back', () => {
    expect([parseDuration('500ms'), parseDuration('30s'), parseDuration('5m'), parseDuration('1h')]).toEqual([500, 30_000, 300_000, 3_600_000]);
    expect(parseDuration('5 m')).toBeUndefined();
    expect(parseDuration(undefined)).toBeUndefined();
    expect([formatDuration(90_000), formatDuration(300_000), formatDuration(7_200_000), formatDuration(500)]).toEqual(['90 s', '5 min', '2 h', '500 ms']);
  });
});

describe('detection-fits-rto', () => {
  const id = 'detection-fits-rto';
  it('is quiet when detection and DNS fit the RTO', () => {
    // 10 s x (2 + 1) + 60 s = 90 s
    expectNone(id, topo({ objectives: 'objectives: { rto: 90s }\n', routing: '  healthCheck: { interval: 10, failureThreshold: 2 }\n' }));
    expectNone(id, topo({ objectives: 'objectives: { rto: 5m }\n' })); // defaults: 10 s x 4 + 60 s
    expectNone(id, topo({ objectives: 'objectives: { rto: 30s }\n', routing: false }));
  });
  it('points at the health check that is too slow for the RTO', () => {
    const text = topo({ objectives: 'objectives: { rto: 2m }\n', routing: '  healthCheck: { interval: 30, failureThreshold: 3 }\n' });
    expectOne(id, text, '16:16', '{', 'failing over takes up to 2 min to detect (interval 30 s x (failureThreshold 3 + 1)) and 1 min of DNS caching: 3 min, above objectives.rto 2m');
  });
  it('points at routing when the default health check is too slow', () => {
    const f = expectOne(id, topo({ objectives: 'objectives: { rto: 90s }\n' }), '13:1', 'routing', '100 s, above objectives.rto 90s');
    expect(f.hint).toContain('defaults to interval 10, failureThreshold 3');
  });
});

describe('stores-follow-traffic', () => {
  const id = 'stores-follow-traffic';
  const table = (witness: string) => `  - name: sessions\n    type: dynamodb\n    hashKey: { name: pk, type: S }\n    consistency: strong\n    witness: ${witness}\n`;
  it('is quiet when every region holds a copy', () => {
    expectNone(id, topo({ regions: ['us-east-2', 'us-west-2'], data: table('us-east-1') }));
    expectNone(id, topo({ data: '  - { name: assets, type: s3 }\n  - { name: cache, type: cache, engine: valkey }\n' }));
  });
  it('points at a witness that is one of the regions taking traffic', () => {
    expectOne(id, topo({ regions: ['us-east-2', 'us-west-2', 'us-east-1'], data: table('us-east-1') }), '23:14', 'us-east-1', 'dynamodb store sessions has no copy in us-east-1, which takes traffic (us-east-1 holds only its witness)');
  });
});

describe('aurora-promotion-rehearsed', () => {
  const id = 'aurora-promotion-rehearsed';
  const orders = '  - name: orders\n    type: aurora\n    engine: aurora-postgresql\n    engineVersion: "16.4"\n';
  it('is quiet with a database-failover drill, or without aurora', () => {
    expectNone(id, topo({ data: orders, drills: 'drills:\n  - { name: db, scenario: database-failover, target: us-east-2 }\n' }));
    expectNone(id, topo());
  });
  it('points at the aurora store when no drill rehearses its promotion', () => {
    expectOne(id, topo({ data: orders }), '16:5', 'name', 'aurora store orders: us-west-2 holds a read-only replica of the writer in us-east-2 until it is promoted');
  });
  it('says a headless pilot light needs instances first', () => {
    const f = expectOne(id, topo({ pattern: 'pilot-light', data: `${orders}    instances: { secondary: 0 }\n` }), '16:5', 'name', 'instances.secondary 0');
    expect(f.message).toContain('add instances first');
  });
});

describe('single-writer-fits-pattern', () => {
  const id = 'single-writer-fits-pattern';
  const orders = (extra = '') => `  - name: orders\n    type: aurora\n    engine: aurora-postgresql\n    engineVersion: "16.4"\n${extra}`;
  it('is quiet under a failover pattern, and under hybrid with write forwarding', () => {
    expectNone(id, topo({ data: orders() }));
    expectNone(id, topo({ pattern: 'hybrid', data: orders() })); // hybrid forwards writes by default
  });
  it('points at writeForwarding: false under hybrid', () => {
    expectOne(id, topo({ pattern: 'hybrid', data: orders('    writeForwarding: false\n') }), '20:22', 'false', 'writes in us-west-2 fail: Aurora has one writer (us-east-2) and writeForwarding is off');
  });
  it('points at the store under active-active, even with write forwarding', () => {
    expectOne(id, topo({ pattern: 'active-active', data: orders() }), '16:5', 'name', /pattern active-active takes writes in every region, but aurora store orders is a single-writer store: writes in us-west-2 fail/);
    expectOne(id, topo({ pattern: 'active-active', data: orders('    writeForwarding: true\n') }), '20:22', 'true', 'when us-east-2 fails, no region can write until a secondary is promoted');
  });
});

describe('dynamodb-conflicts-resolved', () => {
  const id = 'dynamodb-conflicts-resolved';
  const table = (extra = '') => `  - name: carts\n    type: dynamodb\n    hashKey: { name: pk, type: S }\n${extra}`;
  it('is quiet under one writer, or with strong consistency', () => {
    expectNone(id, topo({ data: table() }));
    expectNone(id, topo({ pattern: 'active-active', regions: ['us-east-2', 'us-west-2', 'us-east-1'], data: table('    consistency: strong\n') }));
  });
  it('points at eventual consistency under active-active and says how to state the strategy', () => {
    const f = expectOne(id, topo({ pattern: 'active-active', data: table('    consistency: eventual\n') }), '19:18', 'eventual', 'dynamodb store carts takes writes in us-east-2, us-west-2 with eventual consistency');
    expect(f.hint).toContain('suppress');
    expectOne(id, topo({ pattern: 'active-active', data: table() }), '16:5', 'name', 'last writer wins');
  });
  it('reports a store once under partitioned, naming each jurisdiction\'s regions', () => {
    const text = readFileSync(join(ROOT, 'examples/partitioned/topology.yaml'), 'utf8');
    expectOne(id, text, '39:5', 'name', 'dynamodb store profiles takes writes in eu-west-1, eu-central-1 and in us-east-1, us-west-2 with eventual consistency');
  });
});

describe('state-is-shared', () => {
  const id = 'state-is-shared';
  it('is quiet with S3 state', () => {
    expectNone(id, topo());
  });
  it('points at backend local', () => {
    expectOne(id, topo({ state: 'state:\n  backend: local\n' }), '5:3', 'backend', 'the state of all 3 workspaces (2 regions and global) is local:');
  });
  it('points at regions when there is no state block', () => {
    expectOne(id, topo({ state: '' }), '4:1', 'regions', 'is local (the default)');
  });
});

describe('control-plane-independent', () => {
  const id = 'control-plane-independent';
  it('is quiet when no region hosts the control plane, or ARC gates the records', () => {
    expectNone(id, topo());
    expectNone(id, topo({ regions: ['us-east-1', 'us-west-2'], routing: '  recoveryControl: true\n' }));
    expectNone(id, topo({ regions: ['us-east-1', 'us-west-2'], routing: false }));
  });
  it('points at routing when us-east-1 is one of the regions', () => {
    const f = expectOne(id, topo({ regions: ['us-east-1', 'us-west-2'] }), '12:1', 'routing', 'Route 53 records and health checks change through us-east-1');
    expect(f.severity).toBe('info');
    expect(f.hint).toContain('recoveryControl');
  });
});

describe('jobs-fail-over', () => {
  const id = 'jobs-fail-over';
  const job = (placement: string) => `  - name: nightly\n    schedule: "cron(0 3 * * ? *)"\n    target: arn:aws:lambda:{region}:111111111111:function:nightly\n    placement: ${placement}\n`;
  it('is quiet for follow-primary and every-region', () => {
    expectNone(id, topo({ jobs: job('follow-primary') + job('every-region').replace('nightly', 'hourly') }));
  });
  it('points at the placement of a job pinned to one region', () => {
    expectOne(id, topo({ jobs: job('region:us-east-2') }), '19:16', 'region', 'job nightly runs only in us-east-2: while us-east-2 is down it runs nowhere');
  });
});

describe('replication-is-not-backup', () => {
  const id = 'replication-is-not-backup';
  const table = (extra = '') => `  - name: carts\n    type: dynamodb\n    hashKey: { name: pk, type: S }\n${extra}`;
  it('is quiet with point-in-time recovery (the default)', () => {
    expectNone(id, topo({ data: table() }));
    expectNone(id, topo({ data: table('    pointInTimeRecovery: true\n') }));
  });
  it('points at pointInTimeRecovery: false', () => {
    expectOne(id, topo({ data: table('    pointInTimeRecovery: false\n') }), '19:26', 'false', 'dynamodb store carts has no point-in-time recovery');
  });
  it('is satisfied by a backup store that backs the table up, by default or by name', () => {
    const backup = (stores = '') => `  - { name: vault, type: backup, schedule: "cron(0 5 * * ? *)", retention: 35d${stores} }\n`;
    expectNone(id, topo({ data: table('    pointInTimeRecovery: false\n') + backup() }));
    expectNone(id, topo({ data: table('    pointInTimeRecovery: false\n') + backup(', stores: [carts]') }));
    // A backup of other stores leaves the table without a restore point.
    expectOne(id, topo({ data: table('    pointInTimeRecovery: false\n') + '  - { name: files, type: s3 }\n' + backup(', stores: [files]') }), '19:26', 'false', 'dynamodb store carts has no point-in-time recovery');
  });
});

describe('state-account-apart', () => {
  const id = 'state-account-apart';
  const state = (extra: string) => `state: { backend: s3, bucket: "acme-tfstate-{region}"${extra} }\n`;
  it('is quiet with the state in a tooling account, or with no state account declared', () => {
    expectNone(id, topo({ state: state(', account: "222222222222", roleArn: "arn:aws:iam::222222222222:role/tfstate"') }));
    expectNone(id, topo({ state: state('') }));
  });
  it('points at a state account a region deploys to', () => {
    const regions = topo({ state: state(', account: "111111111111"') }).replace('  - name: us-east-2\n', '  - name: us-east-2\n    account: "111111111111"\n');
    expectOne(id, regions, '4:65', '"111111111111"', 'the state buckets are in account 111111111111, which us-east-2 deploys to');
  });
});

describe('dns-account-apart', () => {
  const id = 'dns-account-apart';
  // Each region in an account, with the role the global workspace assumes there (rule regions-declare-accounts).
  const inRole = (text: string, region: string, account: string) => text.replace(`  - name: ${region}\n`, `  - name: ${region}\n    roleArn: "arn:aws:iam::${account}:role/deploy"\n`);
  const cells = (routing: string, east = '111111111111', west = '222222222222') => inRole(inRole(topo({ routing }), 'us-east-2', east), 'us-west-2', west);
  it('is quiet with routing in a networking account, or with no routing account declared', () => {
    expectNone(id, cells('  account: "333333333333"\n  roleArn: "arn:aws:iam::333333333333:role/dns"\n'));
    expectNone(id, cells(''));
    expectNone(id, inRole(topo(), 'us-east-2', '111111111111'));
  });
  it('points at a routing account a region deploys to', () => {
    expectOne(id, cells('  account: "111111111111"\n'), '17:12', '"111111111111"', /^the zone records and health checks are in account 111111111111, which us-east-2 deploys to: a credential that can deploy that region/);
  });
  it('points at routing.roleArn when it alone names the account, and names every region of that account', () => {
    const text = cells('  roleArn: "arn:aws:iam::111111111111:role/dns"\n  recoveryControl: true\n', '111111111111', '111111111111');
    expectOne(id, text, '17:12', '"arn', /^the zone records, health checks and routing controls are in account 111111111111, which us-east-2, us-west-2 deploy to: a credential that can deploy those regions/);
  });
});

describe('backup-vault-locked', () => {
  const id = 'backup-vault-locked';
  const backup = (lock = '') => `  - { name: assets, type: s3 }\n  - name: vault\n    type: backup\n    schedule: "cron(0 5 * * ? *)"\n    retention: 35d\n${lock}`;
  it('is quiet with the default lock (governance) or a compliance lock', () => {
    expectNone(id, topo({ data: backup() }));
    expectNone(id, topo({ data: backup('    lock: { mode: compliance, minRetention: 7d }\n') }));
  });
  it('points at lock: false', () => {
    expectOne(id, topo({ data: backup('    lock: false\n') }), '21:11', 'false', 'backup store vault has no Vault Lock');
  });
});

describe('replication-lag-alarmed', () => {
  const id = 'replication-lag-alarmed';
  const stores = '  - { name: assets, type: s3 }\n  - { name: keys, type: secret }\n  - { name: flags, type: parameter, value: "on" }\n';
  it('is quiet with alarms, or with nothing replicated asynchronously', () => {
    expectNone(id, topo({ data: stores }));
    expectNone(id, topo({ alarms: '', data: '  - { name: keys, type: secret }\n  - { name: flags, type: parameter, value: "on" }\n  - { name: cache, type: cache, engine: valkey }\n' }));
  });
  it('points at an s3 store replicating into another account, whose lag no alarm of this topology can see', () => {
    const cells = (text: string) =>
      text
        .replace('  - name: us-east-2\n', '  - name: us-east-2\n    roleArn: "arn:aws:iam::111111111111:role/deploy"\n')
        .replace('  - name: us-west-2\n', '  - name: us-west-2\n    roleArn: "arn:aws:iam::222222222222:role/deploy"\n');
    expectOne(id, cells(topo({ data: '  - { name: assets, type: s3 }\n' })), '18:5', '{', 's3 store assets replicates into buckets of other accounts (us-east-2 (111111111111) to us-west-2 (222222222222))');
    // In one account, the lag alarms see it.
    expectNone(id, topo({ data: '  - { name: assets, type: s3 }\n' }));
  });
  it('points at each asynchronously replicated store when there are no alarms', () => {
    expectOne(id, topo({ alarms: '', data: stores }), '16:5', '{', 's3 store assets replicates asynchronously and the topology has no alarms: its replication lag (ReplicationLatency)');
  });
});

describe('failover-drilled', () => {
  const id = 'failover-drilled';
  it('is quiet with a drill', () => {
    expectNone(id, topo());
  });
  it('points at the pattern when no drill is defined', () => {
    const f = expectOne(id, topo({ drills: '' }), '3:1', 'pattern', 'no drill is defined: the failover of this active-passive topology has never been rehearsed');
    expect(f.hint).toContain('target: us-east-2');
  });
});

describe('drill-route-quota-raised', () => {
  const id = 'drill-route-quota-raised';
  it('is quiet when no drill cuts a network off (the drill pauses replication only)', () => {
    expectNone(id, topo({ data: '  - { name: assets, type: s3 }\n', drills: 'drills:\n  - { name: pause, scenario: pause-replication, target: us-east-2 }\n' }));
  });
  it('notes the quota at the target of a drill that cuts a region with a network off: 250, or 350 in us-east-1', () => {
    const f = expectOne(id, topo({ regions: ['us-west-2', 'us-east-2'] }), '17:57', 'us-west-2', "us-west-2's VPC quota \"Routes per route table\" must be at least 250");
    expect(f.hint).toContain('--quota-code L-93826ACB');
    expectOne(id, topo({ regions: ['us-east-1', 'us-west-2'] }), '17:57', 'us-east-1', 'at least 350');
  });
});

describe('alarms-within-quota', () => {
  const id = 'alarms-within-quota';
  const buckets = (n: number) => Array.from({ length: n }, (_, i) => `  - { name: b${i}, type: s3 }\n`).join('');
  it('is quiet when each region needs at most 200 Metrics Insights alarms (two per bucket that sends to two regions)', () => {
    expectNone(id, topo({ pattern: 'active-active', regions: ['us-east-1', 'us-east-2', 'us-west-2'], drills: '', data: buckets(100) }));
  });
  it('warns at alarms when a region needs more, naming the region and the count', () => {
    const findings = run(lint(id), topo({ pattern: 'active-active', regions: ['us-east-1', 'us-east-2', 'us-west-2'], drills: '', data: buckets(101) }));
    expect(findings.map((f) => f.message.split(' needs ')[0])).toEqual(['us-east-1', 'us-east-2', 'us-west-2']);
    expect(findings[0]!.message).toContain('needs 202 Metrics Insights alarms');
    expect(findings[0]!.severity).toBe('warning');
    // At the alarms block (its value, a flow mapping here).
    expect(new Set(findings.map((f) => f.token))).toEqual(new Set(['{']));
  });
});

describe('s3-rtc-fits-rpo', () => {
  const id = 's3-rtc-fits-rpo';
  it('is quiet with RTC, or an RPO of 15 minutes or more', () => {
    expectNone(id, topo({ objectives: 'objectives: { rpo: 1m }\n', data: '  - { name: assets, type: s3, replication: { rtc: true } }\n' }));
    expectNone(id, topo({ objectives: 'objectives: { rpo: 15m }\n', data: '  - { name: assets, type: s3 }\n' }));
  });
  it('points at the store, or at rtc: false, under an RPO below 15 minutes', () => {
    expectOne(id, topo({ objectives: 'objectives: { rpo: 5m }\n', data: '  - name: assets\n    type: s3\n' }), '17:5', 'name', 's3 store assets replicates without Replication Time Control');
    expectOne(id, topo({ objectives: 'objectives: { rpo: 30s }\n', data: '  - name: assets\n    type: s3\n    replication: { rtc: false }\n' }), '19:25', 'false', 'objectives.rpo is 30 s');
  });
});

describe('cache-warm-fits-rto', () => {
  const id = 'cache-warm-fits-rto';
  it('is quiet with a global cache, or an RTO above 5 minutes', () => {
    expectNone(id, topo({ objectives: 'objectives: { rto: 2m }\n', data: '  - { name: cache, type: cache, engine: valkey, mode: global }\n' }));
    expectNone(id, topo({ objectives: 'objectives: { rto: 15m }\n', data: '  - { name: cache, type: cache, engine: valkey }\n' }));
  });
  it('points at a per-region cache under an RTO of 5 minutes', () => {
    expectOne(id, topo({ objectives: 'objectives: { rto: 5m }\n', data: '  - name: cache\n    type: cache\n    engine: valkey\n    mode: per-region\n' }), '20:11', 'per-region', 'cache store cache is per-region: after failover');
  });
});

describe('availability-fits-regions', () => {
  const id = 'availability-fits-regions';
  it('is quiet at 99.99 with two regions and 99.999 with three', () => {
    expectNone(id, topo({ objectives: 'objectives: { availability: 99.99 }\n' }));
    expectNone(id, topo({ objectives: 'objectives: { availability: 99.999 }\n', regions: ['us-east-2', 'us-west-2', 'us-east-1'] }));
  });
  it('points at an availability above what two regions give', () => {
    expectOne(id, topo({ objectives: 'objectives:\n  availability: 99.999\n' }), '5:17', '99.999', 'objectives.availability 99.999 is above what 2 regions give (about 99.99): it allows 26 s of downtime a month');
  });
});

describe('geolocation-fallback-stays-home', () => {
  const id = 'geolocation-fallback-stays-home';
  const partitioned = (geo: string, euJurisdiction = 'eu') => `version: 1
name: shop
pattern: partitioned
state: { backend: s3, bucket: "acme-tfstate-{region}" }
regions:
  - name: eu-central-1
    jurisdiction: ${euJurisdiction}
    endpoint: { dnsName: a.eu-central-1.elb.amazonaws.com, zoneId: Z215JYRZR1TBD5 }
  - name: us-east-1
    jurisdiction: us
    endpoint: { dnsName: b.us-east-1.elb.amazonaws.com, zoneId: Z35SXDOTRQ7X7K }
routing:
  domain: shop.example.com
  zone: example.com
  geolocation:
${geo}`;
  const threeRegions = (geo: string) =>
    partitioned(geo).replace('routing:', '  - name: eu-west-1\n    jurisdiction: eu\n    endpoint: { dnsName: c.eu-west-1.elb.amazonaws.com, zoneId: Z32O12XQLNTSW2 }\nrouting:');
  it('is quiet when every region shares the jurisdiction of the default record', () => {
    expectNone(id, partitioned('    eu-central-1: [EU]\n    us-east-1: [NA, "*"]\n', 'us'));
  });
  it("is quiet when a country falls back to its continent's record in another region of its jurisdiction (the starter's map)", () => {
    expectNone(id, threeRegions('    eu-central-1: [GB, IE]\n    eu-west-1: [EU]\n    us-east-1: [NA, "*"]\n'));
    // A US state falls back to the country, then the continent: NA in us-east-1 is the same jurisdiction.
    expectNone(id, threeRegions('    eu-central-1: [EU]\n    eu-west-1: [DE]\n    us-east-1: [NA, US-CA, "*"]\n'));
  });
  it('is quiet where no map keeps the clients home: a continent, or a jurisdiction of one region', () => {
    // EU has nothing larger than the default; the starter's map leaves exactly this, which check's estimate notes.
    expectNone(id, threeRegions('    eu-central-1: [GB]\n    eu-west-1: [EU]\n    us-east-1: [NA, "*"]\n'));
    // eu-central-1 is the only eu region: GB and EU have nowhere else in the jurisdiction to go.
    expectNone(id, partitioned('    eu-central-1: [EU, GB]\n    us-east-1: [NA, "*"]\n'));
  });
  it('points at a country served from the same region as its continent, and says which region to serve it from', () => {
    const f = expectOne(
      id,
      threeRegions('    eu-central-1: [EU, GB]\n    eu-west-1: [CH]\n    us-east-1: [NA, "*"]\n'),
      '19:5',
      'eu-central-1',
      'when eu-central-1 is unhealthy, Route 53 answers the clients of GB from the "*" default record in us-east-1 (jurisdiction us): their requests leave jurisdiction eu, though a record in eu-west-1 could keep them in it',
    );
    expect(f.hint).toContain('serve GB from eu-west-1 (its EU record in eu-central-1 then catches them while eu-west-1 is down)');
  });
  it('points at a country whose continent has no record, and says where to give it one', () => {
    const findings = run(lint(id), threeRegions('    eu-central-1: [DE, FR]\n    eu-west-1: [GB]\n    us-east-1: [NA, "*"]\n'));
    expect(findings.map((f) => `${f.at} ${f.token}`)).toEqual(['topology.yaml:19:5 eu-central-1', 'topology.yaml:20:5 eu-west-1']);
    expect(findings[0]!.message).toContain('the clients of DE from the "*" default record in us-east-1 (jurisdiction us), FR from');
    expect(findings[0]!.hint).toContain('give EU a record in eu-west-1');
    expect(findings[1]!.hint).toContain('give EU a record in eu-central-1');
  });
  it('considers both continents of a country that spans two', () => {
    // TR is listed under Asia and Europe: with EU in eu-west-1 but no AS record, Route 53 may answer from the default.
    expectOne(id, threeRegions('    eu-central-1: [TR]\n    eu-west-1: [EU]\n    us-east-1: [NA, "*"]\n'), '19:5', 'eu-central-1', 'the clients of TR from the "*" default record');
  });
});

describe('objectives-met-worst-case', () => {
  const id = 'objectives-met-worst-case';
  const withS3 = (objectives: string, s3 = '  - { name: assets, type: s3, replication: { rtc: true } }\n') => topo({ objectives, data: s3 });
  it('is quiet without objectives, and when the worst figures fit them', () => {
    expectNone(id, withS3(''));
    expectNone(id, withS3('objectives: { rto: 1h, rpo: 15m }\n'));
  });
  it('points at an RPO of 30 s that S3 Replication Time Control misses in its worst case, naming the store', () => {
    const f = expectOne(
      id,
      withS3('objectives:\n  rpo: 30s\n'),
      '5:8',
      '30s',
      /^objectives.rpo 30s is missed in the worst case: the estimate's RPO is 0s \/ 10s \/ 15m \(best \/ typical \/ worst\), and s3 store assets sets the worst in scenario primary-lost, us-east-2 lost, traffic to us-west-2 \(15m: S3 replication with RTC/,
    );
    expect(f.hint).toContain("Replication Time Control's 15 minutes");
    expect(f.hint).toContain('relax objectives.rpo to 15m');
  });
  it('points at an RTO the DNS tail misses, naming the phase; and says when it is missed typically too', () => {
    const f = expectOne(id, withS3('objectives: { rto: 5m }\n'), '4:20', '5m', 'objectives.rto 5m is missed in the worst case');
    expect(f.message).toContain('phase traffic shift sets the worst');
    expect(f.hint).toContain('routing.accelerator');
    expectOne(id, withS3('objectives: { rto: 30s }\n'), '4:20', '30s', 'objectives.rto 30s is missed typically and in the worst case');
  });
});

describe('docs/topology-format.md', () => {
  it('has a row for every lint in its section on topoform check', () => {
    const page = readFileSync(join(ROOT, 'docs/topology-format.md'), 'utf8');
    const section = page.slice(page.indexOf('## Lints of `topoform check`'));
    for (const l of LINTS) expect(section, l.id).toContain(`| \`${l.code}\` | \`${l.id}\` | ${l.severity} |`);
  });
});
