// The front half of the pipeline: load -> schema -> normalize -> cross-field rules. Loads no cdktf.
import { hasErrors, type StageResult } from '../diagnostics/diagnostic';
import { loadFile, loadText, type SourceFile } from '../load/load';
import type { TopologyInput } from '../model/input';
import { normalize } from '../model/normalize';
import type { Topology } from '../model/types';
import { checkRules } from './rules';
import { checkSchema } from './schema';

export interface Validated {
  source: SourceFile;
  topology: Topology;
}

export function validateFile(path: string): StageResult<Validated> {
  return fromLoaded(loadFile(path));
}

export function validateText(path: string, text: string): StageResult<Validated> {
  return fromLoaded(loadText(path, text));
}

function fromLoaded(loaded: StageResult<SourceFile>): StageResult<Validated> {
  const source = loaded.value;
  if (!source || hasErrors(loaded.diagnostics)) return { diagnostics: loaded.diagnostics };
  const schemaDiagnostics = checkSchema(source);
  if (hasErrors(schemaDiagnostics)) return { diagnostics: schemaDiagnostics };
  const input = source.data as TopologyInput;
  const topology = normalize(input);
  const ruleDiagnostics = checkRules(source, input, topology);
  if (hasErrors(ruleDiagnostics)) return { diagnostics: ruleDiagnostics };
  return { value: { source, topology }, diagnostics: ruleDiagnostics };
}
