// `topoform graph`: the workspace dependency graph and the stores' replication links, as Mermaid (parsed by Mermaid's
// own parser) and DOT (checked well-formed), for every example; labels escaped whatever the names hold.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGraph, renderGraph, replicationLinks } from '../src/docs/graph';
import type { DataStore, Topology } from '../src/model/types';
import { workspaceGraph } from '../src/model/workspaces';
import { validateText } from '../src/validate';
import { ROOT, topoform } from './helpers/cli';
import { EXAMPLES } from './helpers/examples';
import { twoRegions } from './helpers/fixtures';
import { topologyDir } from './helpers/synth';

let mermaid: { parse(text: string): Promise<unknown> };
beforeAll(async () => {
  // Mermaid's parser needs a DOM (DOMPurify); jsdom gives it one.
  // jsdom ships no type declarations (and @types/jsdom is not a dependency): only its constructor is used here.
  const { JSDOM } = require('jsdom') as { JSDOM: new (html: string) => { window: { document: unknown } } };
  const dom = new JSDOM('<!doctype html><html><body></body></html>');
  Object.assign(globalThis, { window: dom.window, document: dom.window.document });
  mermaid = ((await import('mermaid')) as unknown as { default: typeof mermaid }).default;
}, 120_000);

function topologyOf(example: string): Topology {
  const file = join(ROOT, 'examples', example, 'topology.yaml');
  const r = validateText(`examples/${example}/topology.yaml`, readFileSync(file, 'utf8'));
  if (!r.value) throw new Error(`${example} does not validate`);
  return r.value.topology;
}

function graphCli(example: string, format?: 'mermaid' | 'dot'): string {
  const r = topoform(['graph', `examples/${example}/topology.yaml`, ...(format ? ['--format', format] : [])]);
  if (r.status !== 0) throw new Error(`graph of ${example} failed (${r.status}):\n${r.stderr}`);
  return r.stdout;
}

/**
 * DOT's grammar, the part we write: a comment line, `digraph "id" {`, then statements of quoted ids and attribute
 * lists each ending in `;`, then `}`. Every string quoted and closed, braces and brackets balanced, every edge between
 * declared nodes. Returns the problems.
 */
function dotProblems(text: string): string[] {
  const problems: string[] = [];
  const str = '"(?:[^"\\\\\\n]|\\\\.)*"';
  const attrs = `\\[(?:[a-z]+=${str}(?:, )?)*\\]`;
  const lines = text.split('\n');
  if (lines.at(-1) !== '') problems.push('no final newline');
  const body = lines.slice(0, -1).filter((l) => !l.startsWith('//'));
  if (!new RegExp(`^digraph ${str} \\{$`).test(body[0] ?? '')) problems.push(`bad opening: ${body[0]}`);
  if (body.at(-1) !== '}') problems.push('not closed');
  const nodes = new Set<string>();
  for (const line of body.slice(1, -1)) {
    const node = new RegExp(`^  (${str}) ${attrs};$`).exec(line);
    const edge = new RegExp(`^  (${str}) -> (${str}) ${attrs};$`).exec(line);
    const setting = new RegExp(`^  (?:[a-z]+=${str}|node ${attrs});$`).test(line);
    if (node) nodes.add(node[1]!);
    else if (edge) {
      for (const end of [edge[1]!, edge[2]!]) if (!nodes.has(end)) problems.push(`edge to undeclared ${end}`);
    } else if (!setting) problems.push(`not a statement: ${line}`);
  }
  let depth = 0;
  for (const c of body.join('\n').replace(new RegExp(str, 'g'), '""')) {
    if (c === '{' || c === '[') depth++;
    if (c === '}' || c === ']') depth--;
    if (depth < 0) problems.push('closes more than it opens');
  }
  if (depth !== 0) problems.push('unbalanced');
  return problems;
}

describe('graph goldens', () => {
  for (const example of EXAMPLES) {
    it(example, async () => {
      const mmd = graphCli(example);
      const dot = graphCli(example, 'dot');
      await expect(mmd).toMatchFileSnapshot(join(ROOT, 'test/golden-pipeline', example, 'graph.mmd'));
      await expect(dot).toMatchFileSnapshot(join(ROOT, 'test/golden-pipeline', example, 'graph.dot'));
      expect(await mermaid.parse(mmd)).toMatchObject({ diagramType: 'flowchart-v2' });
      expect(dotProblems(dot)).toEqual([]);
      expect(graphCli(example, 'mermaid')).toBe(mmd);
    });
  }
});

describe('what the graph shows', () => {
  it('every apply-order edge of the workspace graph, and nothing else as apply order', () => {
    for (const example of EXAMPLES) {
      const t = topologyOf(example);
      const g = buildGraph(t);
      const name = (id: string) => g.nodes.find((n) => n.id === id)!.workspace;
      const drawn = g.edges.filter((e) => e.kind === 'apply-order').map((e) => `${name(e.from)} -> ${name(e.to)}`).sort();
      const expected = workspaceGraph(t).flatMap((w) => w.after.map((a) => `${a} -> ${w.name}`)).sort();
      expect(drawn, example).toEqual(expected);
    }
  });

  it('replication links follow each store kind, and stay inside a jurisdiction', () => {
    const t = topologyOf('partitioned');
    const regulated = t.data.filter((s) => s.regulated);
    expect(regulated.length).toBeGreaterThan(0);
    for (const store of regulated) {
      for (const link of replicationLinks(store, t)) {
        expect(store.groups.some((g) => g.includes(link.from) && g.includes(link.to)), `${store.name} ${link.from} -> ${link.to}`).toBe(true);
      }
    }
    const ap = topologyOf('active-passive');
    const assets = ap.data.find((s) => s.name === 'assets')!;
    expect(replicationLinks(assets, ap)).toEqual([{ from: 'us-east-1', to: 'us-west-2', both: assets.type === 's3' && assets.direction === 'two-way', what: expect.stringContaining('S3 replication') }]);
    const flags = ap.data.find((s) => s.type === 'parameter')!;
    expect(replicationLinks(flags, ap)).toEqual([]);
    const mmd = graphCli('active-passive');
    expect(mmd).toContain('n0 -.->|"api-keys: Secrets Manager replica"| n1');
  });

  it('says it is generated, from what and how to regenerate', () => {
    expect(graphCli('active-passive', 'dot').split('\n')[0]).toBe(
      '// Generated by topoform 0.1.0 from examples/active-passive/topology.yaml (topology payments); regenerate with: topoform graph examples/active-passive/topology.yaml --format dot',
    );
  });
});

describe('labels are escaped', () => {
  const nasty = [
    'a"] --> x["pwned',
    '|"edge|',
    '%%{init: {"theme": "dark"}}%%',
    '{{name}} <script>alert(1)</script> & `code` #35; ;',
    'back\\slash "quote" \n newline',
    'émoji 🚀 and ]] }} ))',
  ];

  it('Mermaid parses, and the graph keeps its nodes and edges', async () => {
    const t = topologyOf('active-passive');
    for (const name of nasty) {
      const data = t.data.map((s) => ({ ...s, name })) as DataStore[];
      const mmd = renderGraph({ ...t, data }, 'mermaid', `dir/${name}.yaml`, '0.0.0');
      await expect(mermaid.parse(mmd), name).resolves.toMatchObject({ diagramType: 'flowchart-v2' });
      const body = mmd.split('\n').slice(1).join('\n');
      for (const c of ['"', '[', ']', '|', '{', '}', '<', '>', '%', '`', '&', '#', ';', '\\']) {
        const labels = [...body.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
        for (const l of labels) expect(l.includes(c) && c !== '#' && c !== ';', `${name}: ${l}`).toBe(false);
      }
      const g = buildGraph({ ...t, data });
      // one line per node and per edge, after the comment and the header
      expect(mmd.trimEnd().split('\n').length).toBe(2 + g.nodes.length + g.edges.length);
      expect(mmd.split('\n')[0]).not.toContain('\n');
    }
  });

  it('DOT stays well-formed', () => {
    const t = topologyOf('active-passive');
    for (const name of nasty) {
      const data = t.data.map((s) => ({ ...s, name })) as DataStore[];
      const dot = renderGraph({ ...t, data }, 'dot', `dir/${name}.yaml`, '0.0.0');
      expect(dotProblems(dot), name).toEqual([]);
    }
    // the checker itself catches an unquoted id and an open bracket
    expect(dotProblems('digraph "x" {\n  a [label="x"];\n}\n')).not.toEqual([]);
    expect(dotProblems('digraph "x" {\n  "a" [label="x";\n}\n')).not.toEqual([]);
    expect(dotProblems('digraph "x" {\n  "a" [label="x\\"];\n}\n')).not.toEqual([]);
  });
});

describe('topoform graph on the command line', () => {
  it('refuses a --format of another command and a pipeline option with exit 2', () => {
    for (const [args, message] of [
      [['graph', 'examples/active-passive/topology.yaml', '--format', 'json'], '--format must be mermaid or dot, not json'],
      [['graph', 'examples/active-passive/topology.yaml', '--github'], '--github belongs to pipeline'],
      [['graph', 'examples/active-passive/topology.yaml', '--out', 'g.mmd'], '--out belongs to synth, docs, pipeline and init'],
      [['check', 'examples/active-passive/topology.yaml', '--format', 'dot'], '--format must be text, json or sarif, not dot'],
    ] as const) {
      const r = topoform([...args]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stdout).toBe('');
    }
  });

  it('an invalid topology exits 1 with its diagnostics and no graph; a missing file is a wrong argument (2)', () => {
    const dir = topologyDir(twoRegions().replace('pattern: active-passive', 'pattern: active-pasive'), 'graph-invalid');
    const r = topoform(['graph', 'topology.yaml'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('TOPO2');
    expect(r.stdout).toBe('');
    const missing = topoform(['graph', 'examples/active-passive/missing.yaml']);
    expect(missing.status).toBe(2);
    expect(missing.stdout).toBe('');
  });
});
