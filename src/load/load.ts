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
import type { Diagnostic, Range, StageResult } from '../diagnostics/diagnostic';

/** Files larger than this are refused before parsing. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Alias expansions allowed in one document; far above what a real topology needs. */
export const MAX_ALIAS_COUNT = 100;

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

export function loadFile(path: string): StageResult<SourceFile> {
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

function fail(path: string, code: string, message: string, hint?: string): StageResult<SourceFile> {
  const d: Diagnostic = { code, severity: 'error', message, range: { file: path, line: 1, column: 1, endLine: 1, endColumn: 1 } };
  if (hint) d.hint = hint;
  return { diagnostics: [d] };
}

export function loadText(path: string, text: string): StageResult<SourceFile> {
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
  const docs = parseAllDocuments(text, {
    lineCounter,
    prettyErrors: false,
    strict: true,
    uniqueKeys: true,
    merge: false,
    version: '1.2',
    schema: 'core',
    stringKeys: false,
  });
  const list = Array.isArray(docs) ? docs : [];
  if (list.length === 0) {
    return fail(path, 'TOPO1008', 'the file holds no topology', 'start from an example in examples/');
  }
  if (list.length > 1) {
    const second = list[1]!;
    const start = second.range[0];
    diagnostics.push({
      code: 'TOPO1005',
      severity: 'error',
      message: `the file holds ${list.length} YAML documents; a topology is exactly one`,
      hint: 'remove the `---` separator and everything after it, or split the topologies into separate files',
      range: at(start, start + 3),
    });
  }
  const doc = list[0]!;
  for (const e of [...doc.errors, ...doc.warnings]) {
    const dup = e.code === 'DUPLICATE_KEY';
    const d: Diagnostic = {
      code: dup ? 'TOPO1004' : 'TOPO1003',
      severity: 'error',
      message: dup ? 'duplicate key: a mapping has this key twice' : yamlMessage(e.message),
      range: at(e.pos[0], e.pos[1]),
    };
    d.hint = dup
      ? 'YAML would silently keep only one of the values; remove or merge the duplicate'
      : 'fix the YAML syntax at this position';
    diagnostics.push(d);
  }
  if (doc.errors.length === 0) {
    visit(doc, {
      Pair(_, pair) {
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

function yamlMessage(message: string): string {
  // yaml's messages end with a code excerpt when prettyErrors is on; keep the first sentence.
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '');
}
