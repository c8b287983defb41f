// Proves with the real Terraform what a change of topology does to what already exists, offline: per workspace, the
// base synth's version is applied with the mocked AWS provider (as applyWorkspace does), then each transition's
// version of the same workspace is planned on that same state (run blocks with `module { source }` and a shared
// `state_key`), and the planned resource changes are returned.
//
// The plans use the REAL provider (offline: mock credentials, no refresh, data sources overridden), because a mock
// provider never plans a replacement: its PlanResourceChange returns the proposed state without RequiresReplace, so
// a renamed table would be an in-place update. The real provider in turn compares with a state the mock wrote, which
// must look like one it would have written itself; hence a seed: the real provider's plan of the base from nothing,
// whose defaults go into the base's configuration and whose known computed values (tags_all, ...) into the values
// the mock applies. A plan of the unchanged base then finds nothing to change.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { aliases, hcl, inSlot, type Message, MOCK_DATA, MOCK_DEFAULTS, mockEphemeral, mockProvider, remoteReads, terraform, terraformTest, type TerraformSetup } from './terraform';

/** A planned change of one resource instance; no-ops and data source reads are left out. */
export interface PlannedChange {
  address: string;
  type: string;
  /** Terraform's actions: ['create'], ['update'], ['delete'], ['delete', 'create'] or ['create', 'delete'] (a replacement). */
  actions: string[];
  /** Terraform's action_reason, when it gives one (e.g. replace_because_cannot_update, delete_because_no_resource_config). */
  reason?: string;
  /** For a replacement, the attributes that force it (Terraform's replace_paths, e.g. [['name']]). */
  replacePaths?: (string | number)[][];
}

/** A synth of a changed topology: its output folder (manifest.json, stacks/<workspace>/). */
export interface Transition {
  /** Names the run block and the folder: letters, digits, '_' and '-', not "base". */
  name: string;
  outdir: string;
}

type Outputs = Record<string, unknown>;
type Stack = Record<string, unknown>;

const BASE = 'base';
/** The run that applies a transition's version of a workspace the base lacks, for the outputs global reads. */
const outputsRun = (transition: string) => `${transition}__outputs`;

/** Workspace name -> its folder, from an output folder's manifest (a listed workspace whose folder is gone is absent). */
function stacksOf(outdir: string): Map<string, string> {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, { workingDirectory: string }> };
  return new Map(
    Object.entries(manifest.stacks)
      .map(([name, s]): [string, string] => [name, join(outdir, s.workingDirectory)])
      .filter(([, dir]) => existsSync(join(dir, 'cdk.tf.json'))),
  );
}

/** Only the terraform and provider blocks: planned on a state, it destroys everything in it. */
function emptied(stack: Stack): Stack {
  return { terraform: stack['terraform'], provider: stack['provider'] };
}

function describeDiagnostic(m: Message): string {
  const d = m['diagnostic'] as { severity: string; summary: string; detail?: string; address?: string; range?: { filename: string; start: { line: number } } };
  const where = [m['@testrun'] && `run ${m['@testrun']}`, d.address, d.range && `${d.range.filename}:${d.range.start.line}`].filter(Boolean).join(', ');
  return `${d.severity}: ${d.summary}${where ? ` (${where})` : ''}${d.detail ? `\n  ${d.detail.replace(/\n/g, '\n  ')}` : ''}`;
}

interface WorkspaceResult {
  changes: Map<string, PlannedChange[]>;
  /** Outputs after the base apply (none when the base lacks the workspace). */
  base?: Outputs;
  /** Outputs of the transitions' versions that were applied on their own state (the base lacks the workspace). */
  applied: Map<string, Outputs>;
}

interface Plan {
  workspace: string;
  /** Source folder of each version (base, then the transitions), undefined where the workspace is absent. */
  sources: Map<string, string | undefined>;
  /** Transitions whose version is also applied on its own state, for its outputs. */
  applyFor: string[];
}

/**
 * Plan runs select the real provider (offline) by overriding only this unused mock: a run that names providers keeps
 * every provider configuration of its module that it does not name, while a run that names none gets all the mocks.
 */
const REAL = 'topoform_unused';

/**
 * Mock values the seed cannot give (the real provider's plan from nothing leaves them unknown) and the real provider
 * rejects or rewrites when it plans on the mocked state.
 */
const PLAN_MOCK_DEFAULTS: Record<string, Record<string, unknown>> = {
  // Not a random string: the provider refuses a FIFO throughput scope on a standard topic.
  aws_sns_topic: { fifo_throughput_scope: null },
  // The validation record's name as the provider keeps it (without the final dot it strips in the plan, after the
  // mock's apply stored it as written): with the dot, the record's name forces a replacement.
  aws_acm_certificate: {
    domain_validation_options: [{ ...(MOCK_DEFAULTS['aws_acm_certificate']!['domain_validation_options'] as Record<string, unknown>[])[0], resource_record_name: '_0123456789abcdef.mock.example.com' }],
  },
};

/** The aws provider configurations with offline credentials and no account or role look-ups, for the real provider's plans. */
function offline(provider: unknown): unknown {
  const providers = provider as Record<string, Record<string, unknown>[]> | undefined;
  if (!providers?.['aws']) return provider;
  const aws = providers['aws'].map((p) => {
    const kept = Object.fromEntries(Object.entries(p).filter(([k]) => ['alias', 'region', 'default_tags', 'ignore_tags'].includes(k)));
    return {
      ...kept,
      access_key: 'mock-access-key',
      secret_key: 'mock-secret-key',
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: true,
      skip_region_validation: true,
      max_retries: 1,
    };
  });
  return { ...providers, aws };
}

interface SchemaAttribute {
  computed?: boolean;
  nested_type?: { attributes: Record<string, SchemaAttribute>; nesting_mode: string };
}
interface SchemaBlock {
  attributes?: Record<string, SchemaAttribute>;
  block_types?: Record<string, { nesting_mode: string; block: SchemaBlock }>;
}
type Schemas = Record<string, { resource_schemas?: Record<string, { block: SchemaBlock }> }>;

function hasUnknown(u: unknown): boolean {
  return u === true || (typeof u === 'object' && u !== null && Object.values(u).some(hasUnknown));
}

/** One element of a nested collection: the mock takes a single value for all the elements of a nested block. */
function firstOf(value: unknown): Record<string, unknown> | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/**
 * The known computed values of a planned object (nulls included), shaped as mock values: nested blocks (and nested attributes that
 * are not computed themselves) as one object each, as the mock's replacement values address them.
 */
function knownComputed(after: Record<string, unknown>, unknown: unknown, block: SchemaBlock): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  const unknownOf = (name: string) => (typeof unknown === 'object' && unknown !== null ? (unknown as Record<string, unknown>)[name] : undefined);
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    const value = after[name];
    if (value === undefined || hasUnknown(unknownOf(name))) continue;
    // A known null too: the provider plans none where the mock would make one up.
    if (attribute.computed) out[name] = value;
    else if (attribute.nested_type && value !== null) {
      const inner = firstOf(attribute.nested_type.nesting_mode === 'map' ? Object.values(value as object)[0] : value);
      const nested = inner && knownComputed(inner, undefined, { attributes: attribute.nested_type.attributes });
      if (nested) out[name] = nested;
    }
  }
  for (const [name, type] of Object.entries(block.block_types ?? {})) {
    const inner = firstOf(after[name]);
    const nested = inner && knownComputed(inner, firstOf(unknownOf(name)), type.block);
    if (nested) out[name] = nested;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The base's configuration of one resource with the values the real provider plans for the optional arguments it
 * leaves out (SDK defaults such as an IAM role's path "/", a queue's fifo_queue false): the mock applies the
 * configuration as written, so without them the state would hold null where the provider then plans its default, and
 * a default on an argument that forces replacement would plan a replacement. Nested blocks are matched by position
 * (lists, or sets of one element).
 */
function withDefaults(body: Record<string, unknown>, after: Record<string, unknown>, unknown: unknown, block: SchemaBlock): Record<string, unknown> {
  const out = { ...body };
  const unknownOf = (name: string) => (typeof unknown === 'object' && unknown !== null ? (unknown as Record<string, unknown>)[name] : undefined);
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    const value = after[name];
    // An empty string is how the SDK plans an optional string left out of a nested block (a metric_query's
    // account_id): the same as null to it, and refused by the argument's own validation when written back.
    if (attribute.computed || (out[name] !== undefined && out[name] !== null) || value === null || value === undefined || value === '' || hasUnknown(unknownOf(name))) continue;
    out[name] = value;
  }
  for (const [name, type] of Object.entries(block.block_types ?? {})) {
    const configured = out[name];
    const planned = after[name];
    if (configured === undefined || configured === null || planned === undefined || planned === null) continue;
    if (!Array.isArray(configured)) {
      const first = firstOf(planned);
      if (typeof configured === 'object' && first) out[name] = withDefaults(configured as Record<string, unknown>, first, firstOf(unknownOf(name)), type.block);
      continue;
    }
    if (!Array.isArray(planned) || planned.length !== configured.length || (type.nesting_mode === 'set' && configured.length > 1)) continue;
    const unknowns = unknownOf(name);
    out[name] = configured.map((element, i) =>
      typeof element === 'object' && element !== null && typeof planned[i] === 'object' && planned[i] !== null
        ? withDefaults(element as Record<string, unknown>, planned[i] as Record<string, unknown>, Array.isArray(unknowns) ? unknowns[i] : undefined, type.block)
        : element,
    );
  }
  return out;
}

/**
 * For a resource in a module, whose configuration is HCL: every known argument the real provider plans (defaults and
 * configured values alike, which are equal), top-level only, for an override file (that replaces nested blocks whole).
 */
function plannedArguments(after: Record<string, unknown>, unknown: unknown, block: SchemaBlock): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const unknownOf = (name: string) => (typeof unknown === 'object' && unknown !== null ? (unknown as Record<string, unknown>)[name] : undefined);
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    const value = after[name];
    if (!attribute.computed && value !== null && value !== undefined && !hasUnknown(unknownOf(name))) out[name] = value;
  }
  return out;
}

/** Messages of a `terraform test -json -verbose` (terraformTest), and the error that says why it failed, if it did. */
async function runTests(setup: TerraformSetup, work: string, file: string, what: string, onMessage: (m: Message) => void): Promise<void> {
  const diagnostics: string[] = [];
  const test = await terraformTest(setup, work, file, (m) => {
    if (m.type === 'diagnostic') diagnostics.push(describeDiagnostic(m));
    onMessage(m);
  });
  const failed = [...test.runs].filter(([, status]) => status !== 'pass');
  if (test.runs.size === 0 || failed.length > 0) {
    const errors = diagnostics.filter((d) => d.startsWith('error'));
    const why = test.runs.size === 0 ? `no run completed, exit ${test.status}` : failed.map(([run, status]) => `${run}: ${status}`).join(', ');
    throw new Error(`terraform test of ${what} failed (${why}) in ${work}:\n${(errors.length > 0 ? errors : diagnostics).join('\n')}\n${test.stdout}${test.stderr}`);
  }
}

const block = (type: string, body: string[]) => `  ${type} {\n${body.map((l) => `    ${l}\n`).join('')}  }\n`;

/** One workspace's part of a level's test files: its folders are `<workspace>/<label>`. */
interface Part {
  plan: Plan;
  stacks: Map<string, Stack | undefined>;
  /** Run name -> the version's label (base, a transition, or a transition's outputs run). */
  runs: Map<string, string>;
  result: WorkspaceResult;
}

/** The run names of a workspace: unique across the workspaces of one test file. */
const runName = (workspace: string, label: string) => `${workspace.replace(/[^A-Za-z0-9_-]/g, '_')}__${label}`;

/**
 * Plans every workspace of one level (those whose remote reads are all of lower levels) in one work folder, with one
 * `terraform init` and two `terraform test` processes for all of them: the seed (each workspace's base planned by the
 * real provider from nothing), then the base applies and every transition's plan. One process per level, not per
 * workspace: Terraform loads the AWS provider's schema once per process (~2.5 s).
 */
async function planLevel(
  setup: TerraformSetup,
  plans: Plan[],
  upstream: (workspace: string, label: string, producer: string) => Outputs | undefined,
): Promise<Map<string, WorkspaceResult>> {
  const work = mkdtempSync(join(setup.scratch, `transitions-${plans.map((p) => p.workspace).join('-').slice(0, 60)}-`));
  const pin = { terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: setup.awsVersion } } } };
  const variables = new Set<string>();
  const providers = new Set<string | undefined>([undefined]);
  const parts: Part[] = [];
  for (const plan of plans) {
    const { workspace, sources } = plan;
    const stacks = new Map<string, Stack | undefined>();
    for (const [label, dir] of sources) stacks.set(label, dir ? (JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8')) as Stack) : undefined);
    // A version absent from the base is planned against an emptied base (everything in the state deleted); a base
    // the workspace is new to applies an emptied transition's version (nothing), so the transition creates it all.
    const present = [...stacks.values()].filter((s): s is Stack => s !== undefined);
    const empty = emptied(stacks.get(BASE) ?? present[0]!);
    for (const [label, dir] of sources) {
      const copy = join(work, workspace, label);
      if (dir) cpSync(dir, copy, { recursive: true });
      else mkdirSync(copy, { recursive: true });
      const stack = stacks.get(label) ?? empty;
      // The runs' modules are not the root module: a backend or cloud block there only draws a warning.
      const { backend: _backend, cloud: _cloud, ...settings } = (stack['terraform'] ?? {}) as Record<string, unknown>;
      writeFileSync(join(copy, 'cdk.tf.json'), JSON.stringify({ ...stack, terraform: settings, provider: offline(stack['provider']) }, null, 2));
      writeFileSync(join(copy, 'pin_override.tf.json'), JSON.stringify(pin));
      for (const line of mockEphemeral(copy)) variables.add(line);
      for (const alias of aliases(stack)) providers.add(alias);
    }
    const runs = new Map<string, string>();
    for (const label of sources.keys()) runs.set(runName(workspace, label), label);
    for (const label of plan.applyFor) runs.set(runName(workspace, outputsRun(label)), outputsRun(label));
    parts.push({ plan, stacks, runs, result: { changes: new Map(), applied: new Map() } });
  }
  // The root module only names the provider for `terraform init`: every run brings its own module.
  writeFileSync(join(work, 'main.tf.json'), JSON.stringify(pin));
  const header = [variables.size > 0 ? `variables {\n${[...variables].join('\n')}\n}\n` : '', ...[...providers].map(mockProvider), `mock_provider "aws" {\n  alias = "${REAL}"\n}\n`].filter(Boolean);

  // Every data source reads the same values in every run, mocked or real (which must not reach AWS); the state
  // another workspace keeps is the outputs it had after its base apply.
  const dataOverrides = (part: Part, label: string, run: string): string[] => {
    const data = (part.stacks.get(label)?.['data'] ?? {}) as Record<string, Record<string, unknown>>;
    const reads = remoteReads(part.stacks.get(label));
    return Object.entries(data).flatMap(([type, byName]) =>
      Object.keys(byName).map((name) => {
        let values: unknown = MOCK_DATA[type] ?? {};
        if (type === 'terraform_remote_state') {
          const producer = reads.get(name)!;
          const outputs = upstream(part.plan.workspace, label, producer);
          if (!outputs) throw new Error(`${part.plan.workspace} (${run}) reads the state of ${producer}, which was not applied before`);
          values = { outputs };
        }
        return block('override_data', [`target = data.${type}.${name}`, `values = ${hcl(values)}`]);
      }),
    );
  };
  const run = (part: Part, name: string, label: string, command: 'apply' | 'plan', stateKey: string, extra: string[]): string => {
    // Plans use the real provider, which must not refresh (that reads AWS); applies use the mocks.
    const real = command === 'plan' ? [block('providers =', [`aws.${REAL} = aws.${REAL}`]), block('plan_options', ['refresh = false'])] : [];
    const id = runName(part.plan.workspace, name);
    return `run ${JSON.stringify(id)} {\n  command = ${command}\n  module {\n    source = "./${part.plan.workspace}/${label}"\n  }\n  state_key = ${JSON.stringify(runName(part.plan.workspace, stateKey))}\n${real.join('')}${extra.join('')}}\n`;
  };

  // `terraform init` installs the modules of the test files there are: both, the second one rewritten with the seed.
  const transitionsFile = (resourceOverrides: Map<Part, string[]>): string => {
    const runs: string[] = [];
    for (const part of parts) {
      runs.push(run(part, BASE, BASE, 'apply', 'ws', [...(resourceOverrides.get(part) ?? []), ...dataOverrides(part, BASE, BASE)]));
      for (const label of [...part.plan.sources.keys()].slice(1)) runs.push(run(part, label, label, 'plan', 'ws', dataOverrides(part, label, label)));
      for (const label of part.plan.applyFor) runs.push(run(part, outputsRun(label), label, 'apply', outputsRun(label), dataOverrides(part, label, outputsRun(label))));
    }
    return [...header, ...runs].join('\n');
  };
  const seeding = parts.filter((part) => Object.keys((part.stacks.get(BASE)?.['resource'] ?? {}) as object).length > 0);
  writeFileSync(join(work, 'seed.tftest.hcl'), [...header, ...seeding.map((part) => run(part, 'seed', BASE, 'plan', 'seed', dataOverrides(part, BASE, 'seed')))].join('\n'));
  writeFileSync(join(work, 'transitions.tftest.hcl'), transitionsFile(new Map()));
  const init = await terraform(setup, work, ['init', '-backend=false', '-input=false', '-no-color']);
  if (init.status !== 0) throw new Error(`terraform init failed in ${work}:\n${init.stdout}${init.stderr}`);

  // The seed: the real provider's plan of each base from nothing. Its known computed values (the provider's defaults,
  // tags_all) become the values the mocked base apply writes to the state, so that the real provider's plans of the
  // transitions find what it would have planned itself, not the mock's random strings.
  const resourceOverrides = new Map<Part, string[]>();
  if (seeding.length > 0) {
    const seedRuns = new Map(seeding.map((part) => [runName(part.plan.workspace, 'seed'), part]));
    const seeded = new Map<Part, Map<string, Record<string, unknown>>>(); // address -> override values
    const moduleArguments = new Map<Part, Map<string, Map<string, Record<string, unknown>>>>(); // module call -> type.name -> arguments
    const baseStacks = new Map<Part, Stack>();
    for (const part of seeding) {
      seeded.set(part, new Map());
      moduleArguments.set(part, new Map());
      baseStacks.set(part, JSON.parse(readFileSync(join(work, part.plan.workspace, BASE, 'cdk.tf.json'), 'utf8')) as Stack); // as the mock applies it
    }
    await runTests(setup, work, 'seed.tftest.hcl', `the bases of ${plans.map((p) => p.workspace).join(', ')} (seed)`, (m) => {
      if (m.type !== 'test_plan') return;
      const part = seedRuns.get(m['@testrun'] ?? '');
      if (!part) return;
      const baseResources = (baseStacks.get(part)!['resource'] ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
      const planned = m['test_plan'] as {
        resource_changes?: { address: string; mode: string; type: string; change: { after: Record<string, unknown> | null; after_unknown?: unknown } }[];
        provider_schemas?: Schemas;
      };
      const schemas = planned.provider_schemas?.['registry.terraform.io/hashicorp/aws']?.resource_schemas ?? {};
      for (const c of planned.resource_changes ?? []) {
        if (c.mode !== 'managed' || !c.change.after) continue;
        const schema = schemas[c.type];
        const known = schema ? knownComputed(c.change.after, c.change.after_unknown, schema.block) : undefined;
        seeded.get(part)!.set(c.address, { ...MOCK_DEFAULTS[c.type], ...PLAN_MOCK_DEFAULTS[c.type], ...known });
        if (!schema) continue;
        const name = c.address.slice(c.type.length + 1);
        const body = baseResources[c.type]?.[name];
        if (body && c.address === `${c.type}.${name}`) baseResources[c.type]![name] = withDefaults(body, c.change.after, c.change.after_unknown, schema.block);
        const inModule = /^module\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)\.([A-Za-z0-9_-]+)$/.exec(c.address);
        if (inModule) {
          const [, module, type, resource] = inModule as unknown as [string, string, string, string];
          const byModule = moduleArguments.get(part)!;
          const byType = byModule.get(module) ?? new Map<string, Record<string, unknown>>();
          byType.set(`${type}.${resource}`, plannedArguments(c.change.after, c.change.after_unknown, schema.block));
          byModule.set(module, byType);
        }
      }
    });
    for (const part of seeding) {
      const baseDir = join(work, part.plan.workspace, BASE);
      const baseStack = baseStacks.get(part)!;
      // The base copy as seeded: what the mock applies is what the real provider would have planned.
      writeFileSync(join(baseDir, 'cdk.tf.json'), JSON.stringify(baseStack, null, 2));
      // A local module's resources get theirs from an override file in the base copy of the module (when only one
      // module call uses that folder: the file would apply to every call).
      const calls = (baseStack['module'] ?? {}) as Record<string, { source?: string }>;
      const folders = Object.values(calls).map((m) => m.source);
      for (const [module, byType] of moduleArguments.get(part)!) {
        const source = calls[module]?.source;
        if (!source || !/^\.\.?\//.test(source) || folders.filter((f) => f === source).length > 1) continue;
        const folder = resolve(baseDir, source);
        if (relative(baseDir, folder).startsWith('..') || !existsSync(folder)) continue;
        const resource: Record<string, Record<string, Record<string, unknown>>> = {};
        for (const [address, values] of byType) {
          const [type, name] = address.split('.') as [string, string];
          (resource[type] ??= {})[name] = values;
        }
        writeFileSync(join(folder, 'topoform_seed_override.tf.json'), JSON.stringify({ resource }, null, 2));
      }
      resourceOverrides.set(part, [...seeded.get(part)!].map(([address, values]) => block('override_resource', [`target = ${address}`, `values = ${hcl(values)}`])));
    }
  }
  writeFileSync(join(work, 'transitions.tftest.hcl'), transitionsFile(resourceOverrides));

  const byRun = new Map<string, { part: Part; label: string }>();
  for (const part of parts) for (const [name, label] of part.runs) byRun.set(name, { part, label });
  await runTests(setup, work, 'transitions.tftest.hcl', `the transitions of ${plans.map((p) => p.workspace).join(', ')}`, (m) => {
    const found = byRun.get(m['@testrun'] ?? '');
    if (!found) return;
    const { part, label } = found;
    if (m.type === 'test_plan' && label !== BASE && part.plan.sources.has(label)) {
      type Change = { address: string; type: string; action_reason?: string; change: { actions: string[]; replace_paths?: (string | number)[][] } };
      const changes = ((m['test_plan'] as { resource_changes?: Change[] }).resource_changes ?? [])
        .filter((c) => !(c.change.actions.length === 1 && (c.change.actions[0] === 'no-op' || c.change.actions[0] === 'read')))
        .map((c): PlannedChange => ({
          address: c.address,
          type: c.type,
          actions: c.change.actions,
          ...(c.action_reason ? { reason: c.action_reason } : {}),
          ...(c.change.replace_paths ? { replacePaths: c.change.replace_paths } : {}),
        }));
      part.result.changes.set(label, changes);
    } else if (m.type === 'test_state') {
      const outputs: Outputs = {};
      for (const [k, v] of Object.entries((m['test_state'] as { outputs?: Record<string, { value: unknown }> }).outputs ?? {})) outputs[k] = v.value;
      if (label === BASE) part.result.base = outputs;
      else {
        const transition = part.plan.applyFor.find((t) => outputsRun(t) === label);
        if (transition) part.result.applied.set(transition, outputs);
      }
    }
  });
  const results = new Map<string, WorkspaceResult>();
  for (const part of parts) {
    const missing = [...part.plan.sources.keys()].filter((label) => label !== BASE && !part.result.changes.has(label));
    if (missing.length > 0) throw new Error(`terraform test of the transitions of ${part.plan.workspace} printed no plan for ${missing.join(', ')} (in ${work})`);
    if (part.stacks.get(BASE) === undefined) delete part.result.base;
    results.set(part.plan.workspace, part.result);
  }
  rmSync(work, { recursive: true, force: true });
  return results;
}

/**
 * Per workspace (the union of the base's and the transitions'), per transition name: the changes the real AWS provider
 * plans when the transition's version of the workspace meets the state the base's version left (applied with the mocked
 * provider). A workspace a transition lacks is planned as its base's terraform and provider blocks alone (everything
 * in its state deleted); one the base lacks starts from an empty state (everything created). The workspaces run by
 * levels, in one work folder per level, with one `terraform init` and two `terraform test`s (the seed, then the base
 * applies and every transition's plan): a workspace that reads another's state (terraform_remote_state, in global)
 * runs in a later level than the one it reads, with the outputs of its base apply.
 */
export async function planTransitions(setup: TerraformSetup, base: string, transitions: Transition[]): Promise<Map<string, Map<string, PlannedChange[]>>> {
  const labels = [BASE, ...transitions.map((t) => t.name)];
  for (const t of transitions) {
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(t.name)) throw new Error(`transition name ${JSON.stringify(t.name)}: use letters, digits, '_' and '-'`);
    if (t.name.includes('__')) throw new Error(`transition name ${JSON.stringify(t.name)}: '__' separates a run's workspace from its version`);
  }
  if (new Set(labels).size !== labels.length) throw new Error(`transition names must be unique and not "${BASE}": ${labels.slice(1).join(', ')}`);
  if (transitions.length === 0) return new Map([...stacksOf(base).keys()].sort().map((w) => [w, new Map()]));
  const outdirs = new Map<string, Map<string, string>>([[BASE, stacksOf(base)], ...transitions.map((t): [string, Map<string, string>] => [t.name, stacksOf(t.outdir)])]);
  const workspaces = [...new Set([...outdirs.values()].flatMap((s) => [...s.keys()]))].sort();

  // Who reads whose state, in any version; a workspace the base lacks is applied on its own for a version read.
  const producers = new Map<string, Set<string>>(workspaces.map((w) => [w, new Set()]));
  const readIn = new Map<string, Set<string>>(); // producer -> transitions whose versions read it
  for (const [label, stacks] of outdirs) {
    for (const [workspace, dir] of stacks) {
      for (const producer of remoteReads(JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8')) as Stack).values()) {
        if (producer === workspace || !producers.has(producer)) throw new Error(`${workspace} (${label}) reads the state of ${producer}, which is no workspace`);
        producers.get(workspace)!.add(producer);
        if (!readIn.has(producer)) readIn.set(producer, new Set());
        readIn.get(producer)!.add(label);
      }
    }
  }
  const level = new Map<string, number>();
  const levelOf = (w: string, path: string[]): number => {
    if (level.has(w)) return level.get(w)!;
    if (path.includes(w)) throw new Error(`remote state reads form a cycle: ${[...path, w].join(' -> ')}`);
    let l = 0;
    for (const p of producers.get(w)!) l = Math.max(l, levelOf(p, [...path, w]) + 1);
    level.set(w, l);
    return l;
  };
  for (const w of workspaces) levelOf(w, []);

  const plans = new Map<string, Plan>(
    workspaces.map((workspace) => {
      const sources = new Map(labels.map((label) => [label, outdirs.get(label)!.get(workspace)]));
      const inBase = sources.get(BASE) !== undefined;
      const applyFor = inBase ? [] : labels.slice(1).filter((t) => sources.get(t) !== undefined && readIn.get(workspace)?.has(t));
      for (const t of applyFor) if (sources.has(outputsRun(t))) throw new Error(`transition name ${outputsRun(t)} is taken`);
      return [workspace, { workspace, sources, applyFor }];
    }),
  );

  const done = new Map<string, WorkspaceResult>();
  const upstream = (_workspace: string, label: string, producer: string): Outputs | undefined => {
    const r = done.get(producer);
    return label === BASE ? r?.base : (r?.applied.get(label) ?? r?.base);
  };
  for (const l of [...new Set(level.values())].sort((a, b) => a - b)) {
    const these = workspaces.filter((w) => level.get(w) === l).map((w) => plans.get(w)!);
    // Seen in a clean-clone run: the provider package vanished from a work folder's .terraform while another worker's
    // init linked the shared plugin cache. That race alone is retried once, in a fresh folder.
    const once = () => inSlot(setup, (slot) => planLevel(slot, these, upstream));
    const results = await once().catch((err: unknown) => {
      if (err instanceof Error && /could not read package directory|there is no package for/.test(err.message)) return once();
      throw err;
    });
    for (const [w, r] of results) done.set(w, r);
  }
  const result = new Map<string, Map<string, PlannedChange[]>>();
  for (const workspace of workspaces) {
    const changes = done.get(workspace)!.changes;
    result.set(workspace, new Map(labels.slice(1).map((t) => [t, changes.get(t)!])));
  }
  return result;
}
