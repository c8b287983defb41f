// The driver: chains the stages, stops after the first stage with an error, and keeps cdktf out of `validate`.
import { dirname, relative, resolve, sep } from 'node:path';
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics/diagnostic';
import type { WorkspaceSummary } from './emit/synth';
import { LINTS } from './analyze/lints';
import { runRules } from './analyze/pack';
import { estimate, type Estimate } from './check/estimate';
import { applySuppressions, type Suppressed, type Suppression } from './check/suppress';
import { gitRoot } from './model/app';
import { deploymentNotes } from './model/notes';
import { validateFile, type Validated } from './validate';

export type { WorkspaceSummary } from './emit/synth';

export interface SynthResult {
  outdir: string;
  workspaces: WorkspaceSummary[];
  /** Set when the pattern has a primary and the global workspace's state (s3) lives in another region. */
  globalStateOutsidePrimary?: { state: string; primary: string };
  /** Standing costs and one-time steps the topology brings (an ARC cluster, a Global Accelerator, …). */
  notes: string[];
}

export interface Outcome<T> {
  value?: T;
  diagnostics: Diagnostic[];
  /** Text of each source file, for rendering diagnostics with their lines. */
  sources: Map<string, string>;
}

export function validate(file: string): Outcome<Validated> {
  const result = validateFile(file);
  const sources = new Map<string, string>();
  if (result.text !== undefined) sources.set(file, result.text);
  const out: Outcome<Validated> = { diagnostics: sortDiagnostics(result.diagnostics), sources };
  if (result.value) out.value = result.value;
  return out;
}

export const VERSION: string = (require('../package.json') as { version: string }).version;

/** `topoform init` (src/init): loaded lazily, like synth, as it renders a Handlebars template. */
export function loadInit(): typeof import('./init') {
  return require('./init') as typeof import('./init');
}

/** What validate only warns about and synth refuses: the parts this version does not compile. */
function refusedBySynth(d: Diagnostic): Diagnostic {
  return d.code === 'TOPO4001' ? { ...d, severity: 'error' } : d;
}

/**
 * What synth refuses before it writes anything, for synth and for the pipelines that run it: validate, with the parts
 * this version does not compile as errors, then the lints of check (their errors refuse, their warnings are printed).
 */
export function synthGate(file: string): Outcome<Validated> {
  const validated = validate(file);
  const diagnostics = validated.diagnostics.map(refusedBySynth);
  if (!validated.value || hasErrors(diagnostics)) return { diagnostics, sources: validated.sources };
  const lints = lintTopology(validated.value);
  return { value: validated.value, diagnostics: sortDiagnostics([...diagnostics, ...lints.findings, ...lints.problems]), sources: validated.sources };
}

export function synth(file: string, outdir: string, opts: { force?: boolean } = {}): Outcome<SynthResult> {
  (require('./emit/swap') as typeof import('./emit/swap')).prepareOutdir(file, outdir, 'synth', 'cdktf.out');
  const validated = synthGate(file);
  const { diagnostics } = validated;
  if (!validated.value || hasErrors(diagnostics)) return { diagnostics, sources: validated.sources };
  // cdktf and the provider load only from here on.
  const emit = require('./emit/synth') as typeof import('./emit/synth');
  const notes = deploymentNotes(validated.value.topology);
  const workspaces = emit.synthesize(validated.value.topology, outdir, { file, version: VERSION, force: opts.force ?? false, notes });
  const value: SynthResult = { outdir: relative(process.cwd(), resolve(outdir)) || '.', workspaces, notes };
  const { topology } = validated.value;
  const globalState = workspaces.find((w) => w.kind === 'global')?.state.region;
  if (globalState && topology.regions.some((r) => r.role === 'primary') && globalState !== topology.primary.name) {
    value.globalStateOutsidePrimary = { state: globalState, primary: topology.primary.name };
  }
  return { value, diagnostics, sources: validated.sources };
}

/** A diagnostic for an error no stage anticipated. */
export function internalError(err: unknown): Diagnostic {
  return diagnostic('TOPO9001', 'error', `internal error: ${err instanceof Error ? err.message : String(err)}`, {
    hint: 'the earlier output is untouched; please report this with the topology (TOPOFORM_DEBUG=1 prints the stack)',
  });
}

export interface CheckResult {
  estimate: Estimate;
  /** Findings the topology accepts through `suppress`, each with its reason. */
  accepted: { finding: Diagnostic; reason: string }[];
  suppressions: Suppression[];
  /** The topology's path relative to the root of its repository (or the working directory), for SARIF. */
  repoPath: string;
}

/** Every code a suppression may name: the lints of check. */
export function lintCodes(): Set<string> {
  return new Set(LINTS.map((l) => l.code));
}

/**
 * validate, then the lints (with the topology's suppressions), then the RTO/RPO estimate. Loads no cdktf.
 * `strict`: every warning counts as an error.
 */
export function check(file: string, opts: { strict?: boolean } = {}): Outcome<CheckResult> {
  const validated = validate(file);
  if (!validated.value || hasErrors(validated.diagnostics)) return validated as Outcome<never>;
  const { topology } = validated.value;
  const lints = lintTopology(validated.value);
  let diagnostics = sortDiagnostics([...validated.diagnostics, ...lints.findings, ...lints.problems]);
  if (opts.strict) diagnostics = diagnostics.map((d) => (d.severity === 'warning' ? { ...d, severity: 'error' } : d));
  return {
    value: { estimate: estimate(topology), accepted: lints.accepted, suppressions: lints.suppressions, repoPath: repoPath(file) },
    diagnostics,
    sources: validated.sources,
  };
}

/** The lints of check on a validated topology, with its suppressions applied. */
function lintTopology(v: Validated): Suppressed {
  const input = v.source.data as import('./model/input').TopologyInput;
  const findings = runRules(LINTS, v.source, { input, model: v.topology });
  return applySuppressions(v.topology, findings, lintCodes(), v.source);
}

/** A path relative to the nearest folder above the file that holds `.git` (else the working directory), with `/`. */
export function repoPath(file: string): string {
  const abs = resolve(file);
  return relative(gitRoot(dirname(abs)) ?? process.cwd(), abs).split(sep).join('/');
}
