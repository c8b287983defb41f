// The command line: argument parsing, rendering, exit codes (0 ok, 1 invalid topology, 2 usage or internal error).
import { resolve as resolvePath } from 'node:path';
import { diagnostic, type Diagnostic } from './diagnostics/diagnostic';

const USAGE = `Usage: topoform <command> [options]

Commands:
  validate FILE            check a topology against the format and its rules
  check FILE               validate, then estimate RTO and RPO per failure scenario and run the lints
                           of multi-region readiness (RULES.md); never loads cdktf
  synth FILE [--out DIR]   compile it into Terraform workspaces (default DIR: $CDKTF_OUTDIR or cdktf.out)
  docs FILE [--out DIR]    write RUNBOOK.md (map, RTO/RPO budget, failover and failback with the AWS CLI
                           commands of this topology, drill checklist) into DIR (default runbook.out);
                           never loads cdktf
  pipeline FILE --github|--atlantis [--out PATH]
                           a GitHub Actions workflow or an atlantis.yaml that plans and applies the workspaces
                           in dependency order (stdout, or written atomically to PATH)
  graph FILE [--format mermaid|dot]
                           the workspace dependency graph and the stores' replication links (stdout)
  init [--pattern P] [--out FILE]
                           write a commented starter topology (default pattern active-passive, FILE
                           topology.yaml); never overwrites a file
  promote REGION [FILE]    make REGION the primary of FILE (default topology.yaml), in place, keeping
                           comments and formatting and pinning \`home\` so nothing stateful moves; prints
                           what it left for you and what the next plan of each workspace does
  diff OLD NEW             what the next plan of each workspace does when NEW (a topology) replaces OLD
                           (a topology, or an earlier output folder), and the stateful resources it would
                           destroy, replace or move (exit 1 if any is not named by --allow-destroy)

Options:
  --pattern P              init: active-passive, warm-standby, pilot-light, hybrid, active-active, partitioned
  --force                  synth: replace an output folder that holds another topology's output
  --allow-destroy NAME     synth, diff: accept losing the stateful resources of a store, region or
                           workspace NAME (repeatable, or comma-separated); synth refuses any other loss
  --format text|json       how diagnostics, the summary and diff's report are printed (default text)
  --format sarif           check: SARIF 2.1.0 for code scanning (paths relative to the repository root)
  --format mermaid|dot     graph: the diagram language (default mermaid)
  --github, --atlantis     pipeline: which pipeline to generate (one of them)
  --strict                 check: warnings count as errors (exit 1)
  -h, --help               show this help
  -v, --version            print the version

Exit codes: 0 success, 1 invalid topology, 2 usage or internal error.
`;

interface Args {
  command?: string;
  file?: string;
  out?: string;
  pattern?: string;
  force: boolean;
  strict: boolean;
  format: 'text' | 'json' | 'sarif';
  /** The --format as given, checked per command once the command is known. */
  rawFormat?: string;
  pipeline?: 'github' | 'atlantis';
  /** promote: the region; diff: the new topology. */
  second?: string;
  allowDestroy: string[];
}

class UsageError extends Error {}

function parse(argv: readonly string[]): Args | 'help' | 'version' {
  const args: Args = { format: 'text', force: false, strict: false, allowDestroy: [] };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${a.split('=')[0]} needs a value`);
      return v;
    };
    if (a === '-h' || a === '--help') return 'help';
    if (a === '-v' || a === '--version') return 'version';
    if (a === '--out' || a.startsWith('--out=')) args.out = value();
    else if (a === '--pattern' || a.startsWith('--pattern=')) args.pattern = value();
    else if (a === '--force') args.force = true;
    else if (a === '--allow-destroy' || a.startsWith('--allow-destroy=')) {
      for (const name of value().split(',')) if (name.trim() !== '') args.allowDestroy.push(name.trim());
    }
    else if (a === '--strict') args.strict = true;
    else if (a === '--github' || a === '--atlantis') {
      if (args.pipeline !== undefined && args.pipeline !== a.slice(2)) throw new UsageError('choose one of --github and --atlantis');
      args.pipeline = a.slice(2) as 'github' | 'atlantis';
    } else if (a === '--format' || a.startsWith('--format=')) args.rawFormat = value();
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
    else positional.push(a);
  }
  const [command, file, ...rest] = positional;
  if (command === 'help') return 'help';
  if (command === undefined) throw new UsageError('no command given');
  if (command === 'init') {
    if (file !== undefined) throw new UsageError(`unexpected argument ${file} (init writes --out FILE, default topology.yaml)`);
    if (args.force || args.strict || args.rawFormat !== undefined || args.pipeline !== undefined) throw new UsageError('init takes only --pattern and --out');
    args.command = command;
    return args;
  }
  if (args.pattern !== undefined) throw new UsageError('--pattern belongs to init');
  if (command !== 'synth' && command !== 'diff' && args.allowDestroy.length > 0) throw new UsageError('--allow-destroy belongs to synth and diff');
  if (command === 'promote' || command === 'diff') {
    if (file === undefined) throw new UsageError(command === 'promote' ? 'promote needs the region to make the primary' : 'diff needs the old topology (or output folder) and the new topology');
    const second = command === 'promote' ? (rest[0] ?? 'topology.yaml') : rest[0];
    if (second === undefined) throw new UsageError('diff needs the new topology after the old one');
    if (rest.length > 1) throw new UsageError(`unexpected argument ${rest[1]}`);
    if (args.out !== undefined || args.force || args.strict || args.pipeline !== undefined) throw new UsageError(`${command} takes no --out, --force, --strict, --github or --atlantis`);
    if (args.rawFormat !== undefined) {
      if (args.rawFormat !== 'text' && args.rawFormat !== 'json') throw new UsageError(`--format must be text or json, not ${args.rawFormat}`);
      args.format = args.rawFormat;
    }
    args.command = command;
    // promote REGION FILE: `file` is the topology; diff OLD NEW: `file` is OLD.
    if (command === 'promote') {
      args.file = second;
      args.second = file;
    } else {
      args.file = file;
      args.second = second;
    }
    return args;
  }
  if (!['validate', 'synth', 'check', 'docs', 'pipeline', 'graph'].includes(command)) throw new UsageError(`unknown command ${command}`);
  if (file === undefined) throw new UsageError(`${command} needs the topology file`);
  if (rest.length > 0) throw new UsageError(`unexpected argument ${rest[0]}`);
  if (command !== 'synth' && command !== 'docs' && command !== 'pipeline' && args.out !== undefined) throw new UsageError('--out belongs to synth, docs, pipeline and init');
  if (command !== 'pipeline' && args.pipeline !== undefined) throw new UsageError(`--${args.pipeline} belongs to pipeline`);
  if (command === 'pipeline' && args.pipeline === undefined) throw new UsageError('pipeline needs --github or --atlantis');
  const f = args.rawFormat;
  if (command === 'pipeline' && f !== undefined) throw new UsageError('pipeline has no --format: choose --github or --atlantis');
  if (command === 'graph' && f !== undefined && f !== 'mermaid' && f !== 'dot') throw new UsageError(`--format must be mermaid or dot, not ${f}`);
  if (command !== 'graph' && f !== undefined) {
    if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not ${f}`);
    args.format = f;
  }
  if (command !== 'synth' && args.force) throw new UsageError('--force belongs to synth');
  if (command !== 'check' && args.strict) throw new UsageError('--strict belongs to check');
  if (command !== 'check' && args.format === 'sarif') throw new UsageError('--format sarif belongs to check');
  args.command = command;
  args.file = file;
  return args;
}

export function main(argv: readonly string[] = process.argv.slice(2)): number {
  let args: Args | 'help' | 'version';
  try {
    args = parse(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`topoform: ${safe(err.message)}\n\n${USAGE}`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const compile = require('./compile') as typeof import('./compile');
  if (args === 'version') {
    process.stdout.write(`topoform ${compile.VERSION}\n`);
    return 0;
  }
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
    writeDiagnostics(args.format === 'text' ? 'text' : 'json', [d], new Map());
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
  process.stdout.write(`${safe(target)}: starter topology for pattern ${pattern}; replace the values marked CHANGE, then run topoform validate ${safe(target)}\n`);
  return 0;
}

function writeDiagnostics(format: 'text' | 'json', diagnostics: Diagnostic[], sources: Map<string, string>, extra: Record<string, unknown> = {}): void {
  if (format === 'json') {
    const { renderJson } = require('./diagnostics/render-json') as typeof import('./diagnostics/render-json');
    process.stdout.write(renderJson(diagnostics, extra));
  } else if (diagnostics.length > 0) {
    const { renderText } = require('./diagnostics/render-text') as typeof import('./diagnostics/render-text');
    process.stderr.write(renderText(diagnostics, sources));
  }
}

function run(args: Args, compile: typeof import('./compile')): number {
  const file = args.file!;
  if (args.command === 'validate') {
    const outcome = compile.validate(file);
    const ok = outcome.value !== undefined && !outcome.diagnostics.some((d) => d.severity === 'error');
    writeDiagnostics(args.format === 'json' ? 'json' : 'text', outcome.diagnostics, outcome.sources, { file, valid: ok });
    if (ok && args.format === 'text') process.stdout.write(`${safe(file)}: valid (${outcome.value!.topology.pattern}, ${outcome.value!.topology.regions.length} regions)\n`);
    return ok ? 0 : exitCode(outcome.diagnostics);
  }
  if (args.command === 'check') return runCheck(args, compile);
  if (args.command === 'docs') return runDocs(args, compile);
  if (args.command === 'pipeline' || args.command === 'graph') return runGenerate(args, compile);
  const outdir = args.out ?? process.env['CDKTF_OUTDIR'] ?? 'cdktf.out';
  const outcome = compile.synth(file, outdir, { force: args.force, allowDestroy: args.allowDestroy });
  if (!outcome.value) {
    writeDiagnostics(args.format === 'json' ? 'json' : 'text', outcome.diagnostics, outcome.sources, { file });
    return exitCode(outcome.diagnostics);
  }
  if (args.format === 'json') {
    writeDiagnostics('json', outcome.diagnostics, outcome.sources, { file, ...outcome.value });
    return 0;
  }
  writeDiagnostics('text', outcome.diagnostics, outcome.sources);
  process.stdout.write(safe(summary(outcome.value), true));
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
    writeDiagnostics('json', outcome.diagnostics, outcome.sources, { file, ...(v ? { region: v.region, oldPrimary: v.oldPrimary, noop: v.noop, edits: v.edits, ...(v.report ? { plan: diffJson(v.report) } : {}) } : {}) });
    return failed ? (v ? 1 : exitCode(outcome.diagnostics)) : 0;
  }
  if (!v) {
    writeDiagnostics('text', outcome.diagnostics, outcome.sources);
    return exitCode(outcome.diagnostics);
  }
  if (v.noop) {
    process.stdout.write(safe(`${file}: ${region} is the primary already; nothing changed\n`, true));
    return 0;
  }
  const lines = [`${file}: ${region} is the primary now (was ${v.oldPrimary}); changed:`];
  for (const e of v.edits) lines.push(`  line ${e.line}: ${e.what}`);
  process.stdout.write(safe(lines.join('\n') + '\n', true));
  writeDiagnostics('text', outcome.diagnostics, outcome.sources);
  if (v.report) {
    const { renderDiffText } = require('./diff') as typeof import('./diff');
    process.stdout.write(safe(renderDiffText(v.report), true));
  }
  process.stdout.write(
    safe(
      failed
        ? `Fix the lines above in ${file}, then run topoform synth ${file}.\n`
        : `Next: topoform synth ${file}, then plan and apply each workspace in the order synth prints (README: After a failover).\n`,
      true,
    ),
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
    writeDiagnostics('json', outcome.diagnostics, outcome.sources, v ? diffJson(v) : { from: args.file, to: args.second });
  } else {
    writeDiagnostics('text', outcome.diagnostics, outcome.sources);
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
    writeDiagnostics('json', outcome.diagnostics, outcome.sources, {
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
  writeDiagnostics('text', outcome.diagnostics, outcome.sources);
  if (outcome.value) {
    const v = outcome.value;
    const lines = [renderEstimateText(v.estimate)];
    if (v.accepted.length > 0) {
      lines.push('Suppressed (accepted in the topology):');
      for (const s of v.suppressions.filter((x) => x.matched > 0)) lines.push(`  ${s.rule} (${s.matched} finding${s.matched === 1 ? '' : 's'}): ${s.reason}`);
      lines.push('');
    }
    const errors = outcome.diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = outcome.diagnostics.filter((d) => d.severity === 'warning').length;
    lines.push(`${safe(file)}: ${failed ? 'not ready' : 'ready'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${args.strict ? ', strict' : ''}, ${v.accepted.length} suppressed)\n`);
    process.stdout.write(safe(lines.join('\n'), true));
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
    writeDiagnostics(format, outcome.diagnostics, outcome.sources, { file, valid: false });
    return exitCode(outcome.diagnostics);
  }
  // Named in the runbook's regenerate command: relative to the repository when inside it, else by its folder name
  // (never a machine path, so the runbook is the same bytes wherever it is generated).
  const outRel = compile.repoPath(outdir);
  const named = outRel.startsWith('..') || outRel === '' ? (require('node:path') as typeof import('node:path')).basename(resolvePath(outdir)) : outRel;
  const result = docs.writeDocs(outcome.value.topology, { file: compile.repoPath(file), version: compile.VERSION, outdir, named });
  if (format === 'json') {
    writeDiagnostics('json', outcome.diagnostics, outcome.sources, { file, valid: true, ...result });
    return 0;
  }
  writeDiagnostics('text', outcome.diagnostics, outcome.sources);
  process.stdout.write(safe(`Wrote ${result.files.map((f) => `${result.outdir}/${f}`).join(', ')}\n`, true));
  return 0;
}

/** pipeline and graph: validate (nothing written unless valid), then render from the model; no cdktf. */
function runGenerate(args: Args, compile: typeof import('./compile')): number {
  const file = args.file!;
  // pipeline: what its synth job would refuse (a part synth does not compile, an error of the lints) is refused here.
  const outcome = args.command === 'pipeline' ? compile.synthGate(file) : compile.validate(file);
  const { diagnostics } = outcome;
  writeDiagnostics('text', diagnostics, outcome.sources);
  if (!outcome.value || diagnostics.some((d) => d.severity === 'error')) return exitCode(diagnostics);
  const path = compile.repoPath(file);
  // A path filter cannot hold a line break (or any control character): such a path would never trigger the workflow.
  if (args.command === 'pipeline' && /[\u0000-\u001f\u007f]/.test(path)) {
    process.stderr.write(`topoform: ${safe(file)}: a pipeline cannot name a topology path with control characters or line breaks; rename it\n`);
    return 2;
  }
  const generate = require('./pipeline') as typeof import('./pipeline');
  const text = args.command === 'graph'
    ? generate.graph(outcome.value.topology, path, compile.VERSION, args.rawFormat === 'dot' ? 'dot' : 'mermaid')
    : generate.pipeline(outcome.value.topology, path, compile.VERSION, args.pipeline!, args.out === undefined ? undefined : compile.repoPath(args.out));
  if (args.out === undefined) process.stdout.write(text);
  else generate.writeAtomically(args.out, text);
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
    const state = w.state.backend === 's3' ? `${w.state.where} (${w.state.region})` : w.state.backend === 'cloud' ? `HCP ${w.state.where}` : `local ${w.state.where}`;
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
