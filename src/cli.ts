// The command line: argument parsing, rendering, exit codes (0 ok, 1 invalid topology, 2 usage or internal error).
import { diagnostic, type Diagnostic } from './diagnostics/diagnostic';

const USAGE = `Usage: topoform <command> [options]

Commands:
  validate FILE            check a topology against the format and its rules
  synth FILE [--out DIR]   compile it into Terraform workspaces (default DIR: $CDKTF_OUTDIR or cdktf.out)

Options:
  --force                  synth: replace an output folder that holds another topology's output
  --format text|json       how diagnostics and the summary are printed (default text)
  -h, --help               show this help
  -v, --version            print the version

Exit codes: 0 success, 1 invalid topology, 2 usage or internal error.
`;

interface Args {
  command?: string;
  file?: string;
  out?: string;
  force: boolean;
  format: 'text' | 'json';
}

class UsageError extends Error {}

function parse(argv: readonly string[]): Args | 'help' | 'version' {
  const args: Args = { format: 'text', force: false };
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
    else if (a === '--force') args.force = true;
    else if (a === '--format' || a.startsWith('--format=')) {
      const f = value();
      if (f !== 'text' && f !== 'json') throw new UsageError(`--format must be text or json, not ${f}`);
      args.format = f;
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
    else positional.push(a);
  }
  const [command, file, ...rest] = positional;
  if (command === 'help') return 'help';
  if (command === undefined) throw new UsageError('no command given');
  if (command !== 'validate' && command !== 'synth') throw new UsageError(`unknown command ${command}`);
  if (file === undefined) throw new UsageError(`${command} needs the topology file`);
  if (rest.length > 0) throw new UsageError(`unexpected argument ${rest[0]}`);
  if (command === 'validate' && args.out !== undefined) throw new UsageError('--out belongs to synth');
  if (command === 'validate' && args.force) throw new UsageError('--force belongs to synth');
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
    return run(args, compile);
  } catch (err) {
    const { isEmitError } = require('./emit/swap') as typeof import('./emit/swap');
    // The output folder is the user's path: say what is wrong with it and how to fix it. Anything else is ours.
    const d: Diagnostic = isEmitError(err) ? diagnostic(err.code, 'error', err.message, { hint: err.hint }) : compile.internalError(err);
    if (process.env['TOPOFORM_DEBUG'] === '1' && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    writeDiagnostics(args.format, [d], new Map());
    return 2;
  }
}

function writeDiagnostics(format: Args['format'], diagnostics: Diagnostic[], sources: Map<string, string>, extra: Record<string, unknown> = {}): void {
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
    writeDiagnostics(args.format, outcome.diagnostics, outcome.sources, { file, valid: ok });
    if (ok && args.format === 'text') process.stdout.write(`${safe(file)}: valid (${outcome.value!.topology.pattern}, ${outcome.value!.topology.regions.length} regions)\n`);
    return ok ? 0 : exitCode(outcome.diagnostics);
  }
  const outdir = args.out ?? process.env['CDKTF_OUTDIR'] ?? 'cdktf.out';
  const outcome = compile.synth(file, outdir, { force: args.force });
  if (!outcome.value) {
    writeDiagnostics(args.format, outcome.diagnostics, outcome.sources, { file });
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
    const state = w.state.backend === 's3' ? `${w.state.where} (${w.state.region})` : `local ${w.state.where}`;
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
