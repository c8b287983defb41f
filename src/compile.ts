// The driver: chains the stages, stops after the first stage with an error, and keeps cdktf out of `validate`.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics/diagnostic';
import type { WorkspaceSummary } from './emit/synth';
import type { Finding } from './emit/inventory';
import type { SourceFile } from './load/load';
import type { Topology } from './model/types';
import { pointerOf } from './validate/schema';
import { LINTS } from './analyze/lints';
import { runRules } from './analyze/pack';
import { estimate, type Estimate } from './check/estimate';
import { applySuppressions, type Suppressed, type Suppression } from './check/suppress';
import { gitRoot } from './model/app';
import { deploymentNotes } from './model/notes';
import { validateFile, validateText, type Validated } from './validate';

export type { WorkspaceSummary } from './emit/synth';

export interface SynthResult {
  outdir: string;
  workspaces: WorkspaceSummary[];
  /** Set when the pattern has a primary and the global workspace's state (s3) lives in another region. */
  globalStateOutsidePrimary?: { state: string; primary: string };
  /** Standing costs and one-time steps the topology brings (an ARC cluster, a Global Accelerator, …). */
  notes: string[];
}

export interface SynthOptions {
  /** Replace an output that holds another topology's. */
  force?: boolean;
  /** Store names, region codes or workspaces whose stateful resources the user accepts losing (`--allow-destroy`). */
  allowDestroy?: readonly string[];
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

export function synth(file: string, outdir: string, opts: SynthOptions = {}): Outcome<SynthResult> {
  (require('./emit/swap') as typeof import('./emit/swap')).prepareOutdir(file, outdir, 'synth', 'cdktf.out');
  const validated = synthGate(file);
  const { diagnostics } = validated;
  if (!validated.value || hasErrors(diagnostics)) return { diagnostics, sources: validated.sources };
  const { topology, source } = validated.value;
  const inventory = require('./emit/inventory') as typeof import('./emit/inventory');
  // The earlier output of this topology, if any: the new one must not lose what it holds (unless named).
  // Read first: under its lock synth refuses an output whose record is no longer this one (another synth replaced it).
  const seen = opts.force ? undefined : (require('./emit/swap') as typeof import('./emit/swap')).readOutputRecord(outdir);
  const previous = opts.force ? undefined : inventory.recordedInventory(outdir, topology.name, topology.data.map((s) => s.name));
  // cdktf and the provider load only from here on.
  const emit = require('./emit/synth') as typeof import('./emit/synth');
  const notes = deploymentNotes(topology);
  let synthesized: import('./emit/synth').Synthesized;
  try {
    synthesized = emit.synthesize(topology, outdir, {
      file,
      version: VERSION,
      force: opts.force ?? false,
      ...(seen !== undefined ? { seen } : {}),
      notes,
      ...(previous ? { guard: { previous, allow: new Set(opts.allowDestroy ?? []) }, retiring: retiringRegions(previous, topology).map((name) => retiringIdentity(outdir, name)) } : {}),
    });
  } catch (err) {
    const sizes = require('./emit/policy-size') as typeof import('./emit/policy-size');
    if (sizes.isPolicyTooLarge(err)) return { diagnostics: sortDiagnostics([...diagnostics, ...policySizeDiagnostics(err.policies, source)]), sources: validated.sources };
    if (!inventory.isDestructionRefused(err)) throw err;
    // Where the home's key family was: the home's own workspace if it held a key (other accounts' families live in
    // their accounts' first regions), else the one that did.
    const keyHomes = (previous ?? []).filter((r) => r.address === 'aws_kms_key.topology').map((r) => r.workspace);
    const previousHome = keyHomes.includes(topology.home.name) ? topology.home.name : keyHomes[0];
    return { diagnostics: sortDiagnostics([...diagnostics, ...destructionDiagnostics(err.findings, topology, source, previousHome)]), sources: validated.sources };
  }
  const { workspaces } = synthesized;
  const value: SynthResult = { outdir: relative(process.cwd(), resolve(outdir)) || '.', workspaces, notes };
  diagnostics.push(...destructionDiagnostics(synthesized.allowed, topology, source));
  const globalState = workspaces.find((w) => w.kind === 'global')?.state.region;
  if (globalState && topology.regions.some((r) => r.role === 'primary') && globalState !== topology.primary.name) {
    value.globalStateOutsidePrimary = { state: globalState, primary: topology.primary.name };
  }
  return { value, diagnostics, sources: validated.sources };
}

/** Policies over their service's size limit (src/emit/policy-size.ts): errors at the topology's stores, or its regions. */
export function policySizeDiagnostics(policies: readonly import('./emit/policy-size').OversizedPolicy[], source: SourceFile): Diagnostic[] {
  const input = source.data as import('./model/input').TopologyInput;
  const path = input.data !== undefined ? ['data'] : ['regions'];
  return policies.map((p) =>
    diagnostic('TOPO5030', 'error', `${p.workspace}: ${p.address} holds a ${p.what} of about ${p.bytes} bytes, over AWS's limit of ${p.limit} (${p.page}); nothing was written`, {
      hint: 'fewer stores or regions in this topology, or split it into several topologies',
      pointer: pointerOf(path),
      range: source.rangeOf(path, { key: true }),
    }),
  );
}

/**
 * Whom a region the topology no longer lists acted as: its workspace's provider in the previous output (account and
 * role), so that the providers kept to destroy what remains of it there act in its account, not the home's. Without
 * a readable earlier workspace (or a pin in it), the home's credentials.
 */
function retiringIdentity(outdir: string, name: string): { name: string; account?: string; roleArn?: string } {
  try {
    const stack = JSON.parse(readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')) as { provider?: { aws?: { alias?: string; allowed_account_ids?: unknown; assume_role?: { role_arn?: unknown }[] }[] } };
    const own = stack.provider?.aws?.find((p) => p.alias === undefined);
    const account = Array.isArray(own?.allowed_account_ids) && typeof own.allowed_account_ids[0] === 'string' ? own.allowed_account_ids[0] : undefined;
    const roleArn = own?.assume_role?.[0]?.role_arn;
    return { name, ...(account !== undefined && /^[0-9]{12}$/.test(account) ? { account } : {}), ...(typeof roleArn === 'string' && account !== undefined ? { roleArn } : {}) };
  } catch {
    return { name };
  }
}

/** Regions the previous output had a workspace for that the topology no longer lists. */
function retiringRegions(previous: readonly import('./emit/inventory').StatefulResource[], topology: Topology): string[] {
  const listed = new Set(topology.regions.map((r) => r.name));
  return [...new Set(previous.map((r) => r.workspace))].filter((w) => w !== 'global' && !listed.has(w)).sort();
}

/**
 * One diagnostic per stateful resource a change destroys, replaces or moves: an error (TOPO5010) unless the user named
 * it, else a warning (TOPO5011). Each points at what in the new topology it concerns: its store, the home, or the
 * regions (a region removed has no line left).
 */
export function destructionDiagnostics(findings: readonly Finding[], topology: Topology, source: SourceFile, previousHome?: string): Diagnostic[] {
  const input = source.data as import('./model/input').TopologyInput;
  // The home changed when the workspace that held the key family no longer does: then every loss below follows from it.
  const homeMoved = previousHome !== undefined && previousHome !== topology.home.name && topology.regions.some((r) => r.name === previousHome);
  return findings.map((f) => {
    const r = f.resource;
    const store = r.store === undefined ? undefined : topology.data.find((s) => s.name === r.store);
    // A move between accounts points at the account that changed: the region's, or routing's for global.
    const regionIndex = input.regions.findIndex((x) => x.name === r.workspace);
    const accountPath =
      f.accounts === undefined
        ? undefined
        : regionIndex >= 0
          ? ['regions', regionIndex, input.regions[regionIndex]!.account !== undefined ? 'account' : 'roleArn']
          : input.routing !== undefined
            ? ['routing']
            : ['regions'];
    const path = accountPath ?? (store ? store.path : f.change === 'move' && input.home !== undefined ? ['home'] : ['regions']);
    const what = `${r.workspace}: ${r.address} (${r.kind}${r.store !== undefined ? ` of store ${r.store}` : r.kind === 'key' ? ' of the topology key family' : ''}, in ${r.region}) ${f.reason}`;
    let hint: string;
    if (f.allowed) hint = 'named by --allow-destroy: its data is lost when this output is applied';
    else if (f.accounts !== undefined) {
      hint = `Terraform moves nothing between accounts: keep ${r.workspace === 'global' ? "routing's" : `${r.workspace}'s`} account ${f.accounts.from}, or start afresh in ${f.accounts.to} with --allow-destroy ${r.workspace} (what is in ${f.accounts.from} stays there, no longer managed: copy its data first)`;
    } else if (homeMoved || f.change === 'move') {
      const home = homeMoved ? previousHome : r.workspace;
      hint = `what several regions share is owned by the home region's workspace (${home} until now): to change the primary, run \`topoform promote REGION\`, which pins \`home: ${home}\`, instead of reordering regions by hand; or set \`home: ${home}\` yourself`;
    } else if (!topology.regions.some((x) => x.name === r.region) || !topology.regions.some((x) => x.name === r.workspace) && r.workspace !== 'global') {
      hint = `removing a region loses its copies: first destroy its workspace with the current output (terraform -chdir=<out>/stacks/${r.workspace} destroy), then synth again with --allow-destroy ${r.region} (README: Removing a region)`;
    } else if (r.store !== undefined) {
      hint = `keep the store's name and the settings it is replaced on, or accept losing its data with --allow-destroy ${r.store} (README: Renaming a store)`;
    } else hint = `keep the settings it is replaced on, or accept it with --allow-destroy ${r.region}`;
    return diagnostic(f.allowed ? 'TOPO5011' : 'TOPO5010', f.allowed ? 'warning' : 'error', `${what}${f.allowed ? '' : '; nothing was written'}`, {
      hint,
      pointer: pointerOf(path),
      range: source.rangeOf(path, path[0] === 'regions' ? { key: true } : {}),
    });
  });
}

/** One side of `topoform diff`: a topology synthesized into a temporary folder, or an earlier output folder. */
function diffSide(path: string): Outcome<import('./diff').DiffSide> {
  const { existsSync, mkdtempSync, rmSync, statSync } = require('node:fs') as typeof import('node:fs');
  const inventory = require('./emit/inventory') as typeof import('./emit/inventory');
  if (existsSync(path) && statSync(path).isDirectory()) {
    const output = inventory.readOutput(path);
    if (output) return { value: { label: path, stacks: output.stacks, stateful: output.stateful }, diagnostics: [], sources: new Map() };
    return { diagnostics: [diagnostic('TOPO5001', 'error', `${path} is a folder but no topoform output (no topoform.json)`, { hint: 'give a topology file, or the output folder of an earlier synth' })], sources: new Map() };
  }
  const validated = synthGate(path);
  if (!validated.value || hasErrors(validated.diagnostics)) return { diagnostics: validated.diagnostics, sources: validated.sources };
  const { tmpdir } = require('node:os') as typeof import('node:os');
  const { join } = require('node:path') as typeof import('node:path');
  const scratch = mkdtempSync(join(tmpdir(), 'topoform-diff-'));
  try {
    const out = join(scratch, 'cdktf.out');
    const emit = require('./emit/synth') as typeof import('./emit/synth');
    emit.synthesize(validated.value.topology, out, { file: path, version: VERSION, force: true, notes: [] });
    const output = inventory.readOutput(out)!;
    return { value: { label: path, stacks: output.stacks, stateful: output.stateful }, diagnostics: validated.diagnostics, sources: validated.sources };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * `topoform diff OLD NEW`: OLD a topology file or an earlier output folder, NEW a topology file. What the next plan of
 * each workspace does, and the stateful resources a synth of NEW over OLD would refuse to lose. Writes nothing.
 */
export function diff(oldPath: string, newFile: string, opts: { allowDestroy?: readonly string[] } = {}): Outcome<import('./diff').DiffReport> {
  const from = diffSide(oldPath);
  const to = diffSide(newFile);
  const sources = new Map([...from.sources, ...to.sources]);
  const diagnostics = sortDiagnostics([...from.diagnostics, ...to.diagnostics]);
  if (!from.value || !to.value) return { diagnostics, sources };
  const { compareOutputs } = require('./diff') as typeof import('./diff');
  return { value: compareOutputs(from.value, to.value, new Set(opts.allowDestroy ?? [])), diagnostics, sources };
}

export interface PromoteResult {
  file: string;
  region: string;
  oldPrimary: string;
  /** REGION was the primary already: nothing was written. */
  noop: boolean;
  edits: { line: number; what: string }[];
  /** What the next plan of each workspace does; absent when the promoted topology does not validate. */
  report?: import('./diff').DiffReport;
}

/** A promote that cannot start: an unknown region, a text promote cannot rewrite safely. */
export class PromoteError extends Error {}

/**
 * `topoform promote REGION FILE`: rewrites FILE in place so REGION is the primary (comments, order and formatting of
 * everything else kept; `home` pinned so nothing shared moves), then reports what it left for the user (at the
 * lines of the new file) and what the next plan of each workspace does. The file is written even when a field it
 * reports must still change (e.g. state.globalRegion naming the new primary): there is no valid order of edits
 * around such a field, and the report points at it.
 */
export function promote(region: string, file: string): Outcome<PromoteResult> {
  const before = validate(file);
  if (!before.value || hasErrors(before.diagnostics)) return before as Outcome<never>;
  const { promoteText } = require('./promote/rewrite') as typeof import('./promote/rewrite');
  const input = before.value.source.data as import('./model/input').TopologyInput;
  let promoted: import('./promote/rewrite').Promoted;
  try {
    promoted = promoteText(before.value.source.text, input, region);
  } catch (err) {
    throw new PromoteError(err instanceof Error ? err.message : String(err));
  }
  const value: PromoteResult = { file, region, oldPrimary: promoted.oldPrimary, noop: promoted.noop, edits: promoted.edits };
  if (promoted.noop) return { value, diagnostics: [], sources: before.sources };
  // What the workspaces hold now, before the file changes.
  const from = diffSide(file);
  const { writeFileAtomically } = require('./emit/swap') as typeof import('./emit/swap');
  writeFileAtomically(file, promoted.text);
  const after = validateText(file, promoted.text);
  const sources = new Map([[file, promoted.text]]);
  const notes = promoted.notes.map((n) =>
    diagnostic(n.severity === 'error' ? 'TOPO5021' : 'TOPO5020', n.severity, n.message, {
      hint: n.hint,
      pointer: pointerOf(n.path),
      ...(after.value ? { range: after.value.source.rangeOf(n.path) } : {}),
    }),
  );
  // The promoted topology as synth will see it (validate and the lints), synthesized for the report when it passes.
  const to = after.value && !hasErrors(after.diagnostics) ? diffSide(file) : undefined;
  const diagnostics = sortDiagnostics([...notes, ...(to ? to.diagnostics : after.diagnostics)]);
  if (to?.value && from.value && !hasErrors(diagnostics)) {
    const { compareOutputs } = require('./diff') as typeof import('./diff');
    value.report = compareOutputs({ ...from.value, label: `${file} before` }, { ...to.value, label: `${file} after` }, new Set());
  }
  return { value, diagnostics, sources };
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
