// Diagnostics for CI: one JSON document with every diagnostic and the counts.
import { counts, type Diagnostic } from './diagnostic';

export function renderJson(diagnostics: readonly Diagnostic[], extra: Record<string, unknown> = {}): string {
  // JSON.stringify escapes C0 controls; C1 controls and bidi marks are valid JSON raw, so escape them too:
  // a CI log shows this document in a terminal.
  const json = JSON.stringify({ ...extra, ...counts(diagnostics), diagnostics }, null, 2);
  return json.replace(/[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}
