// The output is a cdktf app's output, as the cdktf CLI (cdktf-cli 0.21, a devDependency) reads it: every example's
// manifest and stacks through the CLI's own reader and its own schema of cdk.tf.json, and a real `cdktf synth`,
// `cdktf list` and `cdktf diff` of a project whose app is `topoform synth`, planned offline as far as a plan goes
// (local state, hashicorp/aws from the mirror pinned in the topology, the team's override file giving the provider
// credentials it never uses). `cdktf deploy` applies: out of reach without AWS.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from './helpers/cli';
import { EXAMPLES } from './helpers/examples';
import { findTerraform, inSlot } from './helpers/terraform';

// cdktf-cli's own modules: what `cdktf diff`, `deploy` and `output` run on a synthesized output.
const { SynthStack } = require('@cdktf/cli-core/src/lib/synth-stack') as {
  SynthStack: { readSynthesizedStacks(outdir: string): Promise<{ name: string; content: string; workingDirectory: string; synthesizedStackPath: string; stackMetadataPath: string }[]> };
};
const { terraformJsonSchema } = require('@cdktf/cli-core/src/lib/terraform-json') as { terraformJsonSchema: { parse(v: unknown): unknown } };

const CDKTF = join(ROOT, 'node_modules/.bin/cdktf');

describe("cdktf-cli's reader and schema accept every example's output", () => {
  for (const example of EXAMPLES) {
    it(example, async () => {
      const out = join(ROOT, 'test/golden', example); // test/examples.test.ts holds these equal to a fresh synth
      const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { stacks: Record<string, Record<string, string>> };
      const stacks = await SynthStack.readSynthesizedStacks(out);
      expect(stacks.map((s) => s.name).sort()).toEqual(Object.keys(manifest.stacks).sort());
      for (const stack of stacks) {
        const json = JSON.parse(stack.content) as Record<string, unknown>;
        expect(() => terraformJsonSchema.parse(json), stack.name).not.toThrow();
        // What the CLI reads beside the schema: the version, and the output names by construct path.
        expect(json['//'], stack.name).toMatchObject({ metadata: { version: '0.21.0', stackName: stack.name }, outputs: expect.any(Object) });
        // Every file the manifest names exists.
        for (const key of ['synthesizedStackPath', 'stackMetadataPath', 'workingDirectory']) expect(existsSync(join(out, manifest.stacks[stack.name]![key]!)), `${stack.name} ${key}`).toBe(true);
        expect(JSON.parse(readFileSync(join(out, stack.stackMetadataPath), 'utf8'))).toEqual({ '//': json['//'] });
      }
    });
  }
});

const setup = findTerraform();
if ('missing' in setup) console.warn(`cdktf-cli: ${setup.missing}; the real cdktf synth, list and diff are skipped`);

describe.skipIf('missing' in setup)('the cdktf CLI on a project whose app is topoform synth', () => {
  it('synth, list, and diff up to a plan of every resource of the workspace', async () => {
    if ('missing' in setup) return;
    const dir = mkdtempSync(join(setup.scratch, 'cdktf-project-'));
    const home = join(dir, 'home'); // the CLI writes its telemetry id under $HOME
    mkdirSync(home);
    // Local state (the default); the mirror's provider version pinned in the topology itself (terraform.awsProvider).
    writeFileSync(
      join(dir, 'topology.yaml'),
      `version: 1
name: payments
pattern: active-passive
terraform: { awsProvider: "= ${setup.awsVersion}" }
regions:
  - name: us-east-1
    account: "111111111111"
    endpoint: { dnsName: a.us-east-1.elb.amazonaws.com, zoneId: Z35SXDOTRQ7X7K }
  - name: us-west-2
    account: "111111111111"
    endpoint: { dnsName: b.us-west-2.elb.amazonaws.com, zoneId: Z1H1FL5HABSF5 }
routing:
  domain: api.example.com
  zone: example.com
data:
  - { name: assets, type: s3 }
`,
    );
    writeFileSync(join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: `node ${JSON.stringify(BIN)} synth topology.yaml`, output: 'cdktf.out' }));
    const env = { ...setup.env, HOME: home, CHECKPOINT_DISABLE: '1', AWS_EC2_METADATA_DISABLED: 'true', FORCE_COLOR: '0' };
    const cdktf = (args: string[]) => {
      const r = spawnSync(CDKTF, args, { cwd: dir, env, encoding: 'utf8', timeout: 240_000 });
      // eslint-disable-next-line no-control-regex
      return { status: r.status, out: `${r.stdout}${r.stderr}`.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '') };
    };

    const synth = cdktf(['synth']);
    expect(synth.status, synth.out).toBe(0);
    expect(synth.out).toContain('Generated Terraform code for the stacks: global, us-east-1, us-west-2');

    // The team's override file: the provider configured without calling AWS (no credentials check, no account lookup),
    // for the default provider and the alias the home workspace manages its key replica with.
    const workspace = join(dir, 'cdktf.out/stacks/us-east-1');
    const stack = JSON.parse(readFileSync(join(workspace, 'cdk.tf.json'), 'utf8')) as { terraform: { required_providers: { aws: unknown } }; provider: { aws: { alias?: string }[] }; resource: Record<string, object> };
    const offline = { skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true, allowed_account_ids: null, access_key: 'mock', secret_key: 'mock' };
    const override = JSON.stringify({ provider: { aws: stack.provider.aws.map((p) => ({ ...(p.alias ? { alias: p.alias } : {}), ...offline })) } });
    writeFileSync(join(workspace, 'offline_override.tf.json'), override);

    // list synthesizes again: the override survives it.
    const list = cdktf(['list']);
    expect(list.status, list.out).toBe(0);
    for (const name of ['global', 'us-east-1', 'us-west-2']) expect(list.out).toMatch(new RegExp(`^${name} +cdktf\\.out/stacks/${name}$`, 'm'));
    expect(readFileSync(join(workspace, 'offline_override.tf.json'), 'utf8')).toBe(override);

    // terraform init and plan. The provider lock is skipped: `terraform providers lock` asks the origin registry, which
    // a mirror cannot answer.
    // In one of the run's terraform slots, which the real-Terraform tests share.
    const diff = await inSlot(setup, async () => cdktf(['diff', 'us-east-1', '--skip-synth', '--skip-provider-lock', '--no-color']));
    expect(diff.status, diff.out).toBe(0);
    expect(stack.terraform.required_providers.aws).toEqual({ source: 'hashicorp/aws', version: `= ${setup.awsVersion}` });
    expect(diff.out).toContain(`Installed hashicorp/aws v${setup.awsVersion}`);
    let resources = 0;
    for (const byName of Object.values(stack.resource)) resources += Object.keys(byName).length;
    expect(diff.out).toContain(`Plan: ${resources} to add, 0 to change, 0 to destroy.`);
    expect(readdirSync(workspace)).toContain('.terraform.lock.hcl');
  }, 300_000);
});
