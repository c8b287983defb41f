// Runs the lints over a topology text the way validate runs its pack: load, schema, normalize, then runRules.
import { LINTS } from '../../src/analyze/lints';
import { RULES, runRules } from '../../src/analyze/pack';
import type { Rule } from '../../src/analyze/rule';
import type { Diagnostic } from '../../src/diagnostics/diagnostic';
import { loadText } from '../../src/load/load';
import type { TopologyInput } from '../../src/model/input';
import { normalize } from '../../src/model/normalize';
import { checkSchema } from '../../src/validate/schema';

export interface Finding {
  code: string;
  severity: string;
  /** file:line:column of the range. */
  at: string;
  /** The word the range starts at in the text (a key, or the first word of a value). */
  token: string;
  message: string;
  hint: string | undefined;
}

/**
 * The lints' findings on a topology text, and what the validate pack says about it (errors there mean the test's
 * topology is not one `check` would ever lint). Throws on load or schema errors.
 */
export function lintText(text: string, rules: readonly Rule[] = LINTS): { findings: Finding[]; validate: Diagnostic[] } {
  const loaded = loadText('topology.yaml', text);
  const source = loaded.value;
  if (!source || loaded.diagnostics.some((d) => d.severity === 'error')) throw new Error(`not loadable: ${JSON.stringify(loaded.diagnostics)}`);
  const schema = checkSchema(source);
  if (schema.some((d) => d.severity === 'error')) throw new Error(`schema errors: ${schema.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  const input = source.data as TopologyInput;
  const model = normalize(input);
  const lines = text.split('\n');
  const findings = runRules(rules, source, { input, model }).map((d) => {
    const r = d.range!;
    return {
      code: d.code,
      severity: d.severity,
      at: `${r.file}:${r.line}:${r.column}`,
      token: /^[{[]|^[^\s:,{}[\]]*/.exec(lines[r.line - 1]!.slice(r.column - 1))![0],
      message: d.message,
      hint: d.hint,
    };
  });
  return { findings, validate: runRules(RULES, source, { input, model }) };
}
