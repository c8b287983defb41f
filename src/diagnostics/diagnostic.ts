// The diagnostic record every stage produces, the one way to make it, and the helpers that order and count them.
import type { Code } from './codes';

export type Severity = 'error' | 'warning' | 'info';

export interface Range {
  file: string;
  /** 1-based */
  line: number;
  /** 1-based */
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Diagnostic {
  /** Stable code, catalogued in codes.ts. */
  code: Code;
  severity: Severity;
  /** What is wrong. */
  message: string;
  /** Why it matters and how to fix it. */
  hint?: string;
  /** JSON Pointer into the topology. */
  pointer?: string;
  range?: Range;
  /** The file a diagnostic without a range is about (one that cannot be read has no line to point at). */
  file?: string;
}

/** Makes a diagnostic; optional parts that are undefined are left out (so JSON output has no nulls). */
export function diagnostic(
  code: Code,
  severity: Severity,
  message: string,
  opts: { hint?: string | undefined; pointer?: string | undefined; range?: Range | undefined; file?: string | undefined } = {},
): Diagnostic {
  const d: Diagnostic = { code, severity, message };
  if (opts.hint !== undefined) d.hint = opts.hint;
  if (opts.pointer !== undefined) d.pointer = opts.pointer;
  if (opts.range !== undefined) d.range = opts.range;
  if (opts.file !== undefined) d.file = opts.file;
  return d;
}

/** A stage's result: its value (absent when it could not produce one) and what it found. */
export interface StageResult<T> {
  value?: T;
  diagnostics: Diagnostic[];
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** How many of each severity: the counts of every summary, in text and JSON. */
export function counts(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number; infos: number } {
  const of = (s: Severity) => diagnostics.filter((d) => d.severity === s).length;
  return { errors: of('error'), warnings: of('warning'), infos: of('info') };
}

/** `1 error, 2 warnings, 0 infos`. */
export function countsText(diagnostics: readonly Diagnostic[]): string {
  const { errors, warnings, infos } = counts(diagnostics);
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return `${n(errors, 'error')}, ${n(warnings, 'warning')}, ${n(infos, 'info')}`;
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Sorted by position, then severity and code; exact duplicates removed. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const unique: Diagnostic[] = [];
  for (const d of diagnostics) {
    const key = JSON.stringify([d.code, d.message, d.range?.file ?? d.file, d.range?.line, d.range?.column, d.pointer]);
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(d);
  }
  return unique.sort(
    (a, b) =>
      cmp(a.range?.file ?? a.file ?? '', b.range?.file ?? b.file ?? '') ||
      (a.range?.line ?? 0) - (b.range?.line ?? 0) ||
      (a.range?.column ?? 0) - (b.range?.column ?? 0) ||
      severityRank[a.severity] - severityRank[b.severity] ||
      cmp(a.code, b.code) ||
      cmp(a.message, b.message),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
