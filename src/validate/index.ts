// The front half of the pipeline: load -> schema -> normalize -> rules (src/analyze). Loads no cdktf.
import { hasErrors, type StageResult } from '../diagnostics/diagnostic';
import { loadFile, loadText, type Loaded, type SourceFile } from '../load/load';
import type { TopologyInput } from '../model/input';
import { normalize } from '../model/normalize';
import type { Topology } from '../model/types';
import { RULES, runRules } from '../analyze/pack';
import { checkSchema } from './schema';

export interface Validated {
  source: SourceFile;
  topology: Topology;
}

/** The result of validation, with the text that was read (for showing diagnostics with their lines). */
export type ValidateResult = StageResult<Validated> & { text?: string };

export function validateFile(path: string): ValidateResult {
  return fromLoaded(loadFile(path));
}

export function validateText(path: string, text: string): ValidateResult {
  return fromLoaded(loadText(path, text));
}

function fromLoaded(loaded: Loaded): ValidateResult {
  const source = loaded.value;
  if (!source || hasErrors(loaded.diagnostics)) return loaded.text === undefined ? { diagnostics: loaded.diagnostics } : { diagnostics: loaded.diagnostics, text: loaded.text };
  const text = source.text;
  const schemaDiagnostics = checkSchema(source);
  if (hasErrors(schemaDiagnostics)) return { diagnostics: schemaDiagnostics, text };
  const input = source.data as TopologyInput;
  const topology = normalize(input);
  const ruleDiagnostics = runRules(RULES, source, { input, model: topology, file: source.path });
  if (hasErrors(ruleDiagnostics)) return { diagnostics: ruleDiagnostics, text };
  return { value: { source, topology }, diagnostics: ruleDiagnostics, text };
}
