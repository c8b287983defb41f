// Runs the real Terraform on synthesized workspaces, offline: a filesystem mirror of hashicorp/aws, the provider
// pinned to the mirrored version, `terraform validate`, and `terraform test` applying against a mocked provider.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TerraformSetup {
  env: NodeJS.ProcessEnv;
  awsVersion: string;
  scratch: string;
}

/** Finds terraform and a provider mirror; returns why not when either is missing. */
export function findTerraform(): TerraformSetup | { missing: string } {
  const which = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  if (which.error || which.status !== 0) return { missing: 'terraform is not on PATH' };
  const candidates = [process.env['TOPOFORM_TF_MIRROR'], '/opt/tf-plugins', '/usr/share/terraform/plugins', join(process.env['HOME'] ?? '', '.terraform.d/plugins')];
  for (const mirror of candidates) {
    if (!mirror) continue;
    const dir = join(mirror, 'registry.terraform.io/hashicorp/aws');
    if (!existsSync(dir)) continue;
    const versions = readdirSync(dir).sort();
    if (versions.length === 0) continue;
    const scratch = mkdtempSync(join(tmpdir(), 'topoform-tf-'));
    const rc = join(scratch, 'terraformrc');
    writeFileSync(
      rc,
      `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\nplugin_cache_dir = ${JSON.stringify(join(scratch, 'plugin-cache'))}\n`,
    );
    mkdirSync(join(scratch, 'plugin-cache'));
    return {
      env: { ...process.env, TF_CLI_CONFIG_FILE: rc, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0' },
      awsVersion: versions[versions.length - 1]!,
      scratch,
    };
  }
  return { missing: 'no filesystem mirror of hashicorp/aws found (set TOPOFORM_TF_MIRROR)' };
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

function testFile(stack: Record<string, unknown>, upstream: Map<string, Outputs>): string {
  const providers = ((stack['provider'] as Record<string, { alias?: string }[]> | undefined)?.['aws'] ?? []);
  const blocks = providers.map((p) => mockProvider(p.alias));
  const remote = ((stack['data'] as Record<string, Record<string, unknown>> | undefined)?.['terraform_remote_state'] ?? {});
  for (const name of Object.keys(remote)) {
    // cdktf's cross-stack references are named after the producing stack; app.module's endpoint reads
    // (src/stacks/routing/index.ts) after the region workspace itself.
    const producer = name.replace(/^cross-stack-reference-input-/, '');
    const outputs = upstream.get(producer);
    if (!outputs) throw new Error(`remote state ${name} reads ${producer}, which was not applied before`);
    blocks.push(`override_data {\n  target = data.terraform_remote_state.${name}\n  values = { outputs = ${hcl(outputs)} }\n}\n`);
  }
  blocks.push('run "apply" {\n  command = apply\n}\n');
  return blocks.join('\n');
}

function tf(setup: TerraformSetup, cwd: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('terraform', args, { cwd, env: setup.env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
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

/** Copies a workspace, pins aws to the mirrored version, validates it and applies it with mocks. */
export function applyWorkspace(setup: TerraformSetup, outdir: string, name: string, upstream: Map<string, Outputs>): Applied {
  const work = mkdtempSync(join(setup.scratch, `${name}-`));
  cpSync(join(outdir, 'stacks', name), work, { recursive: true });
  writeFileSync(join(work, 'pin_override.tf.json'), JSON.stringify({ terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: setup.awsVersion } } } }));
  const stack = JSON.parse(readFileSync(join(work, 'cdk.tf.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(work, 'topoform.tftest.hcl'), testFile(stack, upstream));
  const init = tf(setup, work, ['init', '-backend=false', '-input=false', '-no-color']);
  if (init.status !== 0) throw new Error(`terraform init failed in ${name}:\n${init.stdout}${init.stderr}`);
  const validate = tf(setup, work, ['validate', '-json', '-no-color']);
  const verdict = JSON.parse(validate.stdout) as { valid: boolean; diagnostics: unknown[] };
  // For the mocked apply only: `terraform validate` above ran on the workspace as generated.
  const given = mockEphemeral(work);
  if (given.length > 0) writeFileSync(join(work, 'topoform.tftest.hcl'), `variables {\n${given.join('\n')}\n}\n\n${readFileSync(join(work, 'topoform.tftest.hcl'), 'utf8')}`);
  const test = tf(setup, work, ['test', '-json', '-verbose', '-no-color']);
  const lines = test.stdout.split('\n').filter((l) => l.startsWith('{'));
  const messages = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const summary = messages.find((m) => m['type'] === 'test_summary') as { test_summary: { status: string } } | undefined;
  const diagnostics = messages.filter((m) => m['type'] === 'diagnostic').map((m) => JSON.stringify(m['diagnostic']));
  if (summary?.test_summary.status !== 'pass') {
    throw new Error(`terraform test failed in ${name}:\n${diagnostics.join('\n')}\n${test.stderr}`);
  }
  const state = messages.find((m) => m['type'] === 'test_state') as
    | { test_state: { outputs?: Record<string, { value: unknown }>; root_module: { resources?: { address: string; values: Record<string, unknown> }[] } } }
    | undefined;
  const outputs: Outputs = {};
  for (const [k, v] of Object.entries(state?.test_state.outputs ?? {})) outputs[k] = v.value;
  const resources = new Map((state?.test_state.root_module.resources ?? []).map((r) => [r.address, r.values]));
  return { name, validate: verdict, resources, outputs, log: diagnostics.join('\n') };
}

export function terraformVersion(): string {
  return execFileSync('terraform', ['version'], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } }).split('\n')[0] ?? '';
}
