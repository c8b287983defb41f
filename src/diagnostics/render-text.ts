// Diagnostics for people: `file:line:col: error CODE message`, the source line with a caret, and the hint.
import type { Diagnostic } from './diagnostic';

const MAX_WIDTH = 120;

export function renderText(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string> = new Map()): string {
  const lines: string[] = [];
  for (const d of diagnostics) {
    const r = d.range;
    const where = r ? `${r.file}:${r.line}:${r.column}: ` : '';
    lines.push(`${where}${d.severity} ${d.code} ${d.message}`);
    const text = r ? sources.get(r.file) : undefined;
    if (r && text !== undefined) {
      const full = text.split(/\r?\n/)[r.line - 1];
      if (full !== undefined && full.trim() !== '') {
        // Long lines are cut to a window around the column, so a hostile file cannot flood the terminal.
        const start = full.length > MAX_WIDTH ? Math.max(0, Math.min(r.column - 1 - MAX_WIDTH / 2, full.length - MAX_WIDTH)) : 0;
        const src = (start > 0 ? '…' : '') + full.slice(start, start + MAX_WIDTH).replace(/\t/g, ' ') + (start + MAX_WIDTH < full.length ? '…' : '');
        const column = r.column - start + (start > 0 ? 1 : 0);
        const gutter = String(r.line).length;
        const width = r.endLine === r.line ? Math.max(1, r.endColumn - r.column) : Math.max(1, full.length - r.column + 1);
        lines.push(`${' '.repeat(gutter + 1)}|`);
        lines.push(`${r.line} | ${src}`);
        lines.push(`${' '.repeat(gutter + 1)}| ${' '.repeat(column - 1)}${'^'.repeat(Math.min(width, MAX_WIDTH - column + 1))}`);
      }
    }
    if (d.hint) lines.push(`  hint: ${d.hint}`);
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  if (diagnostics.length > 0) lines.push(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  return lines.join('\n') + (lines.length ? '\n' : '');
}
