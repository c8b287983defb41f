// Diagnostics for CI: one JSON document with every diagnostic and the counts.
import type { Diagnostic } from './diagnostic';

export function renderJson(diagnostics: readonly Diagnostic[], extra: Record<string, unknown> = {}): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  return JSON.stringify({ ...extra, errors, warnings, diagnostics }, null, 2) + '\n';
}
