// The command line's grammar: every command with its arguments and options, in one table that both the parser and
// the help read, so what `topoform help COMMAND` says is what the parser accepts.
import { PATTERNS } from './model/patterns';
import { didYouMean } from './validate/suggest';

/** Every option a command may take. */
export type Flag = '--out' | '--pattern' | '--force' | '--allow-destroy' | '--format' | '--github' | '--atlantis' | '--strict' | '--quiet';

/** Whether an option takes a value: the same in every command that has it, so argv splits before the command is known. */
const TAKES_VALUE: Record<Flag, boolean> = {
  '--out': true,
  '--pattern': true,
  '--force': false,
  '--allow-destroy': true,
  '--format': true,
  '--github': false,
  '--atlantis': false,
  '--strict': false,
  '--quiet': false,
};

const SHORT: Readonly<Record<string, Flag>> = { '-q': '--quiet' };

interface Option {
  flag: Flag;
  /** What the value is (`DIR`), for an option that takes one and accepts any. */
  value?: string;
  /** The values accepted, the first the default. */
  values?: readonly string[];
  /** Given several times, every value counts (else the last does). */
  repeatable?: true;
  help: string;
}

interface Argument {
  name: string;
  /** What is missing when it is not given: `synth needs the topology file`. */
  what: string;
  optional?: true;
}

interface Command {
  name: string;
  args: readonly Argument[];
  /** One line for the overview. */
  summary: string;
  /** The paragraph of `topoform help COMMAND`. */
  about: string;
  options: readonly Option[];
  /** Exactly one of these options is required. */
  oneOf?: readonly Flag[];
  exit?: string;
}

const FILE: Argument = { name: 'FILE', what: 'the topology file' };

/** --quiet: what else of the command's output it leaves out, or still prints (`; ...`). */
function quiet(detail: string, machine = true): Option {
  return { flag: '--quiet', help: `print only errors: no warnings, infos or counts${detail}${machine ? ' (JSON and SARIF output stay whole)' : ''}` };
}

const DIAGNOSTICS_FORMAT: Option = {
  flag: '--format',
  values: ['text', 'json'],
  help: 'text: diagnostics on stderr, the result on stdout; json: one document on stdout with every diagnostic, the counts and the result',
};

const ALLOW_DESTROY = 'accept losing the stateful resources of a store, region or workspace NAME (repeatable, or comma-separated)';

export const COMMANDS = [
  {
    name: 'validate',
    args: [FILE],
    summary: 'check a topology against the format and its rules',
    about:
      'Checks FILE against the format (schema/topology.schema.json) and the rules of its pattern, and reports every mistake at file:line:column with its source line and a hint. Loads no cdktf.',
    options: [DIAGNOSTICS_FORMAT, quiet(', and no line saying it is valid')],
    exit: '0 valid (warnings may be printed), 1 invalid topology, 2 usage error or a file that cannot be read',
  },
  {
    name: 'check',
    args: [FILE],
    summary: 'validate, then estimate RTO and RPO per failure scenario and run the lints of multi-region readiness (RULES.md); never loads cdktf',
    about:
      'Validates FILE, estimates the RTO and RPO of each failure scenario (the primary lost, each other region lost, the cross-region link cut) phase by phase against objectives, and runs the lints of multi-region readiness (RULES.md). Accept a finding in the topology with suppress: [{ rule: CODE, reason: "..." }]. Loads no cdktf.',
    options: [
      { flag: '--strict', help: 'warnings count as errors (exit 1)' },
      {
        flag: '--format',
        values: ['text', 'json', 'sarif'],
        help: 'text: the estimate and a summary on stdout, diagnostics on stderr; json: one document on stdout; sarif: SARIF 2.1.0 for code scanning (paths relative to the repository root)',
      },
      quiet(', and no estimate or summary'),
    ],
    exit: '0 ready, 1 invalid topology or an error of a lint (with --strict, any warning), 2 usage error or a file that cannot be read',
  },
  {
    name: 'synth',
    args: [FILE],
    summary: 'compile a topology into Terraform workspaces',
    about:
      'Validates FILE and compiles it into Terraform workspaces (one per region and a global one) in DIR, then prints them in the order to apply them. Runs the lints of check: their errors refuse the output. Writes nothing for an invalid topology, and refuses an output that would destroy, replace or move a stateful resource of the one in DIR unless --allow-destroy names it.',
    options: [
      { flag: '--out', value: 'DIR', help: 'the output folder (default: $CDKTF_OUTDIR, else cdktf.out)' },
      { flag: '--force', help: "replace an output folder that holds another topology's output" },
      { flag: '--allow-destroy', value: 'NAME', repeatable: true, help: `${ALLOW_DESTROY}; synth refuses any other loss` },
      DIAGNOSTICS_FORMAT,
      quiet(', and no list of the workspaces'),
    ],
    exit: '0 written, 1 invalid topology or a stateful loss --allow-destroy does not name, 2 usage error, a file that cannot be read or an output folder that cannot be used',
  },
  {
    name: 'docs',
    args: [FILE],
    summary: 'write RUNBOOK.md: map, RTO/RPO budget, failover and failback with the AWS CLI commands, drills; never loads cdktf',
    about:
      'Writes RUNBOOK.md for FILE into DIR: a map of the regions, stores and routing, the RTO/RPO budget, the failover and failback procedures with the AWS CLI commands of this topology, and a drill checklist. Writes nothing for an invalid topology, and replaces only a folder that holds an earlier RUNBOOK.md. Loads no cdktf.',
    options: [{ flag: '--out', value: 'DIR', help: 'the output folder (default: runbook.out)' }, DIAGNOSTICS_FORMAT, quiet(', and no line naming the files written')],
    exit: '0 written, 1 invalid topology, 2 usage error, a file that cannot be read or an output folder that cannot be used',
  },
  {
    name: 'pipeline',
    args: [FILE],
    summary: 'a GitHub Actions workflow or an atlantis.yaml that plans and applies the workspaces in dependency order',
    about:
      'Generates a GitHub Actions workflow (--github) or an atlantis.yaml (--atlantis) that plans and applies the workspaces of FILE in dependency order, and prints it to stdout or writes it atomically to PATH. Refuses what synth would refuse.',
    options: [
      { flag: '--github', help: 'a GitHub Actions workflow' },
      { flag: '--atlantis', help: 'an atlantis.yaml' },
      { flag: '--out', value: 'PATH', help: 'write it to PATH instead of stdout; replaces only a file pipeline wrote, never the topology' },
      quiet('; the pipeline is still printed', false),
    ],
    oneOf: ['--github', '--atlantis'],
    exit: '0 generated, 1 invalid topology, 2 usage error, a file that cannot be read or a PATH that cannot be written',
  },
  {
    name: 'graph',
    args: [FILE],
    summary: "the workspace dependency graph and the stores' replication links (stdout)",
    about: "Prints the workspaces of FILE in dependency order and the stores' replication links, as a Mermaid flowchart or a Graphviz dot graph, to stdout.",
    options: [{ flag: '--format', values: ['mermaid', 'dot'], help: 'the diagram language' }, quiet('; the graph is still printed', false)],
    exit: '0 printed, 1 invalid topology, 2 usage error or a file that cannot be read',
  },
  {
    name: 'init',
    args: [],
    summary: 'write a commented starter topology; never overwrites a file',
    about:
      'Writes a commented starter topology of pattern P into FILE. It validates and synthesizes as it is; every placeholder to replace is marked CHANGE, and topoform check on it lists the decisions left to you. Never overwrites a file.',
    options: [
      { flag: '--pattern', value: 'P', help: `the pattern: ${Object.keys(PATTERNS).join(', ')} (default: active-passive)` },
      { flag: '--out', value: 'FILE', help: 'the file to write (default: topology.yaml)' },
      quiet(', and no line naming the file written', false),
    ],
    exit: '0 written, 2 usage error, an unknown pattern or a file that exists already',
  },
  {
    name: 'promote',
    args: [
      { name: 'REGION', what: 'the region to make the primary' },
      { name: 'FILE', what: 'the topology file (default: topology.yaml)', optional: true },
    ],
    summary: 'make REGION the primary of FILE (default topology.yaml), in place',
    about:
      'Makes REGION the primary of FILE (default: topology.yaml) in place, keeping comments and formatting, and pins home so nothing stateful moves. Prints what it changed, what it left for you, and what the next plan of each workspace does.',
    options: [DIAGNOSTICS_FORMAT, quiet(', and no list of the changes or the plan')],
    exit: '0 ready for synth, 1 invalid topology or a line it reports that must still change, 2 usage error or a file that cannot be read',
  },
  {
    name: 'diff',
    args: [
      { name: 'OLD', what: 'the old topology (or output folder)' },
      { name: 'NEW', what: 'the new topology' },
    ],
    summary: 'what the next plan of each workspace does when NEW replaces OLD, and the stateful resources it loses',
    about:
      'Reports what the next plan of each workspace does when NEW (a topology) replaces OLD (a topology, or an earlier output folder of synth), and the stateful resources (keys, tables, clusters, buckets, secrets, parameters, caches, queues, backup vaults, event archives) it would destroy, replace or move.',
    options: [{ flag: '--allow-destroy', value: 'NAME', repeatable: true, help: ALLOW_DESTROY }, DIAGNOSTICS_FORMAT, quiet('; the report is still printed')],
    exit: '0 no stateful loss that --allow-destroy does not name, 1 such a loss or an invalid topology, 2 usage error or a file that cannot be read',
  },
  {
    name: 'help',
    args: [{ name: 'COMMAND', what: 'a command', optional: true }],
    summary: 'this overview, or the usage and options of COMMAND (as topoform COMMAND --help)',
    about: 'Prints the commands, or the usage, arguments and options of COMMAND.',
    options: [],
  },
  {
    name: 'version',
    args: [],
    summary: 'print the version (as topoform --version)',
    about: 'Prints the version of topoform.',
    options: [],
  },
] as const satisfies readonly Command[];

export type CommandName = (typeof COMMANDS)[number]['name'];
/** The commands that do something (help and version only print). */
export type RunCommand = Exclude<CommandName, 'help' | 'version'>;

/** What the command line asks for. */
export interface Args {
  command: RunCommand;
  /** The topology (validate ... graph, promote) or OLD (diff); absent for init. */
  file?: string;
  /** promote: the region; diff: the new topology. */
  second?: string;
  out?: string;
  pattern?: string;
  force: boolean;
  strict: boolean;
  quiet: boolean;
  /** How diagnostics and results are printed. */
  format: 'text' | 'json' | 'sarif';
  /** graph: the diagram language. */
  diagram: 'mermaid' | 'dot';
  pipeline?: 'github' | 'atlantis';
  allowDestroy: string[];
}

/** `unasked`: help shown for an empty command line, which is still a usage error. */
export type Parsed = { kind: 'run'; args: Args } | { kind: 'help'; command?: CommandName; unasked?: true } | { kind: 'version' };

/** A command line topoform cannot act on; `command` names the command whose help to point to. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: CommandName,
  ) {
    super(message);
  }
}

const commandNamed = (name: string): Command | undefined => (COMMANDS as readonly Command[]).find((c) => c.name === name);

/** `a`, `a and b`, `a, b and c`; `or` for choices. */
function list(items: readonly string[], last = 'and'): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`;
}

export function parse(argv: readonly string[]): Parsed {
  const given = new Map<Flag, string[]>();
  const positional: string[] = [];
  let help = false;
  let version = false;
  // The first problem of the options, reported once the command is known (`--help` anywhere still shows help).
  let problem: string | undefined;
  let unknown: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-h' || a === '--help') help = true;
    else if (a === '-v' || a === '--version') version = true;
    else if (!a.startsWith('-') || a === '-') positional.push(a);
    else {
      const eq = a.startsWith('--') ? a.indexOf('=') : -1;
      const name = eq > 0 ? a.slice(0, eq) : a;
      const flag = SHORT[name] ?? (Object.hasOwn(TAKES_VALUE, name) ? (name as Flag) : undefined);
      if (flag === undefined) {
        if (problem === undefined) {
          unknown = name;
          problem = `unknown option ${name}`;
        }
        continue;
      }
      let value = '';
      if (TAKES_VALUE[flag]) {
        const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
        if (v === undefined || v === '') {
          problem ??= `${name} needs a value`;
          continue;
        }
        value = v;
      } else if (eq > 0) {
        problem ??= `${name} takes no value`;
        continue;
      }
      given.set(flag, [...(given.get(flag) ?? []), value]);
    }
  }

  const [name, ...rest] = positional;
  if (help) {
    // `topoform help synth --help` is synth's help too.
    const about = name === 'help' && rest[0] !== undefined ? rest[0] : name;
    return about === undefined ? { kind: 'help' } : { kind: 'help', command: known(about).name as CommandName };
  }
  if (version) return { kind: 'version' };
  // `topoform` alone: the commands, as a start (on stderr, exit 2: nothing was done).
  if (argv.length === 0) return { kind: 'help', unasked: true };
  if (name === undefined) throw new UsageError(problem ?? 'no command given');
  const command = known(name);
  const at = command.name as CommandName;
  if (problem !== undefined) {
    const guess = unknown === undefined ? undefined : didYouMean(unknown.replace(/^-+/, ''), command.options.map((o) => o.flag.slice(2)));
    throw new UsageError(guess ? `${problem} (did you mean --${guess}?)` : problem, at);
  }
  for (const flag of given.keys()) {
    if (command.options.some((o) => o.flag === flag)) continue;
    const owners = COMMANDS.filter((c) => (c.options as readonly Option[]).some((o) => o.flag === flag)).map((c) => c.name);
    throw new UsageError(`${command.name} takes no ${flag}: ${flag} belongs to ${list(owners)}`, at);
  }
  const missing = command.args.filter((arg, i) => !arg.optional && rest[i] === undefined);
  if (missing.length > 0) throw new UsageError(`${command.name} needs ${list(missing.map((m) => m.what))}`, at);
  if (rest.length > command.args.length) throw new UsageError(`unexpected argument ${rest[command.args.length]}`, at);
  const value = (flag: Flag): string | undefined => {
    const values = given.get(flag);
    const v = values?.[values.length - 1];
    const allowed = command.options.find((o) => o.flag === flag)?.values;
    if (v !== undefined && allowed && !allowed.includes(v)) throw new UsageError(`${flag} must be ${list(allowed, 'or')}, not ${v}`, at);
    return v;
  };
  if (command.oneOf) {
    const chosen = command.oneOf.filter((f) => given.has(f));
    if (chosen.length === 0) throw new UsageError(`${command.name} needs ${list(command.oneOf, 'or')}`, at);
    if (chosen.length > 1) throw new UsageError(`choose one of ${list(command.oneOf)}`, at);
  }
  if (command.name === 'version') return { kind: 'version' };
  if (command.name === 'help') return rest[0] === undefined ? { kind: 'help' } : { kind: 'help', command: known(rest[0]).name as CommandName };
  const format = value('--format');
  const out = value('--out');
  const pattern = value('--pattern');
  const args: Args = {
    command: command.name as RunCommand,
    force: given.has('--force'),
    strict: given.has('--strict'),
    quiet: given.has('--quiet'),
    format: format === 'json' || format === 'sarif' ? format : 'text',
    diagram: format === 'dot' ? 'dot' : 'mermaid',
    allowDestroy: (given.get('--allow-destroy') ?? []).flatMap((v) => v.split(',').map((n) => n.trim()).filter((n) => n !== '')),
  };
  if (out !== undefined) args.out = out;
  if (pattern !== undefined) args.pattern = pattern;
  if (given.has('--github')) args.pipeline = 'github';
  if (given.has('--atlantis')) args.pipeline = 'atlantis';
  if (command.name === 'promote') {
    // promote REGION [FILE]
    args.second = rest[0]!;
    args.file = rest[1] ?? 'topology.yaml';
  } else {
    if (rest[0] !== undefined) args.file = rest[0];
    if (rest[1] !== undefined) args.second = rest[1];
  }
  return { kind: 'run', args };
}

function known(name: string): Command {
  const command = commandNamed(name);
  if (command) return command;
  const guess = didYouMean(name, COMMANDS.map((c) => c.name));
  throw new UsageError(`unknown command ${name}${guess ? ` (did you mean ${guess}?)` : ''}`);
}

const WIDTH = 100;
const LEFT = 26;

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** `  term   description`, the description wrapped in its column; a long term gets a line of its own. */
function rows(entries: readonly (readonly [string, string])[]): string[] {
  const out: string[] = [];
  for (const [term, text] of entries) {
    const body = wrap(text, WIDTH - LEFT);
    const head = `  ${term}`;
    if (head.length < LEFT - 1) out.push(`${head.padEnd(LEFT)}${body.shift() ?? ''}`.trimEnd());
    else out.push(head);
    for (const line of body) out.push(`${' '.repeat(LEFT)}${line}`);
  }
  return out;
}

function optionTerm(o: Option, synopsis = false): string {
  const flag = synopsis && o.flag === '--quiet' ? '-q' : o.flag === '--quiet' ? '-q, --quiet' : o.flag;
  const value = o.values ? o.values.join('|') : o.value;
  return value === undefined ? flag : `${flag} ${value}`;
}

/** `REGION`, `[FILE]`. */
function argNames(c: Command): string[] {
  return c.args.map((a) => (a.optional ? `[${a.name}]` : a.name));
}

/** `topoform synth FILE [--out DIR] ...`: the command's one-line usage. */
export function synopsis(name: CommandName): string {
  const c = commandNamed(name)!;
  const parts = [`topoform ${c.name}`, ...argNames(c)];
  const oneOf = c.oneOf ?? [];
  if (oneOf.length > 0) parts.push(oneOf.join('|'));
  for (const o of c.options) {
    if (oneOf.includes(o.flag)) continue;
    parts.push(`[${optionTerm(o, true)}]${o.repeatable ? '...' : ''}`);
  }
  return parts.join(' ');
}

/** `topoform --help`: every command and the options every command has. */
export function overview(): string {
  return [
    'Usage: topoform <command> [options]',
    '',
    'Commands:',
    ...rows((COMMANDS as readonly Command[]).map((c) => [[c.name, ...argNames(c)].join(' '), c.summary])),
    '',
    'Options:',
    ...rows([
      ['-q, --quiet', 'print only errors (every command but help and version; see its help for what it still prints)'],
      ['-h, --help', 'show this help, or with a command its usage and options'],
      ['-v, --version', 'print the version'],
    ]),
    '',
    'Run topoform help COMMAND (or topoform COMMAND --help) for the arguments and options of a command.',
    'Exit codes: 0 success, 1 invalid topology, 2 usage or internal error.',
    '',
  ].join('\n');
}

/** `topoform help COMMAND`: its usage, what it does, its arguments and options, its exit codes. */
export function commandHelp(name: CommandName): string {
  const c: Command = commandNamed(name)!;
  const lines = [`Usage: ${synopsis(name)}`, '', ...wrap(c.about, WIDTH), ''];
  if (c.args.length > 0) lines.push('Arguments:', ...rows(c.args.map((a) => [a.name, a.optional ? `${a.what} (optional)` : a.what])), '');
  lines.push('Options:', ...rows([...c.options.map((o) => [optionTerm(o), o.values ? `${o.help} (default: ${o.values[0]})` : o.help] as const), ['-h, --help', 'show this help']]), '');
  if (c.exit) lines.push(...wrap(`Exit codes: ${c.exit}.`, WIDTH), '');
  return lines.join('\n');
}
