// `topoform promote REGION`'s text rewrite: the promoted region and the old primary swap places in `regions` by splicing
// their source text, roles and capacities follow the positions, `home` is pinned to the old primary, and every byte
// outside the changed spans (comments above all) stays as written. Golden diffs for every example.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { RoleName, TopologyInput } from '../src/model/input';
import { PATTERNS } from '../src/model/patterns';
import { HOME_COMMENT, promoteText, type Promoted } from '../src/promote/rewrite';
import { ROOT } from './helpers/cli';
import { EXAMPLES } from './helpers/examples';

type Data = Record<string, unknown> & { pattern: TopologyInput['pattern']; regions: Record<string, unknown>[] };

function promote(text: string, region: string): Promoted {
  return promoteText(text, parse(text) as TopologyInput, region);
}

/** A unified diff of two texts by lines (longest common subsequence), three lines of context. */
function unifiedDiff(before: string, after: string, name: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const ops: { op: ' ' | '-' | '+'; line: string; ai: number; bi: number }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) ops.push({ op: ' ', line: a[i]!, ai: i++, bi: j++ });
    else if (j < b.length && (i === a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) ops.push({ op: '+', line: b[j]!, ai: i, bi: j++ });
    else ops.push({ op: '-', line: a[i]!, ai: i++, bi: j });
  }
  const context = 3;
  const out = [`--- a/${name}`, `+++ b/${name}`];
  let n = 0;
  while (n < ops.length) {
    if (ops[n]!.op === ' ') {
      n++;
      continue;
    }
    // A hunk: from `context` lines before this change to `context` lines after the last change within reach.
    const start = Math.max(0, n - context);
    let end = n;
    for (let m = n; m < ops.length; m++) {
      if (ops[m]!.op !== ' ') end = m;
      else if (m - end > 2 * context) break;
    }
    const stop = Math.min(ops.length, end + context + 1);
    const hunk = ops.slice(start, stop);
    const oldCount = hunk.filter((o) => o.op !== '+').length;
    const newCount = hunk.filter((o) => o.op !== '-').length;
    out.push(`@@ -${hunk[0]!.ai + 1},${oldCount} +${hunk[0]!.bi + 1},${newCount} @@`);
    for (const o of hunk) out.push(`${o.op}${o.line}`);
    n = stop;
  }
  return `${out.join('\n')}\n`;
}

/** Each comment of the text: whole comment lines, and the `# ...` at the end of a line with content. */
function comments(text: string): string[] {
  const found: string[] = [];
  for (const line of text.split('\n')) {
    if (line.trim().startsWith('#')) found.push(line);
    else {
      const inline = /\s(#.*)$/.exec(line);
      if (inline) found.push(inline[1]!);
    }
  }
  return found;
}

/** The role and capacity a region has at `index` of `data`, worked out here from the contract and PATTERNS. */
function effective(data: Data, index: number): { role: RoleName; capacity: number } {
  const traits = PATTERNS[data.pattern];
  const r = data.regions[index]!;
  const role = (r.role as RoleName | undefined) ?? (index === 0 ? traits.defaultRoles.first : traits.defaultRoles.rest);
  const capacity = (r.capacity as number | undefined) ?? (role === 'secondary' ? traits.secondaryCapacity : 100);
  return { role, capacity };
}

/** What promoting regions[k] must read as: the two swapped, each with the other's role and capacity, `home` pinned. */
function expectedData(data: Data, k: number): Data {
  const traits = PATTERNS[data.pattern];
  const place = (r: Record<string, unknown>, index: number, want: { role: RoleName; capacity: number }) => {
    const next = { ...r };
    if ('role' in r || want.role !== (index === 0 ? traits.defaultRoles.first : traits.defaultRoles.rest)) next.role = want.role;
    if ('capacity' in r || want.capacity !== (want.role === 'secondary' ? traits.secondaryCapacity : 100)) next.capacity = want.capacity;
    return next;
  };
  const regions = [...data.regions];
  regions[0] = place(data.regions[k]!, 0, effective(data, 0));
  regions[k] = place(data.regions[0]!, k, effective(data, k));
  // Drills follow the role under a pattern with a primary (the two regions' drills swap targets); a database-failover
  // drill starts from the writer under every pattern.
  const a = data.regions[0]!.name;
  const b = data.regions[k]!.name;
  const drills = (data.drills as Record<string, unknown>[] | undefined)?.map((d) => {
    if (traits.needsPrimary) return d.target === a ? { ...d, target: b } : d.target === b ? { ...d, target: a } : d;
    return d.scenario === 'database-failover' && d.target === a ? { ...d, target: b } : d;
  });
  return { ...data, regions, ...('home' in data ? {} : { home: data.regions[0]!.name }), ...(drills ? { drills } : {}) };
}

describe('promote on the examples: regions[1] becomes the primary', () => {
  for (const example of EXAMPLES) {
    it(example, async () => {
      const file = `examples/${example}/topology.yaml`;
      const text = readFileSync(join(ROOT, file), 'utf8');
      const data = parse(text) as Data;
      const a = data.regions[0]!.name as string;
      const b = data.regions[1]!.name as string;
      const r = promote(text, b);
      expect(r.noop).toBe(false);
      expect(r.oldPrimary).toBe(a);
      await expect(unifiedDiff(text, r.text, file)).toMatchFileSnapshot(join(ROOT, 'test/golden-promote', `${example}.diff`));

      // Every comment survives byte for byte.
      const outLines = r.text.split('\n');
      for (const c of comments(text)) expect(outLines.some((l) => l === c || l.endsWith(c)), c).toBe(true);
      expect(comments(r.text).filter((c) => c !== HOME_COMMENT)).toEqual(expect.arrayContaining(comments(text)));

      const out = parse(r.text) as Data;
      expect(out).toEqual(expectedData(data, 1));
      expect(effective(out, 0)).toEqual(effective(data, 0));
      expect(effective(out, 1)).toEqual(effective(data, 1));
      // home sits right after pattern, at top level.
      const patternLine = outLines.findIndex((l) => l.startsWith('pattern:'));
      expect(outLines[patternLine + 1]).toMatch(new RegExp(`^home: ${a} +${HOME_COMMENT.replace(/[()]/g, '\\$&')}$`));
      // The edits point at lines of the original.
      const lines = text.split('\n');
      for (const e of r.edits) expect(e.line).toBeGreaterThanOrEqual(1);
      expect(r.edits.map((e) => [lines[e.line - 1]!.trim(), e.what])).toEqual(
        expect.arrayContaining([
          [`pattern: ${data.pattern}`, `home: ${a} pinned`],
          [expect.stringMatching(new RegExp(`^- (\\{ )?name: ${a}`)), `regions[0] (${a}) and regions[1] (${b}) swap places`],
        ]),
      );

      // Promoting the new first region again changes nothing.
      const again = promote(r.text, b);
      expect(again).toEqual({ text: r.text, noop: true, oldPrimary: b, edits: [], notes: [] });

      // Promoting back restores the roles and capacities (and everything else but `home`).
      const back = promote(r.text, a);
      const restored = parse(back.text) as Data;
      expect(restored.regions.map((_, i) => effective(restored, i))).toEqual(data.regions.map((_, i) => effective(data, i)));
      const strip = (d: Data) => ({ ...d, home: undefined, regions: d.regions.map(({ role: _r, capacity: _c, ...rest }) => rest) });
      expect(strip(restored)).toEqual(strip(data));
    });
  }
});

describe('promote, by case', () => {
  it('replaces explicit role keys, keeps comments inside an item with it and comments between items in place', () => {
    const text = `version: 1
name: shop
pattern: active-passive   # a hot standby
regions:
  # the primary
  - name: us-east-1        # Virginia
    role: primary
    endpoint: { dnsName: a.example.com, zoneId: Z1 }
  # the standby
  - name: us-west-2
    role: "secondary"      # Oregon
    # where failover lands
    endpoint: { dnsName: b.example.com, zoneId: Z2 }
`;
    const r = promote(text, 'us-west-2');
    expect(r.text).toBe(`version: 1
name: shop
pattern: active-passive   # a hot standby
home: us-east-1           ${HOME_COMMENT}
regions:
  # the primary
  - name: us-west-2
    role: "primary"      # Oregon
    # where failover lands
    endpoint: { dnsName: b.example.com, zoneId: Z2 }
  # the standby
  - name: us-east-1        # Virginia
    role: secondary
    endpoint: { dnsName: a.example.com, zoneId: Z1 }
`);
    expect(r.edits).toEqual([
      { line: 3, what: 'home: us-east-1 pinned' },
      { line: 6, what: 'regions[0] (us-east-1) and regions[1] (us-west-2) swap places' },
      { line: 7, what: 'us-east-1: role secondary' },
      { line: 11, what: 'us-west-2: role primary' },
    ]);
    expect(r.notes).toEqual([]);
  });

  it('swaps flow-style items and writes capacity into them', () => {
    const text = `version: 1
name: shop
pattern: warm-standby
regions:
  - { name: us-east-1, endpoint: { dnsName: a.example.com, zoneId: Z1 } }
  - { name: us-west-2, capacity: 50 }   # half the fleet
`;
    const r = promote(text, 'us-west-2');
    expect(r.text).toBe(`version: 1
name: shop
pattern: warm-standby
home: us-east-1  ${HOME_COMMENT}
regions:
  - { name: us-west-2, capacity: 100 }   # half the fleet
  - { name: us-east-1, capacity: 50, endpoint: { dnsName: a.example.com, zoneId: Z1 } }
`);
    expect(r.edits.map((e) => e.what)).toEqual([
      'home: us-east-1 pinned',
      'regions[0] (us-east-1) and regions[1] (us-west-2) swap places',
      'us-east-1: capacity 50',
      'us-west-2: capacity 100',
    ]);
  });

  it('inserts a role key after the name where the new position defaults to another role (block and flow)', () => {
    // A topology rule primary-first refuses (the first region a secondary), to exercise the insertion.
    for (const [regions, expected] of [
      [
        `  - name: a\n    role: secondary\n  - name: b\n    endpoint: { dnsName: b.example.com, zoneId: Z2 }\n`,
        `  - name: b\n    role: secondary\n    endpoint: { dnsName: b.example.com, zoneId: Z2 }\n  - name: a\n    role: secondary\n`,
      ],
      [`  - { name: a, role: secondary }\n  - { name: b }\n`, `  - { name: b, role: secondary }\n  - { name: a, role: secondary }\n`],
    ] as const) {
      const text = `version: 1\nname: x\npattern: warm-standby\nhome: a\nregions:\n${regions}`;
      const r = promote(text, 'b');
      expect(r.text).toBe(`version: 1\nname: x\npattern: warm-standby\nhome: a\nregions:\n${expected}`);
      expect(r.edits.map((e) => e.what)).toEqual(['regions[0] (a) and regions[1] (b) swap places', 'b: role secondary']);
    }
  });

  it('warm standby: the secondary at 50 becomes the primary at 100, the old primary a secondary at 50', () => {
    const text = `version: 1
name: shop
pattern: warm-standby
regions:
  - name: us-east-1
    inputs: { subnet_ids: [subnet-a] }
  - name: us-west-2
    capacity: 50   # half
    inputs: { subnet_ids: [subnet-b] }
`;
    const r = promote(text, 'us-west-2');
    expect(r.text).toBe(`version: 1
name: shop
pattern: warm-standby
home: us-east-1  ${HOME_COMMENT}
regions:
  - name: us-west-2
    capacity: 100   # half
    inputs: { subnet_ids: [subnet-b] }
  - name: us-east-1
    capacity: 50
    inputs: { subnet_ids: [subnet-a] }
`);
    expect(r.edits).toEqual([
      { line: 3, what: 'home: us-east-1 pinned' },
      { line: 5, what: 'regions[0] (us-east-1) and regions[1] (us-west-2) swap places' },
      { line: 5, what: 'us-east-1: capacity 50' },
      { line: 8, what: 'us-west-2: capacity 100' },
    ]);
    // And back: both written out, as the rewrite replaces what is there.
    const back = parse(promote(r.text, 'us-east-1').text) as Data;
    expect(back.regions).toEqual([
      { name: 'us-east-1', capacity: 100, inputs: { subnet_ids: ['subnet-a'] } },
      { name: 'us-west-2', capacity: 50, inputs: { subnet_ids: ['subnet-b'] } },
    ]);
  });

  it('three-region active-passive: promoting the third swaps it with the first and leaves the second alone', () => {
    const text = `version: 1
name: shop
pattern: active-passive
home: us-east-1
regions:
  - name: us-east-1
    endpoint:
      dnsName: a.example.com
      zoneId: Z1

  # second in line
  - name: us-east-2
    endpoint: { dnsName: b.example.com, zoneId: Z2 }
  - name: us-west-2
    endpoint: { dnsName: c.example.com, zoneId: Z3 }
routing: { domain: shop.example.com, zone: example.com }
`;
    const r = promote(text, 'us-west-2');
    expect(r.text).toBe(`version: 1
name: shop
pattern: active-passive
home: us-east-1
regions:
  - name: us-west-2
    endpoint: { dnsName: c.example.com, zoneId: Z3 }

  # second in line
  - name: us-east-2
    endpoint: { dnsName: b.example.com, zoneId: Z2 }
  - name: us-east-1
    endpoint:
      dnsName: a.example.com
      zoneId: Z1
routing: { domain: shop.example.com, zone: example.com }
`);
    expect(r.edits).toEqual([{ line: 6, what: 'regions[0] (us-east-1) and regions[2] (us-west-2) swap places' }]);
    expect(r.notes).toEqual([]);
  });

  it('reports the global state region, drills on the old primary and jobs placed by region name', () => {
    const text = `version: 1
name: shop
pattern: active-passive
state: { backend: s3, bucket: "tf-{region}", globalRegion: us-west-2 }
regions:
  - name: us-east-1
  - name: us-west-2
  - name: us-east-2
jobs:
  - { name: nightly, schedule: "rate(1 day)", target: "arn:aws:lambda:{region}:1:function:n", placement: follow-primary }
  - { name: audit, schedule: "rate(1 day)", target: "arn:aws:lambda:{region}:1:function:a", placement: region:us-east-1 }
  - { name: export, schedule: "rate(1 day)", target: "arn:aws:lambda:{region}:1:function:e", placement: region:us-west-2 }
  - { name: other, schedule: "rate(1 day)", target: "arn:aws:lambda:{region}:1:function:o", placement: region:us-east-2 }
drills:
  - { name: outage, scenario: region-isolation, target: us-east-1 }
  - { name: lag, scenario: pause-replication, target: us-west-2 }
`;
    const r = promote(text, 'us-west-2');
    expect(r.notes.map(({ path, severity }) => ({ path, severity }))).toEqual([
      { path: ['state', 'globalRegion'], severity: 'error' },
      { path: ['drills', 0, 'target'], severity: 'warning' },
      { path: ['drills', 1, 'target'], severity: 'warning' },
      { path: ['jobs', 1, 'placement'], severity: 'warning' },
      { path: ['jobs', 2, 'placement'], severity: 'warning' },
    ]);
    expect(r.notes[0]!.message).toContain("the global workspace's state would be in the new primary");
    expect(r.notes[0]!.hint).toContain('not us-west-2');
    // Drills follow the role (the primary's loss is rehearsed in the new primary), and say so where they changed.
    expect(r.notes[1]!.message).toBe('drill outage now targets us-west-2, which has the role us-east-1 had');
    expect(r.notes[1]!.hint).toBe('if it was meant for us-east-1 by name rather than by role, set its target back to us-east-1');
    expect(r.notes[2]!.message).toBe('drill lag now targets us-east-1, which has the role us-west-2 had');
    expect(r.notes[3]!.message).toContain('region:us-east-1');
    // globalRegion and job placements are reported, not edited; drill targets are edited.
    const out = parse(r.text) as TopologyInput;
    expect(out.state?.globalRegion).toBe('us-west-2');
    expect(out.drills?.map((d) => d.target)).toEqual(['us-west-2', 'us-east-1']);
    expect(out.jobs?.map((j) => j.placement)).toEqual(['follow-primary', 'region:us-east-1', 'region:us-west-2', 'region:us-east-2']);
    // Under an all-active pattern drills name a region by choice: they stay, and the one on the old first region is reported.
    const active = promote(text.replace('pattern: active-passive', 'pattern: active-active').replace(', globalRegion: us-west-2', ''), 'us-west-2');
    expect((parse(active.text) as TopologyInput).drills?.map((d) => d.target)).toEqual(['us-east-1', 'us-west-2']);
    expect(active.notes.find((n) => n.path[0] === 'drills')?.message).toBe('drill outage targets us-east-1, no longer the first region');
  });

  it('warns that an unset global state region moves with the last region (S3 backend)', () => {
    const text = `version: 1\nname: shop\npattern: active-passive\nstate: { backend: s3, bucket: "tf-{region}" }\nregions:\n  - name: us-east-1\n  - name: us-west-2\n`;
    expect(promote(text, 'us-west-2').notes).toEqual([expect.objectContaining({ path: ['regions', 1], severity: 'warning' })]);
    expect(promote(text.replace('backend: s3, bucket: "tf-{region}"', 'backend: local'), 'us-west-2').notes).toEqual([]);
  });

  it('partitioned: an error when the swap reorders the regions of a jurisdiction', () => {
    const text = readFileSync(join(ROOT, 'examples/partitioned/topology.yaml'), 'utf8');
    // eu-west-1, us-east-1, eu-central-1, us-west-2: us-east-1 first keeps both jurisdictions' order.
    expect(promote(text, 'us-east-1').notes).toEqual([]);
    // eu-central-1 first puts it before eu-west-1.
    const eu = promote(text, 'eu-central-1').notes;
    expect(eu).toEqual([expect.objectContaining({ path: ['regions', 2], severity: 'error' })]);
    expect(eu[0]!.message).toContain('jurisdiction eu');
    expect(eu[0]!.hint).toContain('reorder the regions by hand');
    // us-west-2 first: eu-west-1 moves to the end, after eu-central-1 (eu reordered), and us-west-2 before us-east-1.
    expect(promote(text, 'us-west-2').notes.map((n) => n.message)).toEqual([
      expect.stringContaining('jurisdiction eu'),
      expect.stringContaining('jurisdiction us'),
    ]);
  });

  it('leaves an existing home alone, keeps CRLF line breaks and realigns items indented differently', () => {
    const crlf = 'version: 1\r\nname: x\r\npattern: pilot-light\r\nregions:\r\n  - name: a\r\n    endpoint: { dnsName: a.example.com, zoneId: Z1 }\r\n  - name: b\r\n';
    expect(promote(crlf, 'b').text).toBe(
      `version: 1\r\nname: x\r\npattern: pilot-light\r\nhome: a  ${HOME_COMMENT}\r\nregions:\r\n  - name: b\r\n  - name: a\r\n    endpoint: { dnsName: a.example.com, zoneId: Z1 }\r\n`,
    );
    const ragged = 'version: 1\nname: x\npattern: pilot-light\nhome: b\nregions:\n-   name: a\n    inputs: { x: 1 }\n- name: b\n  network:\n    subnetIds: [s-1]\n';
    expect(promote(ragged, 'b').text).toBe('version: 1\nname: x\npattern: pilot-light\nhome: b\nregions:\n-   name: b\n    network:\n      subnetIds: [s-1]\n- name: a\n  inputs: { x: 1 }\n');
  });

  it('is a no-op for the first region and refuses a region that is not listed', () => {
    const text = readFileSync(join(ROOT, 'examples/hybrid/topology.yaml'), 'utf8');
    expect(promote(text, 'eu-west-1')).toEqual({ text, noop: true, oldPrimary: 'eu-west-1', edits: [], notes: [] });
    expect(() => promote(text, 'us-east-1')).toThrow('cannot promote us-east-1: it is not one of the regions (eu-west-1, eu-central-1)');
  });
});
