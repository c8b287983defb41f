// Load stage: YAML text -> plain data plus a source map; the only code that touches yaml's node APIs.
import { readFileSync, statSync } from 'node:fs';
import {
  Alias,
  Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  visit,
  type Node as YamlNode,
} from 'yaml';
import type { Code } from '../diagnostics/codes';
import type { Diagnostic, Range, StageResult } from '../diagnostics/diagnostic';

/** Files larger than this are refused before parsing. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Alias expansions allowed in one document; far above what a real topology needs. */
export const MAX_ALIAS_COUNT = 100;

/** Flow collections ([ ], { }) nested deeper than this are refused before parsing: the parser recurses on them. */
export const MAX_FLOW_DEPTH = 64;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export type PathSegment = string | number;

/** A loaded topology file: its data and the means to point back into its text. */
export interface SourceFile {
  /** The path as the user gave it; printed in diagnostics. */
  path: string;
  text: string;
  data: unknown;
  /** Range of the value at `path`, or of the key itself with `key: true`. Falls back to the nearest ancestor. */
  rangeOf(path: readonly PathSegment[], opts?: { key?: boolean }): Range;
  /** The value's text exactly as written in the file (for "YAML read X as Y" messages). */
  sourceText(path: readonly PathSegment[]): string | undefined;
}

export function loadFile(path: string): Loaded {
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > MAX_FILE_BYTES) {
      return fail(path, 'TOPO1002', `the file is ${size} bytes; topoform reads at most ${MAX_FILE_BYTES}`, 'a topology is a few kilobytes: check that this is the right file');
    }
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    return fail(path, 'TOPO1001', `cannot read the topology: ${reason}`);
  }
  return loadText(path, text);
}

function fail(path: string, code: Code, message: string, hint?: string): StageResult<SourceFile> {
  const d: Diagnostic = { code, severity: 'error', message, range: { file: path, line: 1, column: 1, endLine: 1, endColumn: 1 } };
  if (hint) d.hint = hint;
  return { diagnostics: [d] };
}

/** A load's result also carries the text it read, so failures can be shown with their source lines. */
export type Loaded = StageResult<SourceFile> & { text?: string };

export function loadText(path: string, text: string): Loaded {
  return { ...parseText(path, text), text };
}

function parseText(path: string, text: string): StageResult<SourceFile> {
  if (Buffer.byteLength(text, 'utf8') > MAX_FILE_BYTES) {
    return fail(path, 'TOPO1002', `the file is larger than ${MAX_FILE_BYTES} bytes`);
  }
  const lineCounter = new LineCounter();
  const at = (start: number, end: number): Range => {
    const a = lineCounter.linePos(start);
    const b = lineCounter.linePos(Math.max(start, end));
    return { file: path, line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
  };
  const diagnostics: Diagnostic[] = [];
  const deep = tooDeep(text);
  if (deep !== undefined) {
    return {
      diagnostics: [{
        code: 'TOPO1003',
        severity: 'error',
        message: `brackets nest deeper than ${MAX_FLOW_DEPTH} levels`,
        hint: 'a topology nests a few levels; this looks like a generated or hostile file',
        range: rangeByHand(path, text, deep),
      }],
    };
  }
  let parsed: ReturnType<typeof parseAllDocuments>;
  try {
    parsed = parseAllDocuments(text, {
    lineCounter,
    prettyErrors: false,
    strict: true,
    merge: false,
    version: '1.2',
    schema: 'core',
    stringKeys: false,
    uniqueKeys: false, // duplicates are found below, with both positions
  });
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    return fail(path, 'TOPO1003', 'the document nests too deeply to read', 'a topology nests a few levels; this looks like a generated or hostile file');
  }
  // A trailing `---` with nothing after it is not a second document.
  const empty = (d: { contents: unknown }) => d.contents === null || (isScalar(d.contents) && d.contents.value === null && d.contents.source === '');
  const list = (Array.isArray(parsed) ? parsed : []).filter((d, i) => i === 0 || !empty(d) || d.errors.length > 0);
  if (list.length === 0) {
    return fail(path, 'TOPO1008', 'the file holds no topology', 'start from an example in examples/');
  }
  if (list.length > 1) {
    const second = list[1]!;
    const start = second.range?.[0] ?? 0;
    diagnostics.push({
      code: 'TOPO1005',
      severity: 'error',
      message: `the file holds ${list.length} YAML documents; a topology is exactly one`,
      hint: 'remove the `---` separator and everything after it, or split the topologies into separate files',
      range: at(start, start + 3),
    });
  }
  const doc = list[0]!;
  // After the first syntax error the parser's view of the rest is unreliable: report that one only.
  const syntax = [...doc.errors, ...doc.warnings].sort((a, b) => a.pos[0] - b.pos[0])[0];
  const overIndented = doc.errors.find((e) => e.code === 'MULTILINE_IMPLICIT_KEY');
  if (overIndented && lineCounter.linePos(overIndented.pos[1]).line > lineCounter.linePos(overIndented.pos[0]).line) {
    // `key: value` followed by a line indented deeper: YAML reads that line as part of the value above.
    const line = lineCounter.linePos(overIndented.pos[1]).line;
    const lineStart = lineCounter.lineStarts[line - 1]!;
    const indent = /^ */.exec(text.slice(lineStart))![0].length;
    const lineEnd = text.indexOf('\n', lineStart);
    diagnostics.push({
      code: 'TOPO1003',
      severity: 'error',
      message: 'this line is indented deeper than the keys before it',
      hint: 'keys of one mapping line up in the same column; YAML reads a deeper line as part of the value above',
      range: at(lineStart + indent, lineEnd === -1 ? text.length : lineEnd),
    });
  } else if (syntax) {
    const end = Math.min(syntax.pos[0], Math.max(0, text.trimEnd().length - 1));
    diagnostics.push({
      code: 'TOPO1003',
      severity: 'error',
      message: yamlMessage(syntax.message),
      hint: syntaxHint(syntax.code),
      range: at(end, Math.max(end, Math.min(syntax.pos[1], text.length))),
    });
  }
  if (!syntax) {
    visit(doc, {
      Map(_, map) {
        const seen = new Map<string, YamlNode>();
        for (const pair of map.items) {
          if (!isScalar(pair.key)) continue;
          const name = String(pair.key.value);
          const first = seen.get(name);
          const r = pair.key.range ?? [0, 0, 0];
          if (first) {
            const firstLine = lineCounter.linePos(first.range?.[0] ?? 0).line;
            diagnostics.push({
              code: 'TOPO1004',
              severity: 'error',
              message: `duplicate key \`${name}\` (first at line ${firstLine})`,
              hint: 'YAML would silently keep only one of the values; remove or merge the duplicate',
              range: at(r[0], r[1]),
            });
          } else seen.set(name, pair.key as YamlNode);
        }
      },
      Pair(_, pair) {
        if (isScalar(pair.key) && (pair.key.value === null || pair.key.value === undefined)) {
          const r = pair.key.range ?? [0, 0, 0];
          diagnostics.push({ code: 'TOPO1003', severity: 'error', message: 'a mapping key is empty (null)', hint: 'every key is a field name', range: at(r[0], Math.max(r[1], r[0] + 1)) });
          return;
        }
        if (isScalar(pair.key) && typeof pair.key.value === 'string' && FORBIDDEN_KEYS.has(pair.key.value)) {
          const r = pair.key.range ?? [0, 0, 0];
          diagnostics.push({
            code: 'TOPO1007',
            severity: 'error',
            message: `the key \`${pair.key.value}\` is not allowed`,
            hint: 'keys that name JavaScript object internals are refused; no topology field is called that',
            range: at(r[0], r[1]),
          });
        } else if (pair.key !== null && !isScalar(pair.key)) {
          const r = (pair.key as YamlNode).range ?? [0, 0, 0];
          diagnostics.push({ code: 'TOPO1003', severity: 'error', message: 'a mapping key must be a plain value, not a list or map', range: at(r[0], r[1]) });
        }
      },
    });
  }
  if (diagnostics.length > 0) return { diagnostics };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    if (err instanceof RangeError) return fail(path, 'TOPO1003', 'the document nests too deeply to read');
    let first: Alias | undefined;
    visit(doc, { Alias(_, a) { first = a; return visit.BREAK; } });
    const r = first?.range ?? [0, 0, 0];
    return {
      diagnostics: [{
        code: 'TOPO1006',
        severity: 'error',
        message: `YAML aliases expand beyond ${MAX_ALIAS_COUNT} nodes (${(err as Error).message.replace(/\.$/, '')})`,
        hint: 'an alias that expands into aliases grows exponentially; write the values out or use fewer aliases',
        range: at(r[0], r[1]),
      }],
    };
  }
  if (data === null || data === undefined) {
    return fail(path, 'TOPO1008', 'the file holds no topology', 'start from an example in examples/');
  }

  const nodeAt = (segments: readonly PathSegment[]): { node: YamlNode | null; keyNode?: YamlNode; depth: number } => {
    let node: YamlNode | null = doc.contents as YamlNode | null;
    let keyNode: YamlNode | undefined;
    let depth = 0;
    for (const seg of segments) {
      if (isAlias(node)) node = (node as Alias).resolve(doc as Document) as YamlNode | null ?? null;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        keyNode = pair.key as YamlNode;
        node = pair.value as YamlNode | null;
        if (node === null) { depth++; return { node: keyNode, keyNode, depth }; }
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg] as YamlNode | undefined;
        if (!item) break;
        keyNode = undefined;
        node = item;
      } else {
        break;
      }
      depth++;
    }
    return keyNode ? { node, keyNode, depth } : { node, depth };
  };

  const source: SourceFile = {
    path,
    text,
    data,
    rangeOf(segments, opts) {
      const found = nodeAt(segments);
      const complete = found.depth === segments.length;
      const target = opts?.key && complete && found.keyNode ? found.keyNode : found.node;
      const r = target?.range;
      if (!r) return { file: path, line: 1, column: 1, endLine: 1, endColumn: 1 };
      // A collection's range spans all its lines; point at its first line only.
      if (isMap(target) || isSeq(target)) {
        const start = lineCounter.linePos(r[0]);
        const lineEnd = text.indexOf('\n', r[0]);
        const end = lineEnd === -1 ? text.length : lineEnd;
        return { file: path, line: start.line, column: start.col, endLine: start.line, endColumn: start.col + Math.max(1, Math.min(end, r[1]) - r[0]) };
      }
      return at(r[0], r[1]);
    },
    sourceText(segments) {
      const found = nodeAt(segments);
      if (found.depth !== segments.length || !found.node?.range) return undefined;
      return text.slice(found.node.range[0], found.node.range[1]);
    },
  };
  return { value: source, diagnostics: [] };
}

function rangeByHand(file: string, text: string, offset: number): Range {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { file, line, column, endLine: line, endColumn: column + 1 };
}

/** Offset of the first bracket past MAX_FLOW_DEPTH, ignoring quoted text and comments; undefined when shallow. */
function tooDeep(text: string): number | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      else if (c === '\n') quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl;
    } else if (c === '[' || c === '{') {
      if (++depth > MAX_FLOW_DEPTH) return i;
    } else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return undefined;
}

function syntaxHint(code: string): string {
  switch (code) {
    case 'TAB_AS_INDENT':
      return 'indent with spaces; YAML does not allow tabs for indentation';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation: keys of one mapping line up in the same column';
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return 'check the indentation of this line and the one before it; a value may need quotes';
    case 'TAG_RESOLVE_FAILED':
      return 'custom tags (!something) are not part of the format';
    default:
      return 'quote values that contain : # { } [ ] , & * ! | > or start with @ or `';
  }
}

function yamlMessage(message: string): string {
  // yaml's messages end with a code excerpt when prettyErrors is on; keep the first sentence.
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '');
}
