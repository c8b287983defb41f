// The user docs stay true: every ```yaml block is a topology that validates, links stay inside the repo,
// every field of the schema is documented in docs/topology-format.md, and no page calls a compiled part uncompiled
// (the page's table of what this version compiles is generated from the not-compiled rule's own tables).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCOUNTS_BEGIN, ACCOUNTS_END, accountsMarkdown, COMPILED_BEGIN, COMPILED_END, compiledMarkdown } from '../src/analyze/rules-md';
import { STORE_TYPES } from '../src/model/stores';
import { APP_FIELDS, COMMAND_FIELDS, ENDPOINT_FIELDS, HEALTH_CHECK_FIELDS, REGION_FIELDS, ROUTING_FIELDS, STATE_FIELDS, TOP } from '../src/analyze/rules/not-compiled';
import { ROUTING_FEATURES, type RoutingFeatureName } from '../src/model/routing';
import { ROOT, topoform } from './helpers/cli';

/** README.md and every markdown file under docs/, as paths relative to the repo root. */
function markdownFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(ROOT, dir)).flatMap((name) => {
      const rel = `${dir}/${name}`;
      if (statSync(join(ROOT, rel)).isDirectory()) return walk(rel);
      return name.endsWith('.md') ? [rel] : [];
    });
  return ['README.md', ...(existsSync(join(ROOT, 'docs')) ? walk('docs').sort() : [])];
}

interface Block {
  lang: string;
  /** 1-based line of the opening fence. */
  line: number;
  body: string;
}

/** Fenced code blocks (``` or ~~~, CommonMark rules for opening and closing fences). */
function fencedBlocks(text: string): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, lang] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(lines[j]!);
      if (close && close[1]![0] === fence![0] && close[1]!.length >= fence!.length) break;
      body.push(lines[j]!.replace(new RegExp(`^ {0,${indent!.length}}`), ''));
    }
    blocks.push({ lang: lang!.toLowerCase(), line: i + 1, body: body.join('\n') + '\n' });
    i = j;
  }
  return blocks;
}

const yamlBlocks = (text: string) => fencedBlocks(text).filter((b) => b.lang === 'yaml' || b.lang === 'yml');

/** The text without code (fenced blocks blanked line for line, inline code spans removed), for finding links. */
function prose(text: string): string {
  const lines = text.split('\n');
  for (const b of fencedBlocks(text)) {
    const end = b.line + b.body.split('\n').length - 1;
    for (let k = b.line - 1; k < Math.min(end + 1, lines.length); k++) lines[k] = '';
  }
  return lines.join('\n').replace(/(`+)[\s\S]*?\1/g, '');
}

/** Link targets: inline links and images, reference definitions, autolinks, HTML href/src. */
function linkTargets(text: string): string[] {
  const body = prose(text);
  const targets: string[] = [];
  for (const m of body.matchAll(/\]\(\s*<?([^)\s>]*)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g)) targets.push(m[1]!);
  for (const m of body.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)) targets.push(m[1]!);
  for (const m of body.matchAll(/<([a-z][a-z0-9+.-]*:[^>\s]+)>/gi)) targets.push(m[1]!);
  for (const m of body.matchAll(/\b(?:href|src)\s*=\s*["']([^"']+)["']/gi)) targets.push(m[1]!);
  return targets;
}

/** Why a link target leaves the repo or points nowhere, or undefined when it is fine. */
function linkProblem(file: string, target: string): string | undefined {
  if (target.includes('../shared')) return 'links to ../shared, which is not part of the repo';
  if (/^file:/i.test(target)) return 'links to the local file system';
  if (/^mailto:/i.test(target)) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) return 'leaves the repo (a web address); the docs link only to files in the repo';
  const path = decodeURIComponent(target.replace(/[#?].*$/, ''));
  if (path === '') return undefined; // an anchor in the same file
  const absolute = path.startsWith('/') ? join(ROOT, path) : resolve(ROOT, dirname(file), path);
  const inside = relative(ROOT, absolute);
  if (inside.startsWith('..') || isAbsolute(inside)) return 'points outside the repo';
  if (!existsSync(absolute)) return `points to ${inside}, which does not exist`;
  return undefined;
}

/** Every property name the schema defines, at any depth (including $defs). */
function schemaPropertyNames(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => schemaPropertyNames(n, into));
  else if (node !== null && typeof node === 'object') {
    const properties = (node as { properties?: unknown }).properties;
    if (properties !== null && typeof properties === 'object' && !Array.isArray(properties)) {
      for (const name of Object.keys(properties)) into.add(name);
    }
    for (const value of Object.values(node)) schemaPropertyNames(value, into);
  }
  return into;
}

const FILES = markdownFiles();
/** Files that must hold at least this many ```yaml blocks. */
const MIN_YAML_BLOCKS: Record<string, number> = { 'README.md': 1, 'docs/topology-format.md': 2 };

describe('docs', () => {
  it('finds the docs', () => {
    for (const file of Object.keys(MIN_YAML_BLOCKS)) expect(FILES, `${file} is missing`).toContain(file);
  });

  it('has the yaml blocks it should', () => {
    for (const [file, min] of Object.entries(MIN_YAML_BLOCKS)) {
      const count = yamlBlocks(readFileSync(join(ROOT, file), 'utf8')).length;
      expect(count, `${file} has ${count} \`\`\`yaml blocks; expected at least ${min}`).toBeGreaterThanOrEqual(min);
    }
  });

  for (const file of FILES) {
    describe(file, () => {
      const text = readFileSync(join(ROOT, file), 'utf8');

      for (const block of yamlBlocks(text)) {
        it(`the yaml block at line ${block.line} is a topology that validates`, () => {
          const dir = mkdtempSync(join(tmpdir(), 'topoform-docs-'));
          try {
            writeFileSync(join(dir, 'topology.yaml'), block.body);
            const r = topoform(['validate', 'topology.yaml'], { cwd: dir });
            expect(
              r.status,
              `${file}:${block.line}: this \`\`\`yaml block must be a complete topology that \`topoform validate\` accepts ` +
                `(fence fragments as \`\`\`text):\n${r.stderr}${r.stdout}`,
            ).toBe(0);
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        });
      }

      it('links only to files inside the repo', () => {
        const problems = linkTargets(text)
          .map((target) => ({ target, problem: linkProblem(file, target) }))
          .filter((p) => p.problem !== undefined)
          .map((p) => `${file}: link ${p.target} ${p.problem}`);
        if (text.includes('../shared')) problems.push(`${file} mentions ../shared, which is not part of the repo`);
        expect(problems).toEqual([]);
      });
    });
  }

  it('documents every field of the schema in docs/topology-format.md', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'schema/topology.schema.json'), 'utf8')) as unknown;
    const names = [...schemaPropertyNames(schema)].sort();
    expect(names.length).toBeGreaterThan(50);
    const doc = readFileSync(join(ROOT, 'docs/topology-format.md'), 'utf8');
    // A row of a field table names the field in its first cell: "| `name` |" (shared names like `type` are rows too).
    const undocumented = names.filter((name) => !new RegExp(`^\\| (?:\`[^\`|]+\`\\.)*\`${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\` \\|`, 'm').test(doc));
    expect(undocumented, 'fields of schema/topology.schema.json without `name` in docs/topology-format.md').toEqual([]);
  });
});

describe('diagnostic codes', () => {
  it('every code topoform emits is listed in docs/topology-format.md', () => {
    const page = readFileSync(join(ROOT, 'docs/topology-format.md'), 'utf8');
    const codes = readFileSync(join(ROOT, 'src/diagnostics/codes.ts'), 'utf8').match(/TOPO\d{4}(?=:)/g) ?? [];
    expect(codes.length).toBeGreaterThan(40);
    expect(codes.filter((c) => !page.includes(`| \`${c}\` |`))).toEqual([]);
  });
});

describe('the README tells the truth about synth', () => {
  it('its sample summary is what synth of the active-passive example prints', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const sample = /```\n(Synthesized [^`]*?)```/.exec(readme)?.[1];
    expect(sample, 'a sample summary in README.md').toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'topoform-readme-'));
    writeFileSync(join(dir, 'topology.yaml'), readFileSync(join(ROOT, 'examples/active-passive/topology.yaml')));
    const r = topoform(['synth', 'topology.yaml'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.startsWith(sample!)).toBe(true);
  });
});

/**
 * How synth treats a field path as the docs write it (`app.inputs`, `regions[].inputs`, `routing.cdn`), by the
 * not-compiled rule's own tables: 'compiled', 'command' (read by check), 'partly' (regions[].network), 'refused', or
 * undefined for what is not a field path of the format.
 */
function handlingOf(path: string): 'compiled' | 'command' | 'partly' | 'refused' | undefined {
  const [top, second, third] = path.replace(/\[\]/g, '').split('.');
  const h = TOP[top as keyof typeof TOP];
  if (h === undefined) return undefined;
  if (typeof h === 'object') return 'refused';
  if (h === 'command') return top! in COMMAND_FIELDS ? 'command' : 'refused';
  if (second === undefined) return 'compiled';
  const nested: Record<string, Record<string, string>> = { state: STATE_FIELDS, app: APP_FIELDS };
  if (top! in nested) return second in nested[top!]! ? 'compiled' : undefined;
  if (top === 'regions') {
    const r = REGION_FIELDS[second as keyof typeof REGION_FIELDS];
    if (r === undefined) return undefined;
    if (r === 'attached-stores') return 'partly';
    if (typeof r === 'object') return 'refused';
    if (second === 'endpoint' && third !== undefined) return third in ENDPOINT_FIELDS ? 'compiled' : undefined;
    return r === 'compiled' ? 'compiled' : 'command';
  }
  if (top === 'routing') {
    const r = ROUTING_FIELDS[second as keyof typeof ROUTING_FIELDS];
    if (r === undefined) return undefined;
    if (second === 'healthCheck' && third !== undefined) return third in HEALTH_CHECK_FIELDS ? 'compiled' : undefined;
    if (r === 'compiled' || r === 'policy') return 'compiled';
    return ROUTING_FEATURES[r as RoutingFeatureName].notCompiled === undefined ? 'compiled' : 'refused';
  }
  return 'compiled'; // a field of a data store, job, alarm or drill entry: compiled whole with its kind
}

describe('the docs say what this version compiles, as the not-compiled rule decides it', () => {
  const page = readFileSync(join(ROOT, 'docs/topology-format.md'), 'utf8');

  it('docs/topology-format.md holds the table generated from the rule\'s tables (npm run rules writes it)', () => {
    const from = page.indexOf(COMPILED_BEGIN);
    const to = page.indexOf(COMPILED_END);
    expect(from, 'the generated part\'s markers in docs/topology-format.md').toBeGreaterThan(page.indexOf('## What this version compiles'));
    expect(page.slice(from, to + COMPILED_END.length), 'docs/topology-format.md "What this version compiles" is stale: run npm run rules').toBe(compiledMarkdown());
    // Every top-level field is in the table.
    for (const field of Object.keys(TOP)) expect(compiledMarkdown(), field).toMatch(new RegExp('`' + field + '(\\[\\])?[`.:]'));
  });

  it('docs/topology-format.md holds the table of what crosses accounts generated from the store kinds (npm run rules writes it)', () => {
    const from = page.indexOf(ACCOUNTS_BEGIN);
    const to = page.indexOf(ACCOUNTS_END);
    expect(from, 'the accounts table\'s markers').toBeGreaterThan(page.indexOf('## What crosses AWS accounts'));
    expect(page.slice(from, to + ACCOUNTS_END.length), 'docs/topology-format.md "What crosses AWS accounts" is stale: run npm run rules').toBe(accountsMarkdown());
    for (const type of STORE_TYPES) expect(accountsMarkdown(), type).toContain(`| \`${type}\` |`);
  });

  it('no page says that a part the rule compiles is not compiled, or that a command that exists is coming', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const commands = [...(/^## Commands\n+```\n([\s\S]*?)```/m.exec(readme)?.[1] ?? '').matchAll(/^topoform (\w+)/gm)].map((m) => m[1]!);
    expect(commands).toContain('check');
    const problems: string[] = [];
    for (const file of [...FILES, 'ARCHITECTURE.md']) {
      // The text without fenced blocks and HTML comments; inline code stays, as it names the fields.
      const raw = readFileSync(join(ROOT, file), 'utf8');
      const lines = raw.split('\n');
      for (const b of fencedBlocks(raw)) for (let k = b.line - 1; k < Math.min(b.line + b.body.split('\n').length - 1, lines.length); k++) lines[k] = '';
      const text = lines.join('\n').replace(/<!--[\s\S]*?-->/g, '');
      // Clauses, so that a sentence that names compiled fields and then something else that is not compiled is fine.
      for (const clause of text.replace(/\s+/g, ' ').split(/(?<=[.;:!?|])\s/)) {
        if (/\bnot (?:yet )?compiled\b|\bcompiled yet\b|\bnot compile\b/i.test(clause)) {
          for (const [, field] of clause.matchAll(/`([a-zA-Z][\w.[\]]*)`/g)) {
            if (handlingOf(field!) === 'compiled') problems.push(`${file}: "${clause.trim()}" calls \`${field}\` not compiled; the rule compiles it`);
          }
        }
        for (const [, command] of clause.matchAll(/`topoform (\w+)[^`]*`\s*\((?:coming|soon|planned)\)/gi)) {
          if (commands.includes(command!)) problems.push(`${file}: "${clause.trim()}" calls topoform ${command} coming; it exists`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('the check finds what it should: a sentence calling app.inputs uncompiled', () => {
    expect(handlingOf('app.inputs')).toBe('compiled');
    expect(handlingOf('regions[].inputs')).toBe('compiled');
    expect(handlingOf('regions[].network')).toBe('partly');
    expect(handlingOf('objectives')).toBe('command');
    expect(handlingOf('jobs')).toBe('compiled');
    expect(handlingOf('routing.cdn')).toBe('compiled');
  });

  it('the complete example passes validate, check and synth, as the page says', () => {
    const block = yamlBlocks(page).find((b) => b.body.includes('# yaml-language-server') && b.body.includes('suppress:'));
    expect(block, 'the complete example').toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'topoform-complete-'));
    try {
      writeFileSync(join(dir, 'topology.yaml'), block!.body);
      for (const command of [['validate'], ['check'], ['synth', '--out', 'out']]) {
        const r = topoform([command[0]!, 'topology.yaml', ...command.slice(1)], { cwd: dir });
        expect(r.status, `topoform ${command[0]} of the complete example:\n${r.stderr}`).toBe(0);
        expect(r.stderr).not.toMatch(/ error TOPO/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
