// A topology's life: promote, add a region, remove one, swap by hand, rename a store. Synth into the same output
// folder compares with what that folder held (topoform.json's stateful inventory) and refuses to lose data that
// nobody named; `topoform diff` prints the same analysis. JSON-level here; test/transitions.test.ts runs the same
// changes through real Terraform plans.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ROOT, topoformInProcess } from './helpers/cli';
import { CHANGES, changeOf, exampleText } from './helpers/changes';
import { EXAMPLES } from './helpers/examples';

interface Stateful {
  workspace: string;
  address: string;
  kind: string;
  store?: string;
  region: string;
}

/** A folder with the example (and its local module, if any) as topology.yaml, synthesized into cdktf.out. */
function synthesizedExample(example: string, text?: string): string {
  // The whole examples folder: an example's local module may live in another example's folder.
  const root = mkdtempSync(join(tmpdir(), `topoform-life-${example}-`));
  cpSync(join(ROOT, 'examples'), root, { recursive: true });
  const dir = join(root, example);
  if (text !== undefined) writeFileSync(join(dir, 'topology.yaml'), text);
  const r = topoformInProcess(['synth', 'topology.yaml'], { cwd: dir });
  if (r.status !== 0) throw new Error(`synth of ${example} failed:\n${r.stderr}`);
  return dir;
}

function record(dir: string): { stateful: Stateful[] } {
  return JSON.parse(readFileSync(join(dir, 'cdktf.out', 'topoform.json'), 'utf8')) as { stateful: Stateful[] };
}

const key = (r: Pick<Stateful, 'workspace' | 'address'>) => `${r.workspace}/${r.address}`;

describe('changes of topology never lose data that nobody named', () => {
  for (const example of EXAMPLES) {
    for (const change of CHANGES) {
      const c = changeOf(example, change);
      it.skipIf('skip' in c)(`${example}: ${change}${'skip' in c ? ` (${c.skip})` : ''}`, () => {
        if ('skip' in c) return;
        const dir = synthesizedExample(example, c.base);
        const before = record(dir);
        expect(before.stateful.length, 'the inventory records the stateful resources').toBeGreaterThan(0);
        writeFileSync(join(dir, 'topology.yaml'), c.text);
        const diff = topoformInProcess(['diff', 'cdktf.out', 'topology.yaml', '--format', 'json'], { cwd: dir });
        const report = JSON.parse(diff.stdout) as { stateful: (Stateful & { change: string; allowed: boolean })[]; refused: number };
        const synth = topoformInProcess(['synth', 'topology.yaml'], { cwd: dir });
        if (change !== 'remove-region') {
          expect(report.stateful, `${change}: topoform diff`).toEqual([]);
          expect(diff.status).toBe(0);
          expect(synth.status, synth.stderr).toBe(0);
          expect(synth.stderr).not.toContain('TOPO5010');
          // Nothing stateful left the inventory: every resource is still there, in the same workspace.
          const after = new Set(record(dir).stateful.map(key));
          for (const r of before.stateful) expect(after.has(key(r)), `${key(r)} is still managed`).toBe(true);
          return;
        }
        // Removing a region loses exactly that region's copies, wherever they are managed, and synth refuses it.
        // (Global's own resources in that region are the front door's, e.g. Global Accelerator's flow logs in us-west-2.)
        const expected = before.stateful.filter((r) => r.region === c.region && !(r.workspace === 'global' && r.store === undefined)).map(key).sort();
        expect(expected.length).toBeGreaterThan(0);
        expect(report.stateful.map(key).sort()).toEqual(expected);
        expect(report.stateful.every((f) => f.change === 'destroy' && !f.allowed)).toBe(true);
        expect(diff.status).toBe(1);
        expect(synth.status).toBe(1);
        const refused = synth.stderr.split('\n').filter((l) => l.includes('error TOPO5010'));
        expect(refused).toHaveLength(expected.length);
        for (const k of expected) expect(synth.stderr).toContain(`${k.split('/')[0]}: ${k.split('/')[1]} `);
        expect(record(dir).stateful, 'a refused synth writes nothing').toEqual(before.stateful);
        // Named, it goes through, and says what is lost.
        const allowed = topoformInProcess(['synth', 'topology.yaml', '--allow-destroy', c.region], { cwd: dir });
        expect(allowed.status, allowed.stderr).toBe(0);
        expect(allowed.stderr.split('\n').filter((l) => l.includes('warning TOPO5011'))).toHaveLength(expected.length);
        expect(record(dir).stateful.filter((r) => r.region === c.region).map(key).filter((k) => expected.includes(k))).toEqual([]);
      }, 60_000);
    }
  }
});

describe('the hybrid example with its regions swapped by hand (a failover done without promote)', () => {
  /** eu-central-1 first, as after a real failover, the drill following the writer; no `home`. */
  function swapped(): string {
    const data = parse(exampleText('hybrid')) as { regions: unknown[]; drills: { scenario: string; target: string }[] };
    data.regions.reverse();
    for (const d of data.drills) if (d.scenario === 'database-failover') d.target = 'eu-central-1';
    return stringify(data);
  }

  it('synth refuses it, lists every stateful resource that would move or be replaced, and writes nothing', () => {
    const dir = synthesizedExample('hybrid');
    const before = readFileSync(join(dir, 'cdktf.out', 'topoform.json'), 'utf8');
    writeFileSync(join(dir, 'topology.yaml'), swapped());
    const r = topoformInProcess(['synth', 'topology.yaml'], { cwd: dir });
    expect(r.status).toBe(1);
    const refused = r.stderr.split('\n').filter((l) => l.includes('error TOPO5010')).map((l) => l.replace(/^topology\.yaml:\d+:\d+: error TOPO5010 /, '').split(' (')[0]);
    expect(refused.sort()).toEqual(
      [
        'eu-central-1: aws_dynamodb_table_replica.sessions',
        'eu-central-1: aws_rds_cluster.products',
        'eu-west-1: aws_dynamodb_table.sessions',
        'eu-west-1: aws_kms_key.topology',
        'eu-west-1: aws_kms_replica_key.eu-central-1',
        'eu-west-1: aws_rds_cluster.products',
        'eu-west-1: aws_rds_global_cluster.products',
        'eu-west-1: aws_secretsmanager_secret.partner-keys',
        'eu-west-1: aws_secretsmanager_secret.products_master',
      ].sort(),
    );
    // Each says what to run instead.
    expect(r.stderr).toContain('run `topoform promote REGION`, which pins `home: eu-west-1`');
    expect(readFileSync(join(dir, 'cdktf.out', 'topoform.json'), 'utf8')).toBe(before);
  });

  it('the same edit with home pinned goes through, as promote writes it', () => {
    const dir = synthesizedExample('hybrid');
    writeFileSync(join(dir, 'topology.yaml'), `home: eu-west-1\n${swapped()}`);
    const r = topoformInProcess(['synth', 'topology.yaml'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
  });

  it('topoform diff prints it, as text and as JSON (golden)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'topoform-swap-'));
    writeFileSync(join(dir, 'before.yaml'), exampleText('hybrid'));
    writeFileSync(join(dir, 'after.yaml'), swapped());
    const text = topoformInProcess(['diff', 'before.yaml', 'after.yaml'], { cwd: dir });
    expect(text.status).toBe(1);
    await expect(text.stdout).toMatchFileSnapshot(join(ROOT, 'test/golden-diff/hybrid-swap.txt'));
    const json = topoformInProcess(['diff', 'before.yaml', 'after.yaml', '--format', 'json'], { cwd: dir });
    expect(json.status).toBe(1);
    await expect(json.stdout).toMatchFileSnapshot(join(ROOT, 'test/golden-diff/hybrid-swap.json'));
    expect((JSON.parse(json.stdout) as { refused: number }).refused).toBe(9);
  });
});

describe('renaming a store', () => {
  it('is refused with the store named, and goes through with --allow-destroy OLD-NAME', () => {
    const dir = synthesizedExample('active-passive');
    const data = parse(readFileSync(join(dir, 'topology.yaml'), 'utf8')) as { data: { name: string }[] };
    const store = data.data.find((s) => s.name === 'assets')!;
    store.name = 'media';
    writeFileSync(join(dir, 'topology.yaml'), stringify(data));
    const r = topoformInProcess(['synth', 'topology.yaml'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/error TOPO5010 us-east-1: aws_s3_bucket\.assets \(bucket of store assets, in us-east-1\) destroyed/);
    expect(r.stderr).toContain('--allow-destroy assets');
    const allowed = topoformInProcess(['synth', 'topology.yaml', '--allow-destroy', 'assets'], { cwd: dir });
    expect(allowed.status, allowed.stderr).toBe(0);
    expect(allowed.stderr).toContain('warning TOPO5011');
  });

  it('a change of an argument the provider replaces on (a DynamoDB key) is refused', () => {
    const dir = synthesizedExample('hybrid');
    const text = readFileSync(join(dir, 'topology.yaml'), 'utf8');
    const data = parse(text) as { data: { name: string; hashKey?: { name: string } }[] };
    data.data.find((s) => s.name === 'sessions')!.hashKey!.name = 'session_id';
    writeFileSync(join(dir, 'topology.yaml'), stringify(data));
    const r = topoformInProcess(['synth', 'topology.yaml'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/eu-west-1: aws_dynamodb_table\.sessions \(table of store sessions, in eu-west-1\) replaced: hash_key changes from \S+ to session_id/);
  });
});

describe('topoform promote', () => {
  it('promoting the primary is a no-op that says so and leaves the file byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'topoform-promote-'));
    const text = exampleText('active-passive');
    writeFileSync(join(dir, 'topology.yaml'), text);
    const r = topoformInProcess(['promote', 'us-east-1'], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('us-east-1 is the primary already; nothing changed');
    expect(readFileSync(join(dir, 'topology.yaml'), 'utf8')).toBe(text);
  });

  it('rewrites in place, prints each workspace\'s next plan and no stateful loss; an unknown region is a usage error', () => {
    const dir = synthesizedExample('warm-standby-three-regions');
    const r = topoformInProcess(['promote', 'eu-central-1'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('eu-central-1 is the primary now (was eu-west-1)');
    expect(r.stdout).toMatch(/line \d+: home: eu-west-1 pinned/);
    expect(r.stdout).toMatch(/^ {2}eu-west-1 +\d+ to add, \d+ to change, \d+ to destroy$/m);
    expect(r.stdout).toContain('none destroyed, replaced or moved');
    expect(readFileSync(join(dir, 'topology.yaml'), 'utf8')).toContain('home: eu-west-1');
    const bad = topoformInProcess(['promote', 'ap-south-1'], { cwd: dir });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('not one of the regions');
  });
});
