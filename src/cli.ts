// The command line: runs what src/usage.ts parsed, renders, and exits (0 ok, 1 invalid topology, 2 usage or internal error).
import { resolve as resolvePath } from 'node:path';
import { countsText, diagnostic, type Diagnostic } from './diagnostics/diagnostic';
import { commandHelp, overview, parse, UsageError, type Args, type Parsed } from './usage';

export function main(argv: readonly string[] = process.argv.slice(2)): number {
  let parsed: Parsed;
  try {
    parsed = parse(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    // One line for what is wrong and one pointing to the help: the whole usage would bury the line that matters.
    const more = err.command ? `See topoform help ${err.command} for its usage and options.` : 'See topoform help for the commands.';
    process.stderr.write(`topoform: ${safe(err.message)}\n${more}\n`);
    return 2;
  }
  if (parsed.kind === 'help') {
    const text = parsed.command ? commandHelp(parsed.command) : overview();
    if (!parsed.unasked) process.stdout.write(text);
    else process.stderr.write(text);
    return parsed.unasked ? 2 : 0;
  }
  const compile = require('./compile') as typeof import('./compile');
  if (parsed.kind === 'version') {
    process.stdout.write(`topoform ${compile.VERSION}\n`);
    return 0;
  }
  const args = parsed.args;
  try {
    if (args.command === 'init') return runInit(args, compile);
    if (args.command === 'promote') return runPromote(args, compile);
    if (args.command === 'diff') return runDiff(args, compile);
    return run(args, compile);
  } catch (err) {
    if (err instanceof compile.PromoteError) {
      process.stderr.write(`topoform: ${safe(err.message)}\n`);
      return 2;
    }
    const { isEmitError } = require('./emit/swap') as typeof import('./emit/swap');
    // The output folder is the user's path: say what is wrong with it and how to fix it. Anything else is ours.
    const d: Diagnostic = isEmitError(err) ? diagnostic(err.code, 'error', err.message, { hint: err.hint }) : compile.internalError(err);
    if (process.env['TOPOFORM_DEBUG'] === '1' && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    writeDiagnostics(args, args.format === 'text' ? 'text' : 'json', [d], new Map());
    return 2;
  }
}

/** `topoform init`: no topology to read, no cdktf; exit 2 for an unknown pattern or an existing file. */
function runInit(args: Args, compile: typeof import('./compile')): number {
  const init = compile.loadInit();
  const pattern = args.pattern ?? init.DEFAULT_PATTERN;
  const target = args.out ?? 'topology.yaml';
  try {
    if (!(init.PATTERN_NAMES as string[]).includes(pattern)) throw new init.InitError(`unknown pattern ${pattern}; one of ${init.PATTERN_NAMES.join(', ')}`);
    init.writeNew(target, init.starterTopology(pattern as (typeof init.PATTERN_NAMES)[number], target, compile.VERSION));
  } catch (err) {
    if (!(err instanceof init.InitError) && !(err instanceof Error && 'code' in err)) throw err;
    process.stderr.write(`topoform: ${safe(err.message)}\n`);
    return 2;
  }
  tell(args, `${safe(target)}: starter topology for pattern ${pattern}; replace the values marked CHANGE, then run topoform validate ${safe(target)}\n`);
  return 0;
}

/** Diagnostics as one JSON document on stdout, or as text on stderr: only the errors with --quiet, in colour on a terminal. */
function writeDiagnostics(args: Args, format: 'text' | 'json', diagnostics: Diagnostic[], sources: Map<string, string>, extra: Record<string, unknown> = {}): void {
  if (format === 'json') {
    const { renderJson } = require('./diagnostics/render-json') as typeof import('./diagnostics/render-json');
    process.stdout.write(renderJson(diagnostics, extra));
  } else if (diagnostics.length > 0) {
    const { renderText, wantsColor } = require('./diagnostics/render-text') as typeof import('./diagnostics/render-text');
    process.stderr.write(renderText(diagnostics, sources, { quiet: args.quiet, color: wantsColor(process.stderr, process.env) }));
  }
}

/** A line for a person on stdout (what was done, what is next), left out with --quiet; made safe for the terminal. */
function tell(args: Args, text: string): void {
  if (!args.quiet) process.stdout.write(safe(text, true));
}

function run(args: Args, compile: typeof import('./compile')): number {
  const file = args.file!;
  if (args.command === 'validate') {
    const outcome = compile.validate(file);
    const ok = outcome.value !== undefined && !outcome.diagnostics.some((d) => d.severity === 'error');
    writeDiagnostics(args, args.format === 'json' ? 'json' : 'text', outcome.diagnostics, outcome.sources, { file, valid: ok });
    if (ok && args.format === 'text') tell(args, `${safe(file)}: valid (${outcome.value!.topology.pattern}, ${outcome.value!.topology.regions.length} regions)\n`);
    return ok ? 0 : exitCode(outcome.diagnostics);
  }
  if (args.command === 'check') return runCheck(args, compile);
  if (args.command === 'docs') return runDocs(args, compile);
  if (args.command === 'pipeline' || args.command === 'graph') return runGenerate(args, compile);
  const outdir = args.out ?? process.env['CDKTF_OUTDIR'] ?? 'cdktf.out';
  const outcome = compile.synth(file, outdir, { force: args.force, allowDestroy: args.allowDestroy });
  if (!outcome.value) {
    writeDiagnostics(args, args.format === 'json' ? 'json' : 'text', outcome.diagnostics, outcome.sources, { file });
    return exitCode(outcome.diagnostics);
  }
  if (args.format === 'json') {
    writeDiagnostics(args, 'json', outcome.diagnostics, outcome.sources, { file, ...outcome.value });
    return 0;
  }
  writeDiagnostics(args, 'text', outcome.diagnostics, outcome.sources);
  tell(args, summary(outcome.value));
  return 0;
}

/** `topoform promote REGION FILE`: 0 when the promoted topology is ready for synth, 1 when a line it reports must change first. */
function runPromote(args: Args, compile: typeof import('./compile')): number {
  const file = args.file!;
  const region = args.second!;
  const outcome = compile.promote(region, file);
  const format = args.format === 'json' ? 'json' : 'text';
  const v = outcome.value;
  const failed = !v || outcome.diagnostics.some((d) => d.severity === 'error');
  if (format === 'json') {
    const { diffJson } = require('./diff') as typeof import('./diff');
    writeDiagnostics(args, 'json', outcome.diagnostics, outcome.sources, { file, ...(v ? { region: v.region, oldPrimary: v.oldPrimary, noop: v.noop, edits: v.edits, ...(v.report ? { plan: diffJson(v.report) } : {}) } : {}) });
    return failed ? (v ? 1 : exitCode(outcome.diagnostics)) : 0;
  }
  if (!v) {
    writeDiagnostics(args, 'text', outcome.diagnostics, outcome.sources);
    return exitCode(outcome.diagnostics);
  }
  if (v.noop) {
    tell(args, `${file}: ${region} is the primary already; nothing changed\n`);
    return 0;
  }
  const lines = [`${file}: ${region} is the primary now (was ${v.oldPrimary}); changed:`];
  for (const e of v.edits) lines.push(`  line ${e.line}: ${e.what}`);
  tell(args, lines.join('\n') + '\n');
  writeDiagnostics(args, 'text', outcome.diagnostics, outcome.sources);
  if (v.report) {
    const { renderDiffText } = require('./diff') as typeof import('./diff');
    tell(args, renderDiffText(v.report));
  }
  tell(
    args,
    failed
      ? `Fix the lines above in ${file}, then run topoform synth ${file}.\n`
      : `Next: topoform synth ${file}, then plan and apply each workspace in the order synth prints (README: After a failover).\n`,
  );
  return failed ? 1 : 0;
}

/** `topoform diff OLD NEW`: 0 when no stateful resource is lost unnamed, 1 when one is (a CI gate), 1/2 for invalid input. */
function runDiff(args: Args, compile: typeof import('./compile')): number {
  const outcome = compile.diff(args.file!, args.second!, { allowDestroy: args.allowDestroy });
  const v = outcome.value;
  const { diffJson, refused, renderDiffText } = require('./diff') as typeof import('./diff');
  const blocked = v ? refused(v).length : 0;
  if (args.format === 'json') {
    writeDiagnostics(args, 'json', outcome.diagnostics, outcome.sources, v ? diffJson(v) : { from: args.file, to: args.second });
  } else {
    writeDiagnostics(args, 'text', outcome.diagnostics, outcome.sources);
    if (v) process.stdout.write(safe(renderDiffText(v), true));
  }
  if (!v) return exitCode(outcome.diagnostics);
  return blocked > 0 ? 1 : 0;
}

function runCheck(args: Args, compile: typeof import('./compile')): number {
  const file = args.file!;
  const outcome = compile.check(file, { strict: args.strict });
  const failed = !outcome.value || outcome.diagnostics.some((d) => d.severity === 'error');
  const code = failed ? (outcome.value ? 1 : exitCode(outcome.diagnostics)) : 0;
  const { renderEstimateText, estimateJson } = require('./check/render') as typeof import('./check/render');
  if (args.format === 'sarif') {
    const { renderSarif } = require('./diagnostics/render-sarif') as typeof import('./diagnostics/render-sarif');
    const { RULES } = require('./analyze/pack') as typeof import('./analyze/pack');
    const { LINTS } = require('./analyze/lints') as typeof import('./analyze/lints');
    const { CODES } = require('./diagnostics/codes') as typeof import('./diagnostics/codes');
    const rules = [...RULES, ...LINTS].map((r) => ({ code: r.code, id: r.id, severity: r.severity, summary: r.summary }));
    // Codes no rule owns (the schema's, the loader's, the suppressions'): a rule entry each, as GitHub wants one per ruleId.
    for (const d of [...outcome.diagnostics, ...(outcome.value?.accepted.map((a) => a.finding) ?? [])]) {
      if (!rules.some((r) => r.code === d.code)) rules.push({ code: d.code, id: d.code.toLowerCase(), severity: d.severity, summary: CODES[d.code] });
    }
    const unique = rules.filter((r, i) => rules.findIndex((x) => x.code === r.code) === i);
    process.stdout.write(
      renderSarif({
        version: compile.VERSION,
        rules: unique,
        results: outcome.diagnostics,
        accepted: outcome.value?.accepted ?? [],
        uri: outcome.value?.repoPath ?? compile.repoPath(file),
        ...(outcome.value ? { properties: { estimate: estimateJson(outcome.value.estimate) } } : {}),
      }),
    );
    return code;
  }
  if (args.format === 'json') {
    const v = outcome.value;
    writeDiagnostics(args, 'json', outcome.diagnostics, outcome.sources, {
      file,
      valid: !failed,
      ...(v
        ? {
            suppressed: v.accepted.map((a) => ({ code: a.finding.code, message: a.finding.message, pointer: a.finding.pointer, reason: a.reason })),
            estimate: estimateJson(v.estimate),
          }
        : {}),
    });
    return code;
  }
  writeDiagnostics(args, 'text', outcome.diagnostics, outcome.sources);
  if (outcome.value && !args.quiet) {
    const v = outcome.value;
    const lines = [renderEstimateText(v.estimate)];
    if (v.accepted.length > 0) {
      lines.push('Suppressed (accepted in the topology):');
      for (const s of v.suppressions.filter((x) => x.matched > 0)) lines.push(`  ${s.rule} (${s.matched} finding${s.matched === 1 ? '' : 's'}): ${s.reason}`);
      lines.push('');
    }
    lines.push(`${safe(file)}: ${failed ? 'not ready' : 'ready'} (${countsText(outcome.diagnostics)}${args.strict ? ', strict' : ''}, ${v.accepted.length} suppressed)\n`);
    tell(args, lines.join('\n'));
  }
  return code;
}

function runDocs(args: Args, compile: typeof import('./compile')): number {
  const file = args.file!;
  // The docs chunk (Handlebars, the runbook): never cdktf.
  const docs = require('./docs') as typeof import('./docs');
  const outdir = args.out ?? docs.DEFAULT_DOCS_OUT;
  docs.prepareOutdir(file, outdir);
  const outcome = compile.validate(file);
  const format = args.format === 'json' ? 'json' : 'text';
  if (!outcome.value || outcome.diagnostics.some((d) => d.severity === 'error')) {
    writeDiagnostics(args, format, outcome.diagnostics, outcome.sources, { file, valid: false });
    return exitCode(outcome.diagnostics);
  }
  // Named in the runbook's regenerate command: relative to the repository when inside it, else by its folder name
  // (never a machine path, so the runbook is the same bytes wherever it is generated).
  const outRel = compile.repoPath(outdir);
  const named = outRel.startsWith('..') || outRel === '' ? (require('node:path') as typeof import('node:path')).basename(resolvePath(outdir)) : outRel;
  const result = docs.writeDocs(outcome.value.topology, { file: compile.repoPath(file), version: compile.VERSION, outdir, named });
  if (format === 'json') {
    writeDiagnostics(args, 'json', outcome.diagnostics, outcome.sources, { file, valid: true, ...result });
    return 0;
  }
  writeDiagnostics(args, 'text', outcome.diagnostics, outcome.sources);
  tell(args, `Wrote ${result.files.map((f) => `${result.outdir}/${f}`).join(', ')}\n`);
  return 0;
}

/** pipeline and graph: validate (nothing written unless valid), then render from the model; no cdktf. */
function runGenerate(args: Args, compile: typeof import('./compile')): number {
  const file = args.file!;
  // pipeline: what its synth job would refuse (a part synth does not compile, an error of the lints) is refused here.
  const outcome = args.command === 'pipeline' ? compile.synthGate(file) : compile.validate(file);
  const { diagnostics } = outcome;
  writeDiagnostics(args, 'text', diagnostics, outcome.sources);
  if (!outcome.value || diagnostics.some((d) => d.severity === 'error')) return exitCode(diagnostics);
  const path = compile.repoPath(file);
  // A path filter cannot hold a line break (or any control character): such a path would never trigger the workflow.
  if (args.command === 'pipeline' && /[\u0000-\u001f\u007f]/.test(path)) {
    process.stderr.write(`topoform: ${safe(file)}: a pipeline cannot name a topology path with control characters or line breaks; rename it\n`);
    return 2;
  }
  const generate = require('./pipeline') as typeof import('./pipeline');
  const text = args.command === 'graph'
    ? generate.graph(outcome.value.topology, path, compile.VERSION, args.diagram)
    : generate.pipeline(outcome.value.topology, path, compile.VERSION, args.pipeline!, args.out === undefined ? undefined : compile.repoPath(args.out));
  if (args.out === undefined) process.stdout.write(text);
  else generate.writeAtomically(args.out, text, file);
  return 0;
}

/** Text with a user's path or argument in it, made safe for the terminal (control and bidi characters escaped). */
function safe(text: string, keepNewlines = false): string {
  const { escapeText } = require('./diagnostics/render-text') as typeof import('./diagnostics/render-text');
  return keepNewlines ? text.split('\n').map(escapeText).join('\n') : escapeText(text);
}

/** A topology file that cannot be read at all is a wrong argument (2), a bug of ours is 2 too; anything wrong inside the topology is 1. */
function exitCode(diagnostics: readonly Diagnostic[]): number {
  return diagnostics.some((d) => d.code === 'TOPO1001' || d.code === 'TOPO9001') ? 2 : 1;
}

function summary(r: import('./compile').SynthResult): string {
  const width = Math.max(...r.workspaces.map((w) => w.name.length));
  const lines = [`Synthesized ${r.workspaces.length} workspaces into ${r.outdir}. Apply them in this order:`];
  r.workspaces.forEach((w, i) => {
    const state = w.state.backend === 's3' ? `${w.state.where} (${w.state.region}${w.state.account !== undefined ? `, account ${w.state.account}` : ''})` : w.state.backend === 'cloud' ? `HCP ${w.state.where}` : `local ${w.state.where}`;
    const after = w.dependsOn.length ? `  after ${w.dependsOn.join(', ')}` : '';
    lines.push(`  ${i + 1}. ${w.name.padEnd(width)}  ${String(w.resources).padStart(3)} resources  state: ${state}${after}`);
  });
  if (r.globalStateOutsidePrimary) {
    lines.push(`The global workspace keeps its state in ${r.globalStateOutsidePrimary.state}, outside the primary region ${r.globalStateOutsidePrimary.primary}.`);
  }
  for (const note of r.notes) lines.push(note);
  lines.push(`Next: terraform -chdir=${r.outdir}/stacks/<workspace> init, then plan and apply, in the order above.`);
  return lines.join('\n') + '\n';
}
