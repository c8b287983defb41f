// The library entry: the pipeline's stages, for tools that embed topoform.
export { synth, validate, VERSION } from './compile';
export type { Outcome, SynthResult, WorkspaceSummary } from './compile';
export type { Diagnostic, Range, Severity } from './diagnostics/diagnostic';
export { renderText } from './diagnostics/render-text';
export { renderJson } from './diagnostics/render-json';
export type { Topology } from './model/types';
