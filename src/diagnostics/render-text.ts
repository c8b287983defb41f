// Diagnostics for people: `file:line:col: error CODE message`, the source line with a caret, and the hint; in colour
// on a terminal.
import { countsText, type Diagnostic, type Severity } from './diagnostic';

const MAX_WIDTH = 120;

/**
 * Characters a terminal acts on or that reorder what it shows: C0 and C1 controls, DEL, the bidi and format marks,
 * and the Unicode line and paragraph separators. Printed raw they could retitle or clear the terminal, or make a
 * line read differently from what the file holds.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `\x1b`, `\u202e`: a visible escape for a character that must not reach the terminal raw. */
function escapeChar(c: string): string {
  if (c === '\t') return '\\t';
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Text from the topology or the command line, made safe to print: unsafe characters become visible escapes. */
export function escapeText(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/** One shown character of a source line: the text printed for it, and how many UTF-16 units of the line it covers. */
interface Cell {
  text: string;
  units: number;
}

/** A source line as printed: tabs as one space (so columns keep their meaning), unsafe characters escaped. */
function cellsOf(line: string): Cell[] {
  const cells: Cell[] = [];
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    const code = c.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < line.length) {
      const next = line.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        cells.push({ text: c + line[i + 1]!, units: 2 });
        i++;
        continue;
      }
    }
    cells.push({ text: c === '\t' ? ' ' : escapeText(c), units: 1 });
  }
  return cells;
}

/**
 * Colour for a stream: never when NO_COLOR is set (no-color.org); always when FORCE_COLOR is (other than 0 or
 * false), which is also how the tests ask for it; otherwise only on a terminal that is not TERM=dumb, never into a
 * pipe or a file.
 */
export function wantsColor(stream: { isTTY?: boolean }, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env['NO_COLOR']) return false;
  const force = env['FORCE_COLOR'];
  if (force) return force !== '0' && force !== 'false';
  return stream.isTTY === true && env['TERM'] !== 'dumb';
}

/** SGR codes: bold red errors, bold yellow warnings, bold cyan infos; the caret in its severity's colour. */
const SGR: Record<Severity | 'bold', string> = { error: '1;31', warning: '1;33', info: '1;36', bold: '1' };

export interface TextOptions {
  /** Only the errors, and no counts. */
  quiet?: boolean;
  /** ANSI colours (see wantsColor). */
  color?: boolean;
}

export function renderText(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string> = new Map(), opts: TextOptions = {}): string {
  // Applied to text already escaped: the only escape sequences that reach the terminal are these.
  const paint = (style: keyof typeof SGR, text: string) => (opts.color ? `\x1b[${SGR[style]}m${text}\x1b[0m` : text);
  const shown = opts.quiet ? diagnostics.filter((d) => d.severity === 'error') : diagnostics;
  const lines: string[] = [];
  for (const d of shown) {
    const r = d.range;
    // A file that cannot be read has no position in it: its name alone, never a made-up 1:1.
    const where = r ? `${escapeText(r.file)}:${r.line}:${r.column}:` : d.file !== undefined ? `${escapeText(d.file)}:` : undefined;
    lines.push(`${where === undefined ? '' : `${paint('bold', where)} `}${paint(d.severity, d.severity)} ${d.code} ${escapeText(d.message)}`);
    const text = r ? sources.get(r.file) : undefined;
    if (r && text !== undefined) {
      const full = linesOf(text)[r.line - 1];
      if (full !== undefined && full.trim() !== '') {
        const cells = cellsOf(full);
        // Printed width before each cell, and in total; an escape is wider than the character it stands for.
        const offsets: number[] = [];
        let total = 0;
        for (const cell of cells) {
          offsets.push(total);
          total += cell.text.length;
        }
        offsets.push(total);
        // Cell holding a given 1-based column of the line (a column inside a surrogate pair maps to its pair).
        const cellAt = (column: number): number => {
          let unit = 0;
          for (let i = 0; i < cells.length; i++) {
            if (unit + cells[i]!.units > column - 1) return i;
            unit += cells[i]!.units;
          }
          return cells.length + Math.max(0, column - 1 - unit);
        };
        const widthBefore = (cell: number): number => (cell < cells.length ? offsets[cell]! : total + (cell - cells.length));
        const caretStart = widthBefore(cellAt(r.column));
        const caretEnd = r.endLine === r.line ? widthBefore(cellAt(r.endColumn)) : total;
        // Long lines are cut to a window around the column, so a hostile file cannot flood the terminal.
        let first = 0;
        let last = cells.length; // cells [first, last) are shown
        if (total > MAX_WIDTH) {
          const from = Math.max(0, Math.min(caretStart - MAX_WIDTH / 2, total - MAX_WIDTH));
          while (first < cells.length && offsets[first]! < from) first++;
          last = first;
          while (last < cells.length && offsets[last + 1]! - offsets[first]! <= MAX_WIDTH) last++;
        }
        const shownFrom = offsets[first]!;
        const src = (first > 0 ? '…' : '') + cells.slice(first, last).map((c) => c.text).join('') + (last < cells.length ? '…' : '');
        const column = caretStart - shownFrom + 1 + (first > 0 ? 1 : 0);
        const gutter = String(r.line).length;
        const width = Math.max(1, caretEnd - caretStart);
        lines.push(`${' '.repeat(gutter + 1)}|`);
        lines.push(`${r.line} | ${src}`);
        lines.push(`${' '.repeat(gutter + 1)}| ${' '.repeat(column - 1)}${paint(d.severity, '^'.repeat(Math.min(width, MAX_WIDTH - column + 1)))}`);
      }
    }
    if (d.hint) lines.push(`  ${paint('bold', 'hint:')} ${escapeText(d.hint)}`);
  }
  if (diagnostics.length > 0 && !opts.quiet) lines.push(countsText(diagnostics));
  return lines.join('\n') + (lines.length ? '\n' : '');
}

/** Each source's lines, split once however many diagnostics point into it. */
let lastText: string | undefined;
let lastLines: string[] = [];
function linesOf(text: string): string[] {
  if (text !== lastText) {
    lastText = text;
    lastLines = text.split(/\r?\n/);
  }
  return lastLines;
}
