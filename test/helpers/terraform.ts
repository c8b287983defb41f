// Runs the real Terraform on synthesized workspaces, offline: a filesystem mirror of hashicorp/aws, the provider
// pinned to the mirrored version, `terraform validate`, and `terraform test` applying against a mocked provider.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, type Hash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface TerraformSetup {
  env: NodeJS.ProcessEnv;
  awsVersion: string;
  terraformVersion: string;
  /** This worker's own folder for work directories. */
  scratch: string;
  /** The folder the workers of this test run share, when the global setup made one. */
  shared?: string;
}

/** Where the global setup (test/helpers/global-setup.ts) keeps what every test worker of one run shares. */
export const SHARED_ENV = 'TOPOFORM_TF_SHARED';

function cliConfig(mirror: string, pluginCache: string): string {
  return `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\nplugin_cache_dir = ${JSON.stringify(pluginCache)}\n`;
}

/**
 * Finds terraform and a provider mirror; returns why not when either is missing. Within a test run the workers share
 * one CLI configuration and one plugin cache, which the global setup filled once (Terraform does not promise that
 * filling it concurrently is safe), and the cache of results and the slots of applyOutput.
 */
export function findTerraform(): TerraformSetup | { missing: string } {
  // `npm run test:unit`: everything but real Terraform, for the edit loop.
  if (process.env['TOPOFORM_TERRAFORM'] === 'skip') return { missing: 'TOPOFORM_TERRAFORM=skip' };
  const which = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  if (which.error || which.status !== 0) return { missing: 'terraform is not on PATH' };
  const candidates = [process.env['TOPOFORM_TF_MIRROR'], '/opt/tf-plugins', '/usr/share/terraform/plugins', join(process.env['HOME'] ?? '', '.terraform.d/plugins')];
  for (const mirror of candidates) {
    if (!mirror) continue;
    const dir = join(mirror, 'registry.terraform.io/hashicorp/aws');
    if (!existsSync(dir)) continue;
    const versions = readdirSync(dir).sort();
    if (versions.length === 0) continue;
    const terraform = (JSON.parse(which.stdout) as { terraform_version: string }).terraform_version;
    const shared = process.env[SHARED_ENV];
    let rc: string;
    let scratch: string;
    if (shared && existsSync(join(shared, 'terraformrc'))) {
      rc = join(shared, 'terraformrc');
      scratch = mkdtempSync(join(shared, 'worker-'));
    } else {
      scratch = mkdtempSync(join(tmpdir(), 'topoform-tf-'));
      rc = join(scratch, 'terraformrc');
      mkdirSync(join(scratch, 'plugin-cache'));
      writeFileSync(rc, cliConfig(mirror, join(scratch, 'plugin-cache')));
    }
    return {
      env: { ...process.env, TF_CLI_CONFIG_FILE: rc, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0' },
      awsVersion: versions[versions.length - 1]!,
      terraformVersion: terraform,
      scratch,
      ...(shared ? { shared } : {}),
    };
  }
  return { missing: 'no filesystem mirror of hashicorp/aws found (set TOPOFORM_TF_MIRROR)' };
}

/**
 * For the global setup: a folder the workers share (CLI configuration, plugin cache, cache of results, slots), with
 * the plugin cache filled by one `terraform init`. Undefined when there is no terraform or mirror.
 */
export function prepareShared(): string | undefined {
  const setup = findTerraform();
  if ('missing' in setup) return undefined;
  const mirror = /path\s+=\s+("[^"]*")/.exec(readFileSync(setup.env['TF_CLI_CONFIG_FILE']!, 'utf8'))![1]!;
  const shared = mkdtempSync(join(tmpdir(), 'topoform-tf-run-'));
  mkdirSync(join(shared, 'plugin-cache'));
  mkdirSync(join(shared, 'results'));
  mkdirSync(join(shared, 'slots'));
  writeFileSync(join(shared, 'terraformrc'), cliConfig(JSON.parse(mirror) as string, join(shared, 'plugin-cache')));
  const warm = join(shared, 'warm');
  mkdirSync(warm);
  writeFileSync(join(warm, 'main.tf.json'), JSON.stringify({ terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: setup.awsVersion } } } }));
  const init = spawnSync('terraform', ['init', '-backend=false', '-input=false', '-no-color'], { cwd: warm, env: { ...setup.env, TF_CLI_CONFIG_FILE: join(shared, 'terraformrc') }, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`terraform init (filling the plugin cache) failed:\n${init.stdout}${init.stderr}`);
  if (process.env['TOPOFORM_TF_REATTACH'] !== '0') startProviderServers(shared, JSON.parse(mirror) as string, setup.awsVersion, availableParallelism());
  return shared;
}

interface Manifest {
  stacks: Record<string, { dependencies: string[]; workingDirectory: string }>;
}

/** Workspaces in an order that applies every dependency first. */
export function applyOrder(outdir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as Manifest;
  const done: string[] = [];
  const visit = (name: string, path: string[]) => {
    if (done.includes(name)) return;
    if (path.includes(name)) throw new Error(`dependency cycle: ${[...path, name].join(' -> ')}`);
    for (const dep of manifest.stacks[name]!.dependencies) visit(dep, [...path, name]);
    done.push(name);
  };
  for (const name of Object.keys(manifest.stacks).sort()) visit(name, []);
  return done;
}

type Outputs = Record<string, unknown>;

export interface Applied {
  name: string;
  validate: { valid: boolean; diagnostics: unknown[] };
  /** Resource values after the mocked apply, by address. */
  resources: Map<string, Record<string, unknown>>;
  outputs: Outputs;
  log: string;
}

/** Computed attributes that flow into arguments the provider validates (ARNs): ARN-shaped mock values. */
export const MOCK_DEFAULTS: Record<string, Record<string, unknown>> = {
  aws_kms_key: { arn: 'arn:aws:kms:us-east-1:111111111111:key/mrk-0123456789abcdef0123456789abcdef', key_id: 'mrk-0123456789abcdef0123456789abcdef' },
  aws_kms_replica_key: { arn: 'arn:aws:kms:us-west-2:111111111111:key/mrk-0123456789abcdef0123456789abcdef', key_id: 'mrk-0123456789abcdef0123456789abcdef' },
  aws_iam_role: { arn: 'arn:aws:iam::111111111111:role/mock-role' },
  aws_s3_bucket: { arn: 'arn:aws:s3:::mock-bucket' },
  // ARC: each routing control's ARN feeds a RECOVERY_CONTROL health check, the cluster's and panel's ARNs the controls.
  aws_route53recoverycontrolconfig_cluster: { arn: 'arn:aws:route53-recovery-control::111111111111:cluster/0123456789abcdef' },
  aws_route53recoverycontrolconfig_control_panel: { arn: 'arn:aws:route53-recovery-control::111111111111:controlpanel/0123456789abcdef' },
  aws_route53recoverycontrolconfig_routing_control: { arn: 'arn:aws:route53-recovery-control::111111111111:controlpanel/0123456789abcdef/routingcontrol/0123456789abcdef' },
  // jobs: each schedule's dead-letter queue.
  aws_sqs_queue: { arn: 'arn:aws:sqs:us-east-1:111111111111:mock-queue' },
  aws_backup_vault: { arn: 'arn:aws:backup:us-east-1:111111111111:backup-vault:mock-vault' },
  aws_cloudwatch_event_bus: { arn: 'arn:aws:events:us-east-1:111111111111:event-bus/mock-bus' },
  aws_route53_health_check: { arn: 'arn:aws:route53:::healthcheck/01234567-89ab-cdef-0123-456789abcdef' },
  // dsql: each cluster's peering names the other cluster's ARN.
  aws_dsql_cluster: { arn: 'arn:aws:dsql:us-east-1:111111111111:cluster/abcdefghijklmnopqrstuvwxyz', identifier: 'abcdefghijklmnopqrstuvwxyz' },
  // Global Accelerator: the listener names the accelerator by ARN (its id), each endpoint group the listener.
  aws_globalaccelerator_accelerator: {
    id: 'arn:aws:globalaccelerator::111111111111:accelerator/01234567-89ab-cdef-0123-456789abcdef',
    arn: 'arn:aws:globalaccelerator::111111111111:accelerator/01234567-89ab-cdef-0123-456789abcdef',
    dns_name: 'a0123456789abcdef.awsglobalaccelerator.com',
    hosted_zone_id: 'Z2BJ6XQ5FK7U4H',
  },
  aws_globalaccelerator_listener: {
    id: 'arn:aws:globalaccelerator::111111111111:accelerator/01234567-89ab-cdef-0123-456789abcdef/listener/0123abcd',
    arn: 'arn:aws:globalaccelerator::111111111111:accelerator/01234567-89ab-cdef-0123-456789abcdef/listener/0123abcd',
  },
  // A region account's attachment admitting the accelerator: each endpoint group names it by ARN.
  aws_globalaccelerator_cross_account_attachment: { arn: 'arn:aws:globalaccelerator::222222222222:attachment/01234567-89ab-cdef-0123-456789abcdef' },
  // CloudFront: the distribution takes the validated certificate's ARN; the validation record is its one option.
  aws_acm_certificate: {
    arn: 'arn:aws:acm:us-east-1:111111111111:certificate/01234567-89ab-cdef-0123-456789abcdef',
    domain_validation_options: [
      { domain_name: 'mock.example.com', resource_record_name: '_0123456789abcdef.mock.example.com.', resource_record_type: 'CNAME', resource_record_value: '_0123456789abcdef.mock.acm-validations.aws.' },
    ],
  },
  // drills: each FIS experiment template logs to its log group by ARN (`<arn>:*`).
  aws_cloudwatch_log_group: { arn: 'arn:aws:logs:us-east-1:111111111111:log-group:/topoform/mock' },
  aws_cloudfront_distribution: { arn: 'arn:aws:cloudfront::111111111111:distribution/E0123456789ABC', domain_name: 'd0123456789abc.cloudfront.net', hosted_zone_id: 'Z2FDTNDATAQYW2' },
  // alarms: each topic's ARN feeds its policy, subscriptions and the alarms' actions; alarm ARNs feed FIS stop conditions.
  aws_sns_topic: { arn: 'arn:aws:sns:us-east-1:111111111111:mock-alarms' },
  aws_cloudwatch_metric_alarm: { arn: 'arn:aws:cloudwatch:us-east-1:111111111111:alarm:mock-alarm' },
  // drills: more than five stop alarms become one composite alarm, whose ARN is the FIS stop condition.
  aws_cloudwatch_composite_alarm: { arn: 'arn:aws:cloudwatch:us-east-1:111111111111:alarm:mock-composite-alarm' },
};

/** Data sources whose computed values end up in validated arguments. */
export const MOCK_DATA: Record<string, Record<string, string>> = {
  aws_caller_identity: { account_id: '111111111111', arn: 'arn:aws:iam::111111111111:user/mock' },
  aws_route53_zone: { zone_id: 'Z0MOCKZONE12345' },
  aws_kms_alias: { target_key_arn: 'arn:aws:kms:us-west-2:111111111111:key/mrk-0123456789abcdef0123456789abcdef', target_key_id: 'mrk-0123456789abcdef0123456789abcdef', arn: 'arn:aws:kms:us-west-2:111111111111:alias/mock' },
};

/** HCL accepts JSON's object and list syntax; only template sequences need escaping. */
export function hcl(value: unknown): string {
  return JSON.stringify(value).replace(/\$\{/g, () => '$${').replace(/%\{/g, '%%{');
}

/** The test file's mock of the aws provider configuration with this alias (undefined: the default one). */
export function mockProvider(alias: string | undefined): string {
  const mocks = Object.entries(MOCK_DEFAULTS)
    .map(([type, defaults]) => `  mock_resource ${JSON.stringify(type)} {\n    defaults = ${hcl(defaults)}\n  }`)
    .concat(Object.entries(MOCK_DATA).map(([type, defaults]) => `  mock_data ${JSON.stringify(type)} {\n    defaults = ${hcl(defaults)}\n  }`))
    .join('\n');
  return `mock_provider "aws" {\n${alias ? `  alias = ${JSON.stringify(alias)}\n` : ''}${mocks}\n}\n`;
}

/**
 * Terraform's mock providers do not support ephemeral resources yet ("No ephemeral resource types in mock
 * providers"): for a mocked run only, each ephemeral value of the workspace in `dir` becomes an ephemeral input
 * variable, which the write-only arguments accept alike (cdk.tf.json is rewritten in place). Returns the lines
 * giving them their values, for the test file's `variables` block (ephemeral variables must be given in the plan
 * and the apply alike: file-level variables are); none when the workspace has no ephemeral resource.
 */
export function mockEphemeral(dir: string): string[] {
  let text = readFileSync(join(dir, 'cdk.tf.json'), 'utf8');
  const ephemeral = ((JSON.parse(text) as Record<string, unknown>)['ephemeral'] ?? {}) as Record<string, Record<string, unknown>>;
  if (Object.keys(ephemeral).length === 0) return [];
  const variables: Record<string, unknown> = {};
  for (const [type, byName] of Object.entries(ephemeral)) {
    for (const name of Object.keys(byName)) {
      const variable = `mock_${type}_${name}`;
      variables[variable] = { type: 'string', ephemeral: true, sensitive: true };
      text = text.replaceAll(`ephemeral.${type}.${name}.random_password`, `var.${variable}`);
    }
  }
  const json = JSON.parse(text) as Record<string, unknown>;
  delete json['ephemeral'];
  json['variable'] = { ...(json['variable'] as object | undefined), ...variables };
  writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(json, null, 2));
  return Object.keys(variables).map((v) => `  ${v} = "mock-ephemeral-value-0123456789"`);
}

export interface Message {
  type: string;
  '@testrun'?: string;
  [key: string]: unknown;
}

/**
 * Runs terraform asynchronously in its own process group; `onMessage` gets each JSON line of stdout as it comes (a
 * verbose plan or state is ~14 MB, most of it the provider's schema), stdout keeps the other lines. When `onMessage`
 * returns 'stop', the whole group (terraform and the provider processes it started) is killed: the caller has all it
 * needs (`terraform test` would otherwise destroy every state it applied, as long again for nothing).
 */
export function terraform(
  setup: TerraformSetup,
  cwd: string,
  args: string[],
  onMessage?: (m: Message) => 'stop' | void,
): Promise<{ status: number | null; stopped: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn('terraform', args, { cwd, env: setup.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let failure: unknown;
    let stopped = false;
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
    lines.on('line', (line) => {
      if (stopped) return;
      if (onMessage && line.startsWith('{')) {
        try {
          if (onMessage(JSON.parse(line) as Message) === 'stop') {
            stopped = true;
            try {
              process.kill(-child.pid!, 'SIGKILL');
            } catch {
              // already gone
            }
          }
        } catch (e) {
          failure ??= e;
        }
      } else stdout += `${line}\n`;
    });
    let exited: number | null | undefined;
    let closed = false;
    const done = () => {
      if (exited === undefined || !closed) return;
      // TOPOFORM_TF_TRACE=file: one line per terraform command, for finding where a run's time goes.
      const trace = process.env['TOPOFORM_TF_TRACE'];
      if (trace) appendFileSync(trace, `${((Date.now() - started) / 1000).toFixed(1)}s ${args.join(' ')} ${stopped ? '(stopped) ' : ''}in ${cwd}\n`);
      if (failure) reject(failure instanceof Error ? failure : new Error(String(failure)));
      else resolve({ status: exited, stopped, stdout, stderr });
    };
    lines.on('close', () => {
      closed = true;
      done();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      exited = code;
      done();
    });
  });
}

/**
 * `terraform test -json -verbose` of one test file: each message goes to `onMessage`, each run's final status
 * (pass, fail, error, skip) is collected, and the process is killed when its teardown starts: every run has been
 * planned or applied by then, and the teardown would only destroy the mocked state.
 */
export async function terraformTest(
  setup: TerraformSetup,
  cwd: string,
  file: string,
  onMessage: (m: Message) => void,
): Promise<{ runs: Map<string, string>; status: number | null; stdout: string; stderr: string }> {
  const runs = new Map<string, string>();
  const r = await terraform(setup, cwd, ['test', '-json', '-verbose', '-no-color', `-filter=${file}`], (m) => {
    if (m.type === 'test_run' && m['@testrun']) {
      const run = m['test_run'] as { progress: string; status?: string };
      if (run.progress === 'complete') runs.set(m['@testrun'], run.status ?? 'unknown');
    } else if (m.type === 'test_file' && (m['test_file'] as { progress?: string }).progress === 'teardown') return 'stop';
    onMessage(m);
    return undefined;
  });
  return { runs, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `task` in one of the machine's terraform slots (as many as it has cores), shared by every worker of the run
 * through the shared folder: vitest's workers would otherwise start one terraform each, and more at once than there
 * are cores only makes each slower. The task gets the slot's setup: with the slot's provider server attached
 * (`TF_REATTACH_PROVIDERS`, see startProviderServers) when the global setup started one.
 */
export async function inSlot<T>(setup: TerraformSetup, task: (slot: TerraformSetup) => Promise<T>): Promise<T> {
  if (!setup.shared) return await task(setup);
  const slots = availableParallelism();
  for (;;) {
    for (let i = 0; i < slots; i++) {
      const slot = join(setup.shared, 'slots', String(i));
      try {
        mkdirSync(slot);
      } catch {
        continue;
      }
      try {
        const reattach = join(setup.shared, 'providers', `${i}.json`);
        const env = existsSync(reattach) ? { ...setup.env, TF_REATTACH_PROVIDERS: readFileSync(reattach, 'utf8') } : setup.env;
        return await task({ ...setup, env });
      } finally {
        rmSync(slot, { recursive: true, force: true });
      }
    }
    await sleep(200);
  }
}

/**
 * Where the time of real Terraform went: Terraform starts a provider process for every provider configuration in
 * every phase (validate, plan, apply) of every run of a `terraform test`, mocked or not, and the AWS provider's start
 * costs about a second of CPU (its Go initialization registers some 1,500 resources). A test file of 20 runs over
 * workspaces with several regions started 112 of them: 96 s of user and 35 s of system CPU, against 17 s and 3 s
 * with one long-lived server. So the global setup starts one server of the mirrored provider binary per slot, in
 * Terraform's documented debug mode (`-debug` prints the `TF_REATTACH_PROVIDERS` value; Terraform then uses that
 * process for every configuration of hashicorp/aws instead of starting its own, and `init` leaves it uninstalled).
 *
 * The same binary and protocol as without it; what differs is that one process is configured several times (each
 * provider block of a run, and each run). Mock providers never configure it. The real plans of the transitions
 * harness do, with mock credentials and no API call, and compare attributes only: the same planned actions, reasons
 * and replace paths were measured with and without (TOPOFORM_TF_REATTACH=0 turns the servers off). The server runs
 * without AWS_CA_BUNDLE: the SDK wraps its HTTP client with that bundle at each configuration and refuses a second
 * wrap; an offline plan makes no HTTPS request.
 */
export function startProviderServers(shared: string, mirror: string, awsVersion: string, count: number): void {
  const dir = join(mirror, 'registry.terraform.io/hashicorp/aws', awsVersion);
  const platform = readdirSync(dir).find((p) => existsSync(join(dir, p)) && readdirSync(join(dir, p)).some((f) => f.startsWith('terraform-provider-aws')));
  if (!platform) return;
  const binary = join(dir, platform, readdirSync(join(dir, platform)).find((f) => f.startsWith('terraform-provider-aws'))!);
  mkdirSync(join(shared, 'providers'), { recursive: true });
  const env = { ...process.env };
  delete env['AWS_CA_BUNDLE'];
  for (let i = 0; i < count; i++) {
    const log = join(shared, 'providers', `${i}.log`);
    // A watchdog shell: the server dies with this process (the run's main process), even when it is killed.
    const script = `"$0" -debug >"$1" 2>&1 & p=$!; while kill -0 ${process.pid} 2>/dev/null && kill -0 $p 2>/dev/null; do sleep 2; done; kill $p 2>/dev/null`;
    const child = spawn('sh', ['-c', script, binary, log], { env, stdio: 'ignore', detached: true });
    child.unref();
    writeFileSync(join(shared, 'providers', `${i}.pid`), String(child.pid));
  }
  const deadline = Date.now() + 120_000;
  for (let i = 0; i < count; i++) {
    const log = join(shared, 'providers', `${i}.log`);
    for (;;) {
      const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
      const found = /TF_REATTACH_PROVIDERS='([^']+)'/.exec(text);
      if (found) {
        writeFileSync(join(shared, 'providers', `${i}.json`), found[1]!);
        break;
      }
      if (Date.now() > deadline) throw new Error(`the provider server ${binary} -debug printed no TF_REATTACH_PROVIDERS in 120 s:\n${text}`);
      spawnSync('sleep', ['0.2']);
    }
  }
}

/** Stops the servers startProviderServers started (their watchdog shells' process groups). */
export function stopProviderServers(shared: string): void {
  const dir = join(shared, 'providers');
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.pid'))) {
    try {
      process.kill(-Number(readFileSync(join(dir, f), 'utf8')), 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Every file under `dir` (relative path and content), for a content hash. */
function hashDir(hash: Hash, dir: string, prefix = ''): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name === '.terraform' || entry.name === '.terraform.lock.hcl') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) hashDir(hash, path, `${prefix}${entry.name}/`);
    else {
      hash.update(`${prefix}${entry.name}\0`);
      hash.update(readFileSync(path));
      hash.update('\0');
    }
  }
}

/** This file's own text: a change of the mocks or of how workspaces are applied changes every key. */
const HELPER = readFileSync(__filename, 'utf8');

/** The workspaces whose state a configuration reads (data.terraform_remote_state): data source name -> workspace. */
export function remoteReads(stack: Record<string, unknown> | undefined): Map<string, string> {
  const remote = ((stack?.['data'] as Record<string, Record<string, unknown>> | undefined)?.['terraform_remote_state'] ?? {});
  // cdktf's cross-stack references are named after the producing stack; app.module's endpoint reads
  // (src/stacks/routing/index.ts) after the region workspace itself.
  return new Map(Object.keys(remote).map((name) => [name, name.replace(/^cross-stack-reference-input-/, '')]));
}

/** The aws provider aliases a configuration declares (undefined: the default configuration). */
export function aliases(stack: Record<string, unknown>): (string | undefined)[] {
  return ((stack['provider'] as Record<string, { alias?: string }[]> | undefined)?.['aws'] ?? []).map((p) => p.alias);
}

export interface ApplyOptions {
  /** Only these workspaces (default: all the manifest lists). */
  only?: string[];
  /** Outputs of workspaces left out that a selected one reads (terraform_remote_state). */
  upstream?: Map<string, Outputs>;
}

interface StoredApplied {
  name: string;
  validate: Applied['validate'];
  resources: [string, Record<string, unknown>][];
  outputs: Outputs;
  log: string;
}

/**
 * Validates every workspace of an output folder with the real Terraform and applies it against the mocked AWS provider,
 * in dependency order; returns each workspace's resources and outputs after the apply.
 *
 * What makes it fast enough to run on every example in every test run (Terraform's cost is the AWS provider: ~2.5 s to
 * load its schema once per process, ~0.5 s to start each provider configuration in each phase of each run):
 * - one `terraform init` and one `terraform test` process for all the workspaces that read no other's state (each a
 *   run block with its own module and state), and one more per level of those that do, which get the outputs the
 *   others had after their apply;
 * - `terraform test` validates each run's module before planning it, so there is no separate `terraform validate`,
 *   except for a workspace with ephemeral resources, which the mock cannot open and which is therefore validated as
 *   generated before its mocked copy runs;
 * - the process is killed once every run has applied: its teardown would only destroy the mocked state;
 * - each distinct workspace (by content hash: its files, the outputs it reads, this file, the versions) is applied
 *   once per test run, by whichever test asks first; the others read its result (or wait while it runs);
 * - at most one terraform per core at once, machine-wide, across vitest's workers.
 */
export async function applyOutput(setup: TerraformSetup, outdir: string, options: ApplyOptions = {}): Promise<Map<string, Applied>> {
  const order = applyOrder(outdir).filter((name) => !options.only || options.only.includes(name));
  for (const name of options.only ?? []) if (!order.includes(name)) throw new Error(`${outdir} has no workspace ${name}`);
  const stacks = new Map<string, Record<string, unknown>>();
  for (const name of order) stacks.set(name, JSON.parse(readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')) as Record<string, unknown>);
  // Levels: a workspace runs after those of this output whose state it reads; the state of one left out is given.
  const level = new Map<string, number>();
  const levelOf = (name: string, path: string[]): number => {
    if (level.has(name)) return level.get(name)!;
    if (path.includes(name)) throw new Error(`remote state reads form a cycle: ${[...path, name].join(' -> ')}`);
    let l = 0;
    for (const producer of remoteReads(stacks.get(name)).values()) {
      if (stacks.has(producer)) l = Math.max(l, levelOf(producer, [...path, name]) + 1);
      else if (!options.upstream?.has(producer)) throw new Error(`${name} reads the state of ${producer}, which is neither applied here nor given`);
    }
    level.set(name, l);
    return l;
  };
  for (const name of order) levelOf(name, []);

  const results = new Map<string, StoredApplied>();
  const outputsOf = (producer: string): Outputs => results.get(producer)?.outputs ?? options.upstream!.get(producer)!;
  // A workspace's result depends on its files, the outputs of the workspaces it reads, and how it is applied (this
  // file, Terraform's and the provider's versions): its key.
  const keyOf = (name: string): string => {
    const hash = createHash('sha256');
    hash.update(HELPER).update(`\0${setup.terraformVersion}\0${setup.awsVersion}\0workspace ${name}\0`);
    hashDir(hash, join(outdir, 'stacks', name));
    for (const producer of [...new Set(remoteReads(stacks.get(name)).values())].sort()) hash.update(`reads ${producer}\0${JSON.stringify(outputsOf(producer))}\0`);
    return hash.digest('hex');
  };
  for (const l of [...new Set(level.values())].sort((x, y) => x - y)) {
    const keys = new Map(order.filter((n) => level.get(n) === l).map((n) => [n, keyOf(n)]));
    const pending = new Set(keys.keys());
    while (pending.size > 0) {
      // What another worker applied is read; what nobody applies yet is claimed and applied here, together, in one
      // process; what another worker is applying now is waited for.
      const mine: string[] = [];
      for (const name of pending) {
        const found = readResult(setup, keys.get(name)!);
        if (found) {
          results.set(name, { ...found, name });
          pending.delete(name);
        } else if (claim(setup, keys.get(name)!)) mine.push(name);
      }
      if (mine.length === 0) {
        if (pending.size > 0) await sleep(250);
        continue;
      }
      try {
        const given = new Map<string, Outputs>();
        for (const name of mine) for (const producer of remoteReads(stacks.get(name)).values()) given.set(producer, outputsOf(producer));
        const applied = await inSlot(setup, (slot) => applyBatch(slot, outdir, mine, stacks, new Map(mine.map((n) => [n, 0])), given));
        for (const a of applied) {
          writeResult(setup, keys.get(a.name)!, a);
          results.set(a.name, a);
          pending.delete(a.name);
        }
      } finally {
        for (const name of mine) release(setup, keys.get(name)!);
      }
    }
  }
  return new Map(order.map((n) => results.get(n)!).map((a) => [a.name, { ...a, resources: new Map(a.resources) }]));
}

const resultFile = (setup: TerraformSetup, key: string) => join(setup.shared!, 'results', `${key}.json`);

/** The result another worker of this run stored for this key, if any (none without a shared folder). */
function readResult(setup: TerraformSetup, key: string): StoredApplied | undefined {
  if (!setup.shared || !existsSync(resultFile(setup, key))) return undefined;
  return JSON.parse(readFileSync(resultFile(setup, key), 'utf8')) as StoredApplied;
}

/** Claims the key for this worker (true), unless another holds it; always true without a shared folder. */
function claim(setup: TerraformSetup, key: string): boolean {
  if (!setup.shared) return true;
  try {
    mkdirSync(`${resultFile(setup, key)}.lock`);
  } catch {
    return false;
  }
  // Stored between the look and the claim: nothing left to do, but the caller reads it on its next round.
  if (existsSync(resultFile(setup, key))) {
    release(setup, key);
    return false;
  }
  return true;
}

function release(setup: TerraformSetup, key: string): void {
  if (setup.shared) rmSync(`${resultFile(setup, key)}.lock`, { recursive: true, force: true });
}

function writeResult(setup: TerraformSetup, key: string, value: StoredApplied): void {
  if (!setup.shared) return;
  writeFileSync(`${resultFile(setup, key)}.tmp`, JSON.stringify(value));
  renameSync(`${resultFile(setup, key)}.tmp`, resultFile(setup, key));
}

async function applyBatch(
  setup: TerraformSetup,
  outdir: string,
  order: string[],
  stacks: Map<string, Record<string, unknown>>,
  level: Map<string, number>,
  given: Map<string, Outputs>,
): Promise<StoredApplied[]> {
  const work = mkdtempSync(join(setup.scratch, 'apply-'));
  const pin = { terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: setup.awsVersion } } } };
  const verdicts = new Map<string, Applied['validate']>();
  const variables = new Map<string, string[]>(); // workspace -> the ephemeral variables' lines
  for (const name of order) {
    const copy = join(work, name);
    cpSync(join(outdir, 'stacks', name), copy, { recursive: true });
    writeFileSync(join(copy, 'pin_override.tf.json'), JSON.stringify(pin));
    const ephemeral = Object.keys((stacks.get(name)!['ephemeral'] ?? {}) as object).length > 0;
    if (ephemeral) {
      // Validated as generated (the mocked copy below replaces its ephemeral values with variables).
      const init = await terraform(setup, copy, ['init', '-backend=false', '-input=false', '-no-color']);
      if (init.status !== 0) throw new Error(`terraform init failed in ${name}:\n${init.stdout}${init.stderr}`);
      const validate = await terraform(setup, copy, ['validate', '-json', '-no-color']);
      verdicts.set(name, JSON.parse(validate.stdout) as Applied['validate']);
      rmSync(join(copy, '.terraform'), { recursive: true, force: true });
      rmSync(join(copy, '.terraform.lock.hcl'), { force: true });
    }
    // Kept as generated, backend or cloud block included: in a run's module (not the root module) Terraform still
    // parses it and only warns that it is ignored.
    variables.set(name, mockEphemeral(copy));
  }
  writeFileSync(join(work, 'main.tf.json'), JSON.stringify(pin));
  const levels = [...new Set(level.values())].sort((a, b) => a - b);
  const outputs = new Map<string, Outputs>(given);
  const testFile = (l: number, withReads: boolean): string => {
    const names = order.filter((n) => level.get(n) === l);
    const providers = new Set<string | undefined>([undefined]);
    for (const n of names) for (const alias of aliases(stacks.get(n)!)) providers.add(alias);
    const lines = [...new Set(names.flatMap((n) => variables.get(n)!))];
    const blocks = [lines.length > 0 ? `variables {\n${lines.join('\n')}\n}\n` : '', ...[...providers].map(mockProvider)].filter(Boolean);
    for (const n of names) {
      const overrides = withReads
        ? [...remoteReads(stacks.get(n))].map(([data, producer]) => `  override_data {\n    target = data.terraform_remote_state.${data}\n    values = { outputs = ${hcl(outputs.get(producer))} }\n  }\n`)
        : [];
      blocks.push(`run ${JSON.stringify(n)} {\n  command = apply\n  module {\n    source = "./${n}"\n  }\n  state_key = ${JSON.stringify(n)}\n${overrides.join('')}}\n`);
    }
    return blocks.join('\n');
  };
  // `terraform init` installs the modules of every test file: written first without the reads' values.
  for (const l of levels) writeFileSync(join(work, `level${l}.tftest.hcl`), testFile(l, false));
  const init = await terraform(setup, work, ['init', '-backend=false', '-input=false', '-no-color']);
  if (init.status !== 0) throw new Error(`terraform init failed in ${work}:\n${init.stdout}${init.stderr}`);

  const results: StoredApplied[] = [];
  for (const l of levels) {
    const names = order.filter((n) => level.get(n) === l);
    writeFileSync(join(work, `level${l}.tftest.hcl`), testFile(l, true));
    const diagnostics = new Map<string, Record<string, unknown>[]>(names.map((n) => [n, []]));
    const general: string[] = [];
    const states = new Map<string, { outputs?: Record<string, { value: unknown }>; root_module: { resources?: { address: string; values: Record<string, unknown> }[] } }>();
    const test = await terraformTest(setup, work, `level${l}.tftest.hcl`, (m) => {
      const run = m['@testrun'];
      if (m.type === 'diagnostic') {
        if (run && diagnostics.has(run)) diagnostics.get(run)!.push(m['diagnostic'] as Record<string, unknown>);
        else general.push(JSON.stringify(m['diagnostic']));
      } else if (m.type === 'test_state' && run) states.set(run, m['test_state'] as never);
    });
    const status = test.runs;
    for (const n of names) {
      const own = diagnostics.get(n)!;
      if (status.get(n) !== 'pass') {
        throw new Error(
          `terraform test failed in ${n} (${status.get(n) ?? `no result, exit ${test.status}`}):\n${[...own.map((d) => JSON.stringify(d)), ...general].join('\n')}\n${test.stderr}`,
        );
      }
      const state = states.get(n);
      const out: Outputs = {};
      for (const [k, v] of Object.entries(state?.outputs ?? {})) out[k] = v.value;
      outputs.set(n, out);
      // Terraform validated the module before planning it; warnings are its diagnostics.
      const verdict = verdicts.get(n) ?? { valid: true, diagnostics: own };
      results.push({
        name: n,
        validate: verdict,
        resources: (state?.root_module.resources ?? []).map((r) => [r.address, r.values]),
        outputs: out,
        log: own.map((d) => JSON.stringify(d)).join('\n'),
      });
    }
  }
  rmSync(work, { recursive: true, force: true });
  return order.map((n) => results.find((r) => r.name === n)!);
}

export function terraformVersion(): string {
  return execFileSync('terraform', ['version'], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } }).split('\n')[0] ?? '';
}
