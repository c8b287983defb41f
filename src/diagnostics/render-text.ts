// Diagnostics for people: `file:line:col: error CODE message`, the source line with a caret, and the hint.
import type { Diagnostic } from './diagnostic';

export function renderText(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string> = new Map()): string {
  const lines: string[] = [];
  for (const d of diagnostics) {
    const r = d.range;
    const where = r ? `${r.file}:${r.line}:${r.column}: ` : '';
    lines.push(`${where}${d.severity} ${d.code} ${d.message}`);
    const text = r ? sources.get(r.file) : undefined;
    if (r && text !== undefined) {
      const src = text.split(/\r?\n/)[r.line - 1];
      if (src !== undefined && src.trim() !== '') {
        const gutter = String(r.line).length;
        const width = r.endLine === r.line ? Math.max(1, r.endColumn - r.column) : Math.max(1, src.length - r.column + 1);
        lines.push(`${' '.repeat(gutter + 1)}|`);
        lines.push(`${r.line} | ${src.replace(/\t/g, ' ')}`);
        lines.push(`${' '.repeat(gutter + 1)}| ${' '.repeat(r.column - 1)}${'^'.repeat(Math.min(width, 120))}`);
      }
    }
    if (d.hint) lines.push(`  hint: ${d.hint}`);
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  if (diagnostics.length > 0) lines.push(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  return lines.join('\n') + (lines.length ? '\n' : '');
}
