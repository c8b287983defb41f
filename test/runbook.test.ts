// `topoform docs`: RUNBOOK.md per example (golden), its Mermaid parsed by Mermaid's own parser, procedures that follow
// the topology's features, hostile strings rendered safely, atomic and deterministic output, and no cdktf loaded.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, topoform } from './helpers/cli';
import { EXAMPLES } from './helpers/examples';
import { twoRegions } from './helpers/fixtures';
import { topologyDir } from './helpers/synth';

/** Runs `topoform docs` on a topology into a fresh folder; returns RUNBOOK.md. */
function docs(file: string, opts: { cwd?: string } = {}): string {
  const out = join(mkdtempSync(join(tmpdir(), 'topoform-docs-')), 'runbook.out');
  const r = topoform(['docs', file, '--out', out], { cwd: opts.cwd ?? ROOT });
  if (r.status !== 0) throw new Error(`docs of ${file} failed (${r.status}):\n${r.stderr}${r.stdout}`);
  return readFileSync(join(out, 'RUNBOOK.md'), 'utf8');
}

function docsOf(text: string): string {
  const dir = topologyDir(text, 'docs');
  return docs(join(dir, 'topology.yaml'), { cwd: dir });
}

function mermaidOf(runbook: string): string {
  const m = /```mermaid\n([\s\S]*?)\n```/.exec(runbook);
  if (!m) throw new Error('no mermaid block');
  return m[1]!;
}

const runbooks = new Map<string, string>();
const example = (name: string) => {
  let text = runbooks.get(name);
  if (text === undefined) {
    text = docs(`examples/${name}/topology.yaml`);
    runbooks.set(name, text);
  }
  return text;
};

describe('golden runbook', () => {
  for (const name of EXAMPLES) {
    it(name, async () => {
      await expect(example(name)).toMatchFileSnapshot(join(ROOT, 'test/golden-docs', name, 'RUNBOOK.md'));
    });
  }
});

describe('the Mermaid diagram parses with Mermaid', () => {
  let parse: (text: string) => Promise<unknown>;
  beforeAll(async () => {
    const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
    const g = globalThis as Record<string, unknown>;
    g['window'] = dom.window;
    g['document'] = dom.window.document;
    const mermaid = (await import('mermaid')).default;
    parse = (text) => mermaid.parse(text);
  }, 120_000);

  it('rejects a broken diagram (the parser is not a no-op)', async () => {
    await expect(parse('flowchart LR\n  a["x"] -->|"y| b')).rejects.toThrow();
  });
  for (const name of EXAMPLES) {
    it(name, async () => {
      const text = mermaidOf(example(name));
      expect(text.startsWith('flowchart LR')).toBe(true);
      await expect(parse(text)).resolves.toMatchObject({ diagramType: 'flowchart-v2' });
    });
  }
  it('global cache, DSQL and strong DynamoDB with their witnesses', async () => {
    const text = mermaidOf(docsOf(OTHER_STORES));
    expect(text).toContain('x_s1[("ledger: witness in us-west-2")]');
    await expect(parse(text)).resolves.toBeTruthy();
  });
  it('hostile strings keep the diagram parseable', async () => {
    await expect(parse(mermaidOf(docsOf(hostile())))).resolves.toBeTruthy();
  });
});

describe('procedures follow the topology', () => {
  it('ARC commands only with recoveryControl', () => {
    const arc = example('warm-standby-three-regions');
    expect(arc).toContain('aws route53-recovery-cluster update-routing-control-states');
    expect(arc).toContain('terraform -chdir="$OUT/stacks/global" output -json routing_control_arns');
    expect(arc).toContain('output -json recovery_cluster_endpoints');
    for (const name of ['pilot-light', 'active-passive', 'hybrid']) expect(example(name)).not.toContain('route53-recovery-cluster');
  });

  it('Aurora with the real global cluster and target cluster, planned and unplanned', () => {
    const text = example('pilot-light');
    expect(text).toContain('aws rds switchover-global-cluster --region us-west-2 --global-cluster-identifier claims-claims --target-db-cluster-identifier arn:aws:rds:us-west-2:$ACCOUNT:cluster:claims-claims-us-west-2');
    expect(text).toContain('aws rds failover-global-cluster --region us-west-2 --global-cluster-identifier claims-claims --target-db-cluster-identifier arn:aws:rds:us-west-2:$ACCOUNT:cluster:claims-claims-us-west-2 --allow-data-loss');
    // headless secondary: an instance first
    expect(text.indexOf('aws rds create-db-instance --region us-west-2 --db-cluster-identifier claims-claims-us-west-2')).toBeGreaterThan(0);
    expect(text.indexOf('aws rds create-db-instance')).toBeLessThan(text.indexOf('aws rds failover-global-cluster'));
    const hybrid = example('hybrid');
    expect(hybrid).toContain('--global-cluster-identifier catalog-products --target-db-cluster-identifier arn:aws:rds:eu-central-1:$ACCOUNT:cluster:catalog-products-eu-central-1');
    expect(hybrid).not.toContain('create-db-instance'); // it has a secondary instance
    for (const name of ['active-passive', 'warm-standby-app']) expect(example(name)).not.toMatch(/aws rds /);
  });

  it('follow-primary schedules enabled in the new primary and disabled in the old, only with such jobs', () => {
    const text = example('pilot-light');
    const failover = text.slice(text.indexOf('## Failover'), text.indexOf('## Failback'));
    expect(failover).toMatch(/aws scheduler get-schedule --region us-west-2 --name claims-claims-batch/);
    expect(failover).toMatch(/aws scheduler update-schedule --region us-west-2 .*--state ENABLED/);
    expect(failover).toMatch(/aws scheduler update-schedule --region us-east-1 .*--state DISABLED/);
    expect(failover).not.toContain('claims-heartbeat'); // every-region: nothing to move
    expect(example('active-passive')).not.toContain('aws scheduler');
  });

  it('steps in order: decide, ARC, data, capacity, jobs, verify; failback after failover', () => {
    const text = example('pilot-light');
    const order = ['### 2. Decide', 'switchover-global-cluster', 'describe-table', 'Scale us-west-2 up', 'update-schedule', 'Verify us-west-2', '## Failback', 'aws s3 sync', 'Verify us-east-1', '## Drill checklist'];
    const at = order.map((s) => text.indexOf(s));
    expect(at.every((x) => x >= 0), JSON.stringify(order.filter((_, i) => at[i]! < 0))).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('app.module: raise capacity, synth, apply only that region', () => {
    const text = example('warm-standby-app');
    expect(text).toContain('us-west-2 runs at 50% (desired&#95;count = 3 of 6)');
    expect(text).toContain('topoform synth examples/warm-standby-app/topology.yaml --out "$OUT"\nterraform -chdir="$OUT/stacks/us-west-2" init\nterraform -chdir="$OUT/stacks/us-west-2" apply');
  });

  it('app.module with a DynamoDB replica of the lost region: apply that region with -refresh=false', () => {
    const text = readFileSync(join(ROOT, 'examples/warm-standby-app/topology.yaml'), 'utf8')
      .replace('module: ./modules/service', 'module: acme/service/aws\n  version: 1.4.2')
      .replace('\ndrills:', '\n  - name: carts\n    type: dynamodb\n    hashKey: { name: id, type: S }\ndrills:');
    const runbook = docsOf(text);
    expect(runbook).toContain('terraform -chdir="$OUT/stacks/us-west-2" apply -refresh=false');
    expect(runbook).toContain('It holds the replica of `carts`');
    expect(example('warm-standby-app')).not.toContain('-refresh=false');
  });

  it('health check ids come from the global workspace, and for a literal endpoint also from Route 53 when that state is out of reach', () => {
    const text = example('active-passive');
    expect(text).toContain(`OLD_CHECK=$(terraform -chdir="$OUT/stacks/global" output -json health_check_ids | jq -r '.["us-east-1"]')`);
    expect(text).toContain(`FullyQualifiedDomainName=='\\''payments-use1-1234567890.us-east-1.elb.amazonaws.com'\\''`);
    // app.module endpoints have no name topoform knows: no fallback there.
    expect(example('warm-standby-app')).toContain('output -json health_check_ids');
    expect(example('warm-standby-app')).not.toContain('list-health-checks');
  });

  it('a Global Datastore fails over and back; TCP checks are verified with nc', () => {
    const text = docsOf(OTHER_STORES);
    const [failover, failback] = [text.slice(text.indexOf('## Failover'), text.indexOf('## Failback')), text.slice(text.indexOf('## Failback'))];
    expect(failover).toContain('aws elasticache failover-global-replication-group --region us-east-2 --global-replication-group-id "$GDS" --primary-region us-east-2 --primary-replication-group-id mix-sessions-us-east-2');
    expect(failback).toContain('--primary-region us-east-1 --primary-replication-group-id mix-sessions-us-east-1');
    expect(failover).toContain('nc -vz mix.example.com 8443');
    expect(failover).not.toContain('curl');
    expect(failover).toContain('Aurora DSQL `ledger`: synchronous');
    expect(failover).toContain('DynamoDB `accounts` (strongly consistent)');
  });

  it('the budget comes from the estimate of check', () => {
    const check = topoform(['check', 'examples/pilot-light/topology.yaml', '--format', 'json']);
    const e = JSON.parse(check.stdout) as { estimate: { scenarios: { title: string }[] } };
    for (const s of e.estimate.scenarios) expect(example('pilot-light')).toContain(`### ${s.title}`);
    expect(example('pilot-light')).toContain('RTO 15m 56s / 32m 30s / 1h 26m, RPO 0s / 10s / 15m');
  });

  it('drills: a start command per drill with the template id from the target workspace, else a reminder', () => {
    const withDrills = docsOf(
      twoRegions({
        append: `data:
  - { name: files, type: s3 }
  - { name: carts, type: dynamodb, hashKey: { name: id, type: S } }
drills:
  - { name: east-outage, scenario: region-isolation, target: us-east-1 }
  - { name: lag, scenario: pause-replication, target: us-west-2, duration: 10m }
`,
      }),
    );
    expect(withDrills).toContain(`TEMPLATE=$(terraform -chdir="$OUT/stacks/us-east-1" output -json fis_experiment_template_ids | jq -r '.["east-outage"]')`);
    expect(withDrills).toContain('aws fis start-experiment --region us-east-1 --experiment-template-id "$TEMPLATE"');
    expect(withDrills).toContain('### Drill lag: pause-replication of us-west-2 for 10m');
    expect(withDrills).not.toContain('No drills in this topology');
    const without = docsOf(twoRegions());
    expect(without).toContain('No drills in this topology');
    expect(without).not.toContain('aws fis');
    expect(example('active-passive')).toContain('aws fis start-experiment');
  });
});

/** Stores no example has: a Global Datastore, DSQL and strongly consistent DynamoDB with witnesses; ARC with TCP checks. */
const OTHER_STORES = `version: 1
name: mix
pattern: active-passive
regions:
  - name: us-east-1
    endpoint: { dnsName: a.us-east-1.elb.amazonaws.com, zoneId: Z35SXDOTRQ7X7K }
    network: { subnetIds: [subnet-0a11, subnet-0a12], securityGroupIds: [sg-0a13] }
  - name: us-east-2
    endpoint: { dnsName: b.us-east-2.elb.amazonaws.com, zoneId: Z3AADJGX6KTTL2 }
    network: { subnetIds: [subnet-0b21, subnet-0b22], securityGroupIds: [sg-0b23] }
routing:
  domain: mix.example.com
  zone: example.com
  recoveryControl: true
  healthCheck: { protocol: TCP, port: 8443 }
data:
  - name: sessions
    type: cache
    engine: valkey
    nodeType: cache.r7g.large
    mode: global
  - name: ledger
    type: dsql
    witness: us-west-2
  - name: accounts
    type: dynamodb
    hashKey: { name: id, type: S }
    consistency: strong
    witness: us-west-2
`;

/** Every free-text field that reaches the runbook, with Handlebars, Markdown and HTML in it. */
function hostile(): string {
  return twoRegions({
    healthCheck: `path: '/{{x}}|\`<script>\`[x](y)**"q'`,
    append: `tags: { "team name": "a_b", note: "line\u2028break=+" }
alarms: { email: ["{{x}}|\`a\`@example.com", "oncall@example.com"] }
`,
  });
}

describe('hostile strings render safely', () => {
  it('escapes Handlebars, Markdown and HTML in tags, emails and the health check path', () => {
    const text = docsOf(hostile());
    // No raw payload anywhere outside shell-quoted commands.
    const prose = text.replace(/^(`{3,})sh\n[\s\S]*?\n\1$/gm, '');
    for (const raw of ['{{x}}', '<script>', '[x](y)', '|`a`@', '\u2028', 'a_b']) expect(prose, raw).not.toContain(raw);
    expect(prose).toContain('&#123;&#123;x&#125;&#125;&#124;&#96;a&#96;@example.com');
    expect(prose).toContain('Tags: team name=a&#95;b, note=line break=+.');
    // Every table row keeps its cell count.
    for (const block of text.split(/\n\n/).filter((b) => b.startsWith('| '))) {
      const rows = block.split('\n').filter((r) => r.startsWith('|'));
      const count = (row: string) => row.split('|').length;
      for (const row of rows) expect(count(row), row).toBe(count(rows[0]!));
    }
    // The path reaches the curl command shell-quoted, inside a fence it cannot close.
    expect(text).toContain(`curl -sS -o /dev/null -w '%{http_code}\\n' 'https://shop.example.com/{{x}}|\`<script>\`[x](y)**"q'`);
    // The diagram's label is entity-coded, its ids generated.
    expect(mermaidOf(text)).toContain('health check HTTPS /#123;#123;x#125;#125;#124;#96;#60;script#62;#96;#91;x#93;#40;y#41;#42;#42;#34;q"');
  });

  it('a topology path with Markdown and Handlebars in it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'topoform-docs-path-'));
    const sub = join(dir, '{{x}}|`y`');
    mkdirSync(sub);
    writeFileSync(join(sub, 'topology.yaml'), twoRegions());
    const text = docs(join(sub, 'topology.yaml'), { cwd: dir });
    expect(text).toContain('from `&#123;&#123;x&#125;&#125;&#124;&#96;y&#96;/topology.yaml`');
    expect(text).toContain("topoform docs '{{x}}|`y`/topology.yaml' --out runbook.out");
  });
});

describe('docs as a command', () => {
  it('an invalid topology: diagnostics, exit 1, nothing written, an earlier output untouched', () => {
    const dir = topologyDir(twoRegions(), 'docs-invalid');
    expect(topoform(['docs', 'topology.yaml'], { cwd: dir }).status).toBe(0);
    const before = readFileSync(join(dir, 'runbook.out/RUNBOOK.md'), 'utf8');
    writeFileSync(join(dir, 'topology.yaml'), twoRegions().replace('pattern: active-passive', 'pattern: nope'));
    const r = topoform(['docs', 'topology.yaml', '--out', 'fresh'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('TOPO2');
    expect(existsSync(join(dir, 'fresh'))).toBe(false);
    expect(topoform(['docs', 'topology.yaml'], { cwd: dir }).status).toBe(1);
    expect(readFileSync(join(dir, 'runbook.out/RUNBOOK.md'), 'utf8')).toBe(before);
  });

  it('refuses a folder that is not an earlier docs output, and --out is the only option it takes besides --format', () => {
    const dir = topologyDir(twoRegions(), 'docs-refuse');
    mkdirSync(join(dir, 'mine'));
    writeFileSync(join(dir, 'mine/notes.txt'), 'keep');
    const r = topoform(['docs', 'topology.yaml', '--out', 'mine'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no RUNBOOK.md');
    expect(readFileSync(join(dir, 'mine/notes.txt'), 'utf8')).toBe('keep');
    expect(topoform(['docs', 'topology.yaml', '--force'], { cwd: dir }).status).toBe(2);
    expect(topoform(['docs', 'topology.yaml', '--out', '.'], { cwd: dir }).status).toBe(2);
  });

  it('is deterministic: the same bytes from two working directories', () => {
    const a = docs('examples/hybrid/topology.yaml');
    const b = docs(join(ROOT, 'examples/hybrid/topology.yaml'), { cwd: mkdtempSync(join(tmpdir(), 'topoform-docs-cwd-')) });
    expect(b).toBe(a);
    for (const machinePath of [ROOT, tmpdir()]) expect(a.includes(machinePath)).toBe(false);
  });

  it('loads no cdktf', () => {
    const hook = join(mkdtempSync(join(tmpdir(), 'topoform-hook-')), 'hook.js');
    writeFileSync(
      hook,
      `const Module = require('module'); const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (/topoform-synth|cdktf|provider-aws/.test(request)) throw new Error('docs loaded ' + request);
  return load.apply(this, arguments);
};`,
    );
    const out = join(mkdtempSync(join(tmpdir(), 'topoform-hook-out-')), 'out');
    const r = spawnSync(process.execPath, ['-r', hook, BIN, 'docs', 'examples/pilot-light/topology.yaml', '--out', out], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).not.toContain('docs loaded');
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(out, 'RUNBOOK.md'))).toBe(true);
  });
});
