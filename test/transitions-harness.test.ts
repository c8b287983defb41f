// Self-test of planTransitions: a base applied with the mocked AWS provider, then changed versions planned on its state.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { synthExample } from './helpers/examples';
import { findTerraform } from './helpers/terraform';
import { planTransitions, type PlannedChange } from './helpers/terraform-transitions';

const setup = findTerraform();
const missing = 'missing' in setup ? setup.missing : undefined;
if (missing) console.warn(`real-Terraform tests skipped: ${missing}`);

type Stack = { resource: Record<string, Record<string, Record<string, unknown>>> };

function copyOf(outdir: string, label: string): string {
  const copy = join(mkdtempSync(join(tmpdir(), `topoform-transition-${label}-`)), 'cdktf.out');
  cpSync(outdir, copy, { recursive: true });
  return copy;
}

function editStack(outdir: string, workspace: string, edit: (stack: Stack) => void): void {
  const file = join(outdir, 'stacks', workspace, 'cdk.tf.json');
  const stack = JSON.parse(readFileSync(file, 'utf8')) as Stack;
  edit(stack);
  writeFileSync(file, JSON.stringify(stack, null, 2));
}

const isReplace = (c: PlannedChange) => c.actions.includes('delete') && c.actions.includes('create');
const destroys = (cs: PlannedChange[]) => cs.filter((c) => c.actions.includes('delete'));

describe.skipIf(missing !== undefined)('planTransitions (real Terraform, mocked AWS)', () => {
  it('hybrid: plans a renamed table as a replacement, a dropped resource and a dropped workspace as deletes, and the unchanged base as no change at all', async () => {
    if ('missing' in setup) return;
    const started = Date.now();
    const base = synthExample('hybrid');

    // (a) the DynamoDB table renamed, (b) the images bucket's lifecycle configuration gone (nothing refers to it).
    const edited = copyOf(base, 'edited');
    const dropped = 'aws_s3_bucket_lifecycle_configuration.images';
    editStack(edited, 'eu-west-1', (stack) => {
      stack.resource['aws_dynamodb_table']!['sessions']!['name'] = 'catalog-sessions-renamed';
      const text = JSON.stringify(stack);
      expect(text.split(dropped).length - 1, `${dropped} is referred to`).toBe(0);
      delete stack.resource['aws_s3_bucket_lifecycle_configuration']!['images'];
      if (Object.keys(stack.resource['aws_s3_bucket_lifecycle_configuration']!).length === 0) delete stack.resource['aws_s3_bucket_lifecycle_configuration'];
    });
    // eu-central-1 no longer synthesized: its folder gone (the manifest still lists it).
    const removed = copyOf(base, 'removed');
    rmSync(join(removed, 'stacks', 'eu-central-1'), { recursive: true });

    const plans = await planTransitions(setup, base, [
      { name: 'unchanged', outdir: base },
      { name: 'edited', outdir: edited },
      { name: 'removed', outdir: removed },
    ]);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`planTransitions on hybrid (3 workspaces, 3 transitions): ${seconds}s`);
    expect([...plans.keys()]).toEqual(['eu-central-1', 'eu-west-1', 'global']);

    // The unchanged base: nothing destroyed or replaced anywhere, and nothing else either (the mock's values for
    // computed attributes must not look like changes to the real provider).
    for (const [workspace, byTransition] of plans) {
      const changes = byTransition.get('unchanged')!;
      expect(destroys(changes), `${workspace}: unchanged base destroys`).toEqual([]);
      expect(changes, `${workspace}: unchanged base changes`).toEqual([]);
    }

    // The edit: the table replaced, the lifecycle configuration deleted, nothing else destroyed.
    const west = plans.get('eu-west-1')!.get('edited')!;
    const table = west.find((c) => c.address === 'aws_dynamodb_table.sessions');
    expect(table?.actions.slice().sort(), 'renamed table').toEqual(['create', 'delete']);
    expect(table && isReplace(table)).toBe(true);
    expect(table?.replacePaths).toEqual([['name']]);
    expect(west.find((c) => c.address === dropped)).toMatchObject({ actions: ['delete'], reason: 'delete_because_no_resource_config' });
    expect(destroys(west).map((c) => c.address).sort()).toEqual([dropped, 'aws_dynamodb_table.sessions'].sort());
    expect(destroys(plans.get('eu-central-1')!.get('edited')!)).toEqual([]);
    expect(destroys(plans.get('global')!.get('edited')!)).toEqual([]);

    // The removed workspace: every resource in its state deleted; the others untouched.
    const central = JSON.parse(readFileSync(join(base, 'stacks', 'eu-central-1', 'cdk.tf.json'), 'utf8')) as Stack;
    const addresses = Object.entries(central.resource).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`));
    expect(addresses.length).toBeGreaterThan(20);
    const gone = plans.get('eu-central-1')!.get('removed')!;
    expect(gone.map((c) => c.address).sort()).toEqual(addresses.sort());
    for (const c of gone) expect(c.actions, c.address).toEqual(['delete']);
    expect(destroys(plans.get('eu-west-1')!.get('removed')!)).toEqual([]);
    expect(destroys(plans.get('global')!.get('removed')!)).toEqual([]);
  }, 600_000);
});
