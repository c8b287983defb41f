// One test per class of defect found by trying the CLI as a hostile or careless user would: exact words, exit codes.
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { topoform } from './helpers/cli';
import { twoRegions } from './helpers/fixtures';
import { topologyDir } from './helpers/synth';

const base = twoRegions({ append: 'data:\n  - name: media\n    type: s3\n' });

const scratch = (text = base) => topologyDir(text, 'defects');

describe('the output folder is the user\'s path: what is wrong, where, and how to fix it (exit 2)', () => {
  it('--out under a regular file', () => {
    const r = topoform(['synth', 'topology.yaml', '--out', 'topology.yaml/out'], { cwd: scratch() });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('error TOPO5001 cannot write topology.yaml/out: topology.yaml is a file, not a folder\n  hint: choose an --out folder whose parent folders are folders\n1 error, 0 warnings, 0 infos\n');
  });

  it('--out where nothing can be written', () => {
    const r = topoform(['synth', 'topology.yaml', '--out', '/proc/topoform-out'], { cwd: scratch() });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error TOPO5001 cannot write into \/proc: .+\n {2}hint: choose an --out folder in a place you can write to\n/);
    expect(r.stderr).not.toContain('internal error');
  });

  it('--out naming the topology file itself: refused, and the hint does not suggest removing it', () => {
    const dir = scratch();
    const r = topoform(['synth', 'topology.yaml', '--out', 'topology.yaml'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('error TOPO5001 refusing to write topology.yaml: it is the topology file itself\n  hint: name an output folder with --out, e.g. --out cdktf.out\n1 error, 0 warnings, 0 infos\n');
    expect(r.stderr).not.toMatch(/remove/i);
    expect(readFileSync(join(dir, 'topology.yaml'), 'utf8')).toBe(base);
  });

  it('--out holding the topology', () => {
    const dir = scratch();
    const r = topoform(['synth', 'topology.yaml', '--out', '.'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('error TOPO5001 refusing to write .: the topology topology.yaml is inside it, and synth replaces the output folder whole');
    expect(readdirSync(dir)).toEqual(['topology.yaml']);
  });

  it('a missing topology file is a usage error', () => {
    const r = topoform(['synth', 'nope.yaml'], { cwd: scratch() });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('nope.yaml: error TOPO1001 cannot read the topology: no such file\n1 error, 0 warnings, 0 infos\n');
  });
});

describe('another topology\'s output is not replaced silently', () => {
  it('refuses with TOPO5002 unless --force', () => {
    const dir = scratch();
    expect(topoform(['synth', 'topology.yaml'], { cwd: dir }).status).toBe(0);
    writeFileSync(join(dir, 'other.yaml'), base.replace('name: shop', 'name: books'));
    const before = readFileSync(join(dir, 'cdktf.out/topoform.json'), 'utf8');
    const r = topoform(['synth', 'other.yaml'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'error TOPO5002 refusing to replace cdktf.out: it holds the output of topology shop, not of books\n' +
        "  hint: synthesize into another --out folder, or pass --force to replace it (its workspaces' .terraform folders would then belong to another topology)\n1 error, 0 warnings, 0 infos\n",
    );
    expect(readFileSync(join(dir, 'cdktf.out/topoform.json'), 'utf8')).toBe(before);
    const forced = topoform(['synth', 'other.yaml', '--force'], { cwd: dir });
    expect(forced.status, forced.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'cdktf.out/topoform.json'), 'utf8'))).toMatchObject({ topology: 'books' });
    // The same topology again needs no --force.
    expect(topoform(['synth', 'other.yaml'], { cwd: dir }).status).toBe(0);
  });
});

describe('an interrupted swap is repaired first, in every run', () => {
  it('restores the earlier output even when the next topology is invalid', () => {
    const dir = scratch();
    expect(topoform(['synth', 'topology.yaml'], { cwd: dir }).status).toBe(0);
    const manifest = readFileSync(join(dir, 'cdktf.out/manifest.json'), 'utf8');
    // What a run killed between its two renames leaves: the earlier output moved aside, no target.
    renameSync(join(dir, 'cdktf.out'), join(dir, '.cdktf.out.topoform-old-99999999'));
    writeFileSync(join(dir, 'topology.yaml'), base.replace('us-west-2', 'us-west-9'));
    const r = topoform(['synth', 'topology.yaml'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('TOPO2007');
    expect(readFileSync(join(dir, 'cdktf.out/manifest.json'), 'utf8')).toBe(manifest);
    expect(readdirSync(dir).sort()).toEqual(['cdktf.out', 'topology.yaml']);
  });
});

describe('failover mistakes that must not pass', () => {
  it('ttl on a topology whose records are all aliases: a warning that it has no effect', () => {
    const r = topoform(['validate', 'topology.yaml'], { cwd: scratch(base.replace('  zone: example.com\n', '  zone: example.com\n  ttl: 300\n')) });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(
      "topology.yaml:12:3: warning TOPO3024 routing.ttl 300 has no effect: every record topoform makes here is an alias record, whose TTL is its target's\n" +
        '   |\n12 |   ttl: 300\n   |   ^^^\n' +
        '  hint: remove ttl; failover speed comes from the health check interval and failure threshold, and the load balancer alias answers with a 60-second TTL\n0 errors, 1 warning, 0 infos\n',
    );
  });
  // Two regions with one endpoint, and a store without network: test/invalid/same-endpoint-twice, store-without-network.
});

describe('validate warns of what synth refuses, so a CI gate on validate is not green on a topology synth cannot compile', () => {
  it('objectives and suppress: read by check, never a warning of validate; a network no store uses: refused', () => {
    const text = base.replace('  - name: us-west-2\n', '  - name: us-west-2\n    network: { subnetIds: [subnet-0a1, subnet-0a2], securityGroupIds: [sg-0a3] }\n') + 'objectives: { rto: 5m }\nsuppress:\n  - { rule: TOPO6007, reason: accepted in the review }\n';
    const dir = scratch(text);
    const v = topoform(['validate', 'topology.yaml', '--format', 'json'], { cwd: dir });
    expect(v.status).toBe(0);
    const report = JSON.parse(v.stdout) as { valid: boolean; warnings: number; diagnostics: { code: string; severity: string; pointer: string }[] };
    expect(report.valid).toBe(true);
    expect(report.diagnostics.map((d) => [d.code, d.severity, d.pointer])).toEqual([
      ['TOPO4001', 'warning', '/regions/1/network'],
    ]);
    const s = topoform(['synth', 'topology.yaml'], { cwd: dir });
    expect(s.status).toBe(1);
    expect(s.stderr).toContain('error TOPO4001 regions[1].network (the subnets aurora and cache stores attach to, or a region-isolation drill cuts off) is not compiled by this version of topoform');
    expect(s.stderr).not.toContain('objectives');
    expect(existsSync(join(dir, 'cdktf.out'))).toBe(false);
  });

  it('a default policy the user never typed compiles: active-active routes by latency', () => {
    const text = base.replace('pattern: active-passive', 'pattern: active-active');
    const dir = scratch(text);
    const r = topoform(['synth', 'topology.yaml'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const global = JSON.parse(readFileSync(join(dir, 'cdktf.out/stacks/global/cdk.tf.json'), 'utf8')) as { resource: { aws_route53_record: Record<string, { latency_routing_policy?: unknown }> } };
    expect(Object.values(global.resource.aws_route53_record).every((rec) => rec.latency_routing_policy !== undefined)).toBe(true);
  });
});

describe('control characters in arguments and paths never reach the terminal raw', () => {
  const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
  it('in usage errors, the validate line and JSON output', () => {
    const usage = topoform(['val\u001b]0;x\u0007']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('topoform: unknown command val\\x1b]0;x\\x07\n');
    const dir = scratch();
    const name = 'b\u001b]0;x\u0007\u202e.yaml';
    writeFileSync(join(dir, name), base);
    const ok = topoform(['validate', name], { cwd: dir });
    expect(ok.stdout).toBe('b\\x1b]0;x\\x07\\u202e.yaml: valid (active-passive, 2 regions)\n');
    const json = topoform(['validate', name, '--format', 'json'], { cwd: dir });
    expect(JSON.parse(json.stdout).file).toBe(name);
    for (const out of [usage.stderr, ok.stdout, json.stdout]) expect(out).not.toMatch(RAW);
  });
});
