// Load stage: YAML text -> plain data plus a source map; the only code that touches yaml's node APIs.
import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
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
  type YAMLError,
} from 'yaml';
import type { Code } from '../diagnostics/codes';
import { diagnostic, type Diagnostic, type Range, type StageResult } from '../diagnostics/diagnostic';

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
  const read = readTopology(path);
  if ('diagnostic' in read) return read.text === undefined ? { diagnostics: [read.diagnostic] } : { diagnostics: [read.diagnostic], text: read.text };
  return loadText(path, read.text);
}

/**
 * Reads a topology without trusting the path: O_NONBLOCK so a FIFO cannot hang us, fstat on the descriptor so
 * what is checked is what is read, and at most MAX_FILE_BYTES + 1 bytes so a device or a growing file cannot
 * exhaust memory.
 */
function readTopology(path: string): { text: string } | { diagnostic: Diagnostic; text?: string } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOCTTY ?? 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { diagnostic: unreadable(path, 'TOPO1001', 'cannot read the topology: no such file') };
    // A socket cannot be opened at all (ENXIO); say what it is rather than quote the errno.
    const kind = kindOf(path);
    if (kind) return { diagnostic: notRegular(path, kind) };
    return { diagnostic: unreadable(path, 'TOPO1001', `cannot read the topology: ${(err as Error).message}`) };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { diagnostic: notRegular(path, describeKind(stats)) };
    // The size from fstat is only a hint: a file can grow while it is read. Read one byte past the limit to know.
    const buffer = Buffer.alloc(MAX_FILE_BYTES + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length === buffer.length) break;
    }
    if (length > MAX_FILE_BYTES) {
      const size = stats.size > MAX_FILE_BYTES ? `${stats.size} bytes` : `more than ${MAX_FILE_BYTES} bytes`;
      return { diagnostic: unreadable(path, 'TOPO1002', `the file is ${size}; topoform reads at most ${MAX_FILE_BYTES}`, 'a topology is a few kilobytes: check that this is the right file') };
    }
    return decode(path, buffer.subarray(0, length));
  } catch (err) {
    return { diagnostic: unreadable(path, 'TOPO1001', `cannot read the topology: ${(err as Error).message}`) };
  } finally {
    closeSync(fd);
  }
}

/**
 * The file's bytes as text, refused unless they are UTF-8: Node would otherwise replace each invalid byte with
 * U+FFFD without a word, and the replacement would reach every region's workspace. A UTF-16 or UTF-32 file is named
 * as such (read as UTF-8 it is a string of NULs and letters, which YAML reads as one scalar).
 */
function decode(path: string, bytes: Buffer): { text: string } | { diagnostic: Diagnostic; text?: string } {
  const wide = wideEncoding(bytes);
  if (wide) {
    return {
      diagnostic: diagnostic('TOPO1009', 'error', `the file is ${wide} text; topoform reads topologies as UTF-8`, {
        hint: 'save the file as UTF-8 (in most editors: Save with Encoding, UTF-8), or convert it: iconv -f UTF-16 -t UTF-8',
        range: { file: path, line: 1, column: 1, endLine: 1, endColumn: 1 },
      }),
    };
  }
  if (isUtf8(bytes)) return { text: bytes.toString('utf8') };
  const bad = firstInvalidUtf8(bytes);
  const text = bytes.toString('utf8');
  const lineStart = bytes.lastIndexOf(0x0a, bad - 1) + 1;
  const line = countByte(bytes, 0x0a, bad) + 1;
  const column = bytes.toString('utf8', lineStart, bad).length + 1;
  const shown = [...bytes.subarray(bad, bad + invalidLength(bytes, bad))].map((b) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`).join(' ');
  return {
    diagnostic: diagnostic('TOPO1009', 'error', `${shown.includes(' ') ? 'bytes' : 'byte'} ${shown} here ${shown.includes(' ') ? 'are' : 'is'} not UTF-8; topoform reads topologies as UTF-8 text`, {
      hint: 'the file was probably saved in another encoding (Latin-1 and Windows-1252 are common): save it as UTF-8',
      range: { file: path, line, column, endLine: line, endColumn: column + 1 },
    }),
    text,
  };
}

/** "UTF-16 (little-endian)" and the like when the bytes are in a 16- or 32-bit encoding, with or without a BOM. */
function wideEncoding(b: Buffer): string | undefined {
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return 'UTF-32 (little-endian)';
  if (b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return 'UTF-32 (big-endian)';
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return 'UTF-16 (little-endian)';
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return 'UTF-16 (big-endian)';
  // Without a BOM: ASCII text in UTF-16 has a NUL in every other byte. UTF-8 text has no NUL at all.
  const sample = b.subarray(0, Math.min(b.length, 256) & ~1);
  if (sample.length < 4) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0) i % 2 === 0 ? even++ : odd++;
  const half = sample.length / 2;
  if (odd >= half * 0.6 && even === 0) return 'UTF-16 (little-endian)';
  if (even >= half * 0.6 && odd === 0) return 'UTF-16 (big-endian)';
  return undefined;
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629, no surrogates or overlongs). */
function firstInvalidUtf8(b: Buffer): number {
  for (let i = 0; i < b.length; ) {
    const n = sequenceLength(b, i);
    if (n === 0) return i;
    i += n;
  }
  return b.length;
}

/** Length of the well-formed UTF-8 sequence at `i`, 0 when there is none. */
function sequenceLength(b: Buffer, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  let n: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) n = 2;
  else if (c >= 0xe0 && c <= 0xef) {
    n = 3;
    if (c === 0xe0) lo = 0xa0;
    if (c === 0xed) hi = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 4;
    if (c === 0xf0) lo = 0x90;
    if (c === 0xf4) hi = 0x8f;
  } else return 0;
  if (i + n > b.length) return 0;
  const second = b[i + 1]!;
  if (second < lo || second > hi) return 0;
  for (let k = 2; k < n; k++) if (b[i + k]! < 0x80 || b[i + k]! > 0xbf) return 0;
  return n;
}

/** How many bytes from `i` on are not UTF-8 (at most 4): what to show the user. */
function invalidLength(b: Buffer, i: number): number {
  let n = 1;
  while (n < 4 && i + n < b.length && b[i + n]! >= 0x80 && sequenceLength(b, i + n) === 0) n++;
  return n;
}

function countByte(b: Buffer, byte: number, end: number): number {
  let count = 0;
  for (let i = b.indexOf(byte); i !== -1 && i < end; i = b.indexOf(byte, i + 1)) count++;
  return count;
}

function notRegular(path: string, kind: string): Diagnostic {
  const link = isSymlink(path) ? ' (through a symbolic link)' : '';
  const hint = kind === 'a directory'
    ? 'a topology is a regular YAML file: name the file, not the directory that holds it'
    : 'a topology is a regular YAML file: save it to a file and pass that path';
  return unreadable(path, 'TOPO1001', `cannot read the topology: it is ${kind}${link}, not a regular file`, hint);
}

function describeKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'something other than a file';
}

/** What a path that could not be opened is, when it exists and is not a regular file. */
function kindOf(path: string): string | undefined {
  try {
    const stats = statSync(path);
    return stats.isFile() ? undefined : describeKind(stats);
  } catch {
    return undefined;
  }
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** A file that cannot be read (missing, not a regular file, too large): named, with no position in it to point at. */
function unreadable(path: string, code: Code, message: string, hint?: string): Diagnostic {
  return diagnostic(code, 'error', message, { hint, file: path });
}

function failure(path: string, code: Code, message: string, hint?: string): Diagnostic {
  return diagnostic(code, 'error', message, { hint, range: { file: path, line: 1, column: 1, endLine: 1, endColumn: 1 } });
}

function fail(path: string, code: Code, message: string, hint?: string): StageResult<SourceFile> {
  return { diagnostics: [failure(path, code, message, hint)] };
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
  const bareCr = /\r(?!\n)/.exec(text);
  if (bareCr) {
    const only = !text.includes('\n');
    return {
      diagnostics: [diagnostic('TOPO1010', 'error', only
        ? 'the line breaks in this file are carriage returns alone (CR, as classic Mac OS wrote them); topoform reads LF or CRLF line breaks'
        : 'a carriage return (CR) here is not followed by a line feed; topoform reads LF or CRLF line breaks', {
        hint: only
          ? "convert the line breaks to LF (your editor's line-ending setting, or: tr '\\r' '\\n' < in.yaml > out.yaml)"
          : "end every line with LF or CRLF; a CR alone is neither (your editor's line-ending setting converts them)",
        range: rangeByHand(path, text, bareCr.index),
      })],
    };
  }
  const deep = tooDeep(text);
  if (deep !== undefined) {
    return {
      diagnostics: [diagnostic('TOPO1003', 'error', `brackets nest deeper than ${MAX_FLOW_DEPTH} levels`, {
        hint: 'a topology nests a few levels; this looks like a generated or hostile file',
        range: rangeByHand(path, text, deep),
      })],
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
    if (!stackExhausted(err)) throw err;
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
    diagnostics.push(diagnostic('TOPO1005', 'error', `the file holds ${list.length} YAML documents; a topology is exactly one`, {
      hint: 'remove the `---` separator and everything after it, or split the topologies into separate files',
      range: at(start, start + 3),
    }));
  }
  const doc = list[0]!;
  // After the first syntax error the parser's view of the rest is unreliable: report that one only.
  const problems = [...doc.errors, ...doc.warnings].sort((a, b) => a.pos[0] - b.pos[0]);
  const syntax = problems[0];
  if (syntax) diagnostics.push(syntaxDiagnostic(text, lineCounter, problems, at));
  if (!syntax) {
    try {
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
            diagnostics.push(diagnostic('TOPO1004', 'error', `duplicate key \`${name}\` (first at line ${firstLine})`, {
              hint: 'YAML would silently keep only one of the values; remove or merge the duplicate',
              range: at(r[0], r[1]),
            }));
          } else seen.set(name, pair.key as YamlNode);
        }
      },
      Pair(_, pair) {
        if (isScalar(pair.key) && (pair.key.value === null || pair.key.value === undefined)) {
          const r = pair.key.range ?? [0, 0, 0];
          diagnostics.push(diagnostic('TOPO1003', 'error', 'a mapping key is empty (null)', { hint: 'every key is a field name', range: at(r[0], Math.max(r[1], r[0] + 1)) }));
          return;
        }
        if (isScalar(pair.key) && typeof pair.key.value === 'string' && FORBIDDEN_KEYS.has(pair.key.value)) {
          const r = pair.key.range ?? [0, 0, 0];
          diagnostics.push(diagnostic('TOPO1007', 'error', `the key \`${pair.key.value}\` is not allowed`, {
            hint: 'keys that name JavaScript object internals are refused; no topology field is called that',
            range: at(r[0], r[1]),
          }));
        } else if (pair.key !== null && !isScalar(pair.key)) {
          const r = (pair.key as YamlNode).range ?? [0, 0, 0];
          diagnostics.push(diagnostic('TOPO1003', 'error', 'a mapping key must be a plain value, not a list or map', { range: at(r[0], r[1]) }));
        }
      },
    });
    } catch (err) {
      if (!stackExhausted(err)) throw err;
      return fail(path, 'TOPO1003', 'the document nests too deeply to read', 'a topology nests a few levels; this looks like a generated or hostile file');
    }
  }
  if (diagnostics.length > 0) return { diagnostics };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    if (stackExhausted(err)) return fail(path, 'TOPO1003', 'the document nests too deeply to read', 'a topology nests a few levels; this looks like a generated or hostile file');
    let first: Alias | undefined;
    visit(doc, { Alias(_, a) { first = a; return visit.BREAK; } });
    const r = first?.range ?? [0, 0, 0];
    return {
      diagnostics: [diagnostic('TOPO1006', 'error', `YAML aliases expand beyond ${MAX_ALIAS_COUNT} nodes (${(err as Error).message.replace(/\.$/, '')})`, {
        hint: 'an alias that expands into aliases grows exponentially; write the values out or use fewer aliases',
        range: at(r[0], r[1]),
      })],
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

/** The first syntax error, told in terms of the line at fault; indentation mistakes get their own words. */
function syntaxDiagnostic(text: string, lineCounter: LineCounter, problems: readonly YAMLError[], at: (start: number, end: number) => Range): Diagnostic {
  const first = problems[0]!;
  const lineOf = (offset: number): number => lineCounter.linePos(offset).line;
  const lines = new Lines(text, lineCounter);
  const error = (message: string, hint: string, range: Range): Diagnostic => diagnostic('TOPO1003', 'error', message, { hint, range });
  /** A tab in the indentation of `line` (the usual cause of an indentation error there), as a diagnostic. */
  const tabIn = (line: number): Diagnostic | undefined => {
    const prefix = lines.prefix(line);
    const tab = prefix.indexOf('\t');
    if (tab === -1) return undefined;
    const start = lines.start(line);
    const run = /^[ \t]*/.exec(prefix.slice(tab))![0].length;
    return error(
      'this line is indented with a tab; YAML indents with spaces',
      'replace the tab with spaces, lining the line up with the keys it belongs with',
      at(start + tab, start + tab + run),
    );
  };
  /** The line from its first character after the indentation to its end. */
  const wholeLine = (line: number): Range => at(lines.start(line) + lines.indent(line), lines.end(line));

  /** The first line of a collection sits left or right of the lines after it, which agree with each other. */
  const misplacedFirst = (m: Misplaced): Diagnostic => {
    const dir = m.column > lines.indent(m.line) ? 'less' : 'more';
    return m.item
      ? error(
          `this list item is indented ${dir} than the lines below it`,
          `put the \`-\` in column ${m.column + 1}, so that the item's keys line up with the lines below it`,
          wholeLine(m.line),
        )
      : error(
          `this key is indented ${dir} than the keys below it`,
          `keys of one mapping line up in the same column: start this one in column ${m.column + 1}, like the keys below it`,
          wholeLine(m.line),
        );
  };

  // `key: value` and then a line that starts further right: YAML reads the deeper line as part of the value above
  // (an implicit key over several lines). Either line may be the one out of place.
  const multiline = problems.find((e) => e.code === 'MULTILINE_IMPLICIT_KEY' && e.pos[0] === first.pos[0] && lineOf(e.pos[1]) > lineOf(e.pos[0]));
  if (multiline && (first.code === 'MULTILINE_IMPLICIT_KEY' || first.code === 'BLOCK_AS_IMPLICIT_KEY')) {
    const above = lineOf(first.pos[0]);
    let deeper = above + 1;
    while (deeper < lineOf(multiline.pos[1]) && lines.isBlank(deeper)) deeper++;
    const blame = lines.outOfPlace(above, deeper);
    if (blame) return tabIn(above) ?? misplacedFirst(blame);
    return tabIn(deeper) ?? error(
      'this line is indented deeper than the keys before it',
      'keys of one mapping line up in the same column; YAML reads a deeper line as part of the value above',
      wholeLine(deeper),
    );
  }

  const line = lineOf(first.pos[0]);
  const column = first.pos[0] - lines.start(line);
  if (first.code === 'TAB_AS_INDENT' || (column <= lines.prefix(line).length && isIndentError(first))) {
    const tab = tabIn(line);
    if (tab) return tab;
    if (first.code === 'TAB_AS_INDENT') {
      return error('this line is indented with a tab; YAML indents with spaces', 'replace the tab with spaces', at(first.pos[0], first.pos[0] + 1));
    }
    // yaml measures against the first line of the collection; that line may be the one out of place.
    const moved = lines.firstOutOfPlace(line);
    if (moved) return tabIn(moved.line) ?? misplacedFirst(moved);
  }
  if (first.code === 'BAD_INDENT' && first.message.startsWith('All mapping items must start at the same column')) {
    return error('this line does not line up with the keys before it', 'keys of one mapping line up in the same column: indent this line like the keys it belongs with', wholeLine(line));
  }
  const misplacedItem = first.code === 'BLOCK_AS_IMPLICIT_KEY' && first.message.startsWith('A block sequence may not be used as an implicit map key') && lines.isItem(line) && column <= lines.indent(line);
  if (misplacedItem || (first.code === 'BAD_INDENT' && first.message.startsWith('All sequence items must start at the same column'))) {
    return error('this list item does not line up with the items before it', 'the items of one list start with `-` in the same column', wholeLine(line));
  }
  if (first.code === 'MISSING_CHAR' && first.message.startsWith('Sequence item without - indicator')) {
    const item = lines.itemAbove(line);
    if (item !== undefined) {
      const keys = lines.prefix(item).length + 1;
      return error(
        `this line starts in column ${lines.indent(line) + 1}, the keys of the list item above it in column ${keys}`,
        `indent it to column ${keys} to keep it in that item, or start a new item with \`- \``,
        wholeLine(line),
      );
    }
  }
  const end = Math.min(first.pos[0], Math.max(0, text.trimEnd().length - 1));
  return error(yamlMessage(first.message), syntaxHint(first.code), at(end, Math.max(end, Math.min(first.pos[1], text.length))));
}

/** Errors yaml reports at the start of a line whose indentation is wrong. */
function isIndentError(e: YAMLError): boolean {
  return (
    e.code === 'BAD_INDENT' ||
    e.code === 'TAB_AS_INDENT' ||
    (e.code === 'MISSING_CHAR' && e.message.startsWith('Sequence item without - indicator')) ||
    (e.code === 'BLOCK_AS_IMPLICIT_KEY' && e.message.startsWith('A block sequence may not be used as an implicit map key'))
  );
}

/** A line out of place, and the column (0-based) where its key, or for a list item its `-`, belongs. */
interface Misplaced {
  line: number;
  column: number;
  item: boolean;
}

/** The lines of the text, as needed to reason about indentation. Lines are 1-based. */
class Lines {
  private readonly starts: readonly number[];

  constructor(private readonly text: string, lineCounter: LineCounter) {
    this.starts = lineCounter.lineStarts;
  }

  get count(): number {
    return this.starts.length;
  }

  start(line: number): number {
    return this.starts[line - 1] ?? this.text.length;
  }

  /** Offset of the end of the line, before its line break. */
  end(line: number): number {
    const next = line < this.starts.length ? this.starts[line]! - 1 : this.text.length;
    return next > this.start(line) && this.text[next - 1] === '\r' ? next - 1 : next;
  }

  textOf(line: number): string {
    return this.text.slice(this.start(line), this.end(line));
  }

  /** Blank or only a comment. */
  isBlank(line: number): boolean {
    return /^[ \t]*(#.*)?$/.test(this.textOf(line));
  }

  /** Leading spaces. */
  indent(line: number): number {
    return /^ */.exec(this.textOf(line))![0].length;
  }

  /** The whitespace and `-` indicators before the line's content: where indentation lives. */
  prefix(line: number): string {
    return /^[ \t]*(?:-[ \t]+)*/.exec(this.textOf(line))![0];
  }

  /** The nearest `- ` line above `line` that is less indented than it: the list item `line` would belong to. */
  itemAbove(line: number): number | undefined {
    const indent = this.indent(line);
    for (let n = line - 1; n >= 1; n--) {
      if (this.isBlank(n) || this.indent(n) >= indent) continue;
      return this.isItem(n) ? n : undefined;
    }
    return undefined;
  }

  isItem(line: number): boolean {
    return /^ *-(?:[ \t]|$)/.test(this.textOf(line));
  }

  /**
   * `above` is `key: value` (or `- key: value`) and `deeper` starts further right. Is `above` the line out of place
   * (the first of its collection, left of where the lines around it put it)? Undefined when `deeper` is.
   */
  outOfPlace(above: number, deeper: number): Misplaced | undefined {
    const depth = this.indent(deeper);
    let previous = above - 1;
    while (previous >= 1 && this.isBlank(previous)) previous--;
    // The line above `above` opens the collection `above` starts, when it is a bare `key:`.
    const opener = previous >= 1 && this.opens(previous) ? this.prefix(previous).length : undefined;
    if (this.isItem(above)) {
      const dash = this.indent(above);
      const target = depth - (this.prefix(above).length - dash);
      // The next item of the same list shows where the `-` belongs.
      for (let n = deeper + 1; n <= this.count; n++) {
        if (this.isBlank(n) || this.indent(n) >= depth) continue;
        if (this.isItem(n) && this.indent(n) === dash) return undefined;
        if (this.isItem(n) && this.prefix(n).length === depth) return { line: above, column: target, item: true };
        break;
      }
      // Without one, the first item of a list: the file's indentation step says where its `-` belongs.
      if (opener === undefined || opener > dash) return undefined;
      const fits = (d: number) => d === opener || d === opener + this.step();
      return !fits(dash) && fits(target) ? { line: above, column: target, item: true } : undefined;
    }
    // Only the first key of a mapping can be out of place here (a later one lines up with the keys before it),
    // or a key that fell back to the column of the `key:` it belongs under.
    const keyColumn = this.indent(above);
    if (opener === undefined || opener > keyColumn) return undefined;
    const fits = (c: number) => c === opener + this.step();
    if (fits(keyColumn) !== fits(depth)) return fits(depth) ? { line: above, column: depth, item: false } : undefined;
    return this.hasSiblingBelow(deeper) ? { line: above, column: depth, item: false } : undefined;
  }

  /**
   * `line` is indented left of the collection above it, as yaml sees it. Is the first line of that collection the
   * one out of place (alone in its column, where the lines after it agree on another)?
   */
  firstOutOfPlace(line: number): Misplaced | undefined {
    const column = this.indent(line);
    // Up past the lines whose content sits right of `line`, to the `key:` that opens their collection.
    let opener = line - 1;
    while (opener >= 1 && (this.isBlank(opener) || this.prefix(opener).length > column)) opener--;
    if (opener < 1 || !this.opens(opener)) return undefined;
    let first = opener + 1;
    while (this.isBlank(first)) first++;
    if (first >= line) return undefined;
    const item = this.isItem(first);
    const at = this.indent(first);
    for (let n = first + 1; n < line; n++) if (!this.isBlank(n) && this.indent(n) <= at) return undefined;
    // Where `line` puts the first line: its key (or, for an item, its `-`, so that the item's keys line up).
    const target = item && !this.isItem(line) ? column - (this.prefix(first).length - at) : column;
    const base = this.prefix(opener).length;
    if (target === at || target < base) return undefined;
    const step = this.step();
    const fits = (c: number) => (item ? c === base || c === base + step : c === base + step);
    if (fits(target) !== fits(at)) return fits(target) ? { line: first, column: target, item } : undefined;
    return this.hasSiblingBelow(line) ? { line: first, column: target, item } : undefined;
  }

  /** A line further down in the same column as `line`, of the same kind: `line` is not alone there. */
  private hasSiblingBelow(line: number): boolean {
    const column = this.indent(line);
    for (let n = line + 1; n <= this.count; n++) {
      if (this.isBlank(n) || this.indent(n) > column) continue;
      return this.indent(n) === column && this.isItem(n) === this.isItem(line);
    }
    return false;
  }

  /** A bare `key:` (or `- key:`): the next lines hold its value. */
  private opens(line: number): boolean {
    return /:[ \t]*(#.*)?$/.test(this.textOf(line));
  }

  /** The indentation step the file uses most: how much deeper the line after `key:` starts. */
  private step(): number {
    const counts = new Map<number, number>();
    for (let n = 1; n < this.count; n++) {
      if (this.isBlank(n) || !this.opens(n)) continue;
      let next = n + 1;
      while (next <= this.count && this.isBlank(next)) next++;
      if (next > this.count) break;
      const diff = this.indent(next) - this.prefix(n).length;
      if (diff > 0) counts.set(diff, (counts.get(diff) ?? 0) + 1);
    }
    let best = 2;
    let most = 0;
    for (const [diff, count] of counts) if (count > most || (count === most && diff < best)) [best, most] = [diff, count];
    return best;
  }
}

/**
 * The parser ran out of stack on deep nesting. V8 reports that as a RangeError, except when the overflow happens
 * while compiling a regular expression (yaml's line folding builds one per block scalar): then it is a SyntaxError
 * whose message says the same thing.
 */
function stackExhausted(err: unknown): boolean {
  if (err instanceof RangeError) return true;
  return err instanceof Error && /Maximum call stack size exceeded/.test(err.message);
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
