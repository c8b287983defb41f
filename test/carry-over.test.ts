// What a re-synth keeps of a workspace folder: terraform's working files and the team's Terraform override files
// (override.tf[.json], *_override.tf[.json]), through a normal swap and through the repair of a swap a killed run left.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCarriedOver } from '../src/emit/swap';
import { BIN, topoform } from './helpers/cli';
import { twoRegions } from './helpers/fixtures';

/** What a team adds to a workspace folder: kept are the override files and terraform's own; the rest is topoform's to replace. */
const ADDED: Record<string, string> = {
  'pin_override.tf.json': '{"terraform":{"required_providers":{"aws":{"source":"hashicorp/aws","version":"5.100.0"}}}}\n',
  'override.tf': 'terraform {\n  required_version = ">= 1.11"\n}\n',
  'override.tf.json': '{}\n',
  'backend_override.tf': '# a backend for a local test\n',
  '.terraform.lock.hcl': '# lock\n',
};
const DROPPED = ['extra.tf.json', 'myoverride.tf.json', 'override.tf.json.bak', 'notes.md'];

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'topoform-carry-'));
  writeFileSync(join(dir, 'topology.yaml'), twoRegions());
  const r = topoform(['synth', 'topology.yaml'], { cwd: dir });
  expect(r.status, r.stderr).toBe(0);
  return dir;
}

function addFiles(workspace: string): void {
  for (const [name, text] of Object.entries(ADDED)) writeFileSync(join(workspace, name), text);
  for (const name of DROPPED) writeFileSync(join(workspace, name), 'x');
  mkdirSync(join(workspace, '.terraform/providers'), { recursive: true });
}

function expectKept(workspace: string): void {
  for (const [name, text] of Object.entries(ADDED)) expect(readFileSync(join(workspace, name), 'utf8'), name).toBe(text);
  expect(existsSync(join(workspace, '.terraform/providers'))).toBe(true);
}

describe('override files survive synth', () => {
  it('names: override.tf, *_override.tf and their .tf.json forms, as Terraform reads them', () => {
    for (const name of ['override.tf', 'override.tf.json', 'pin_override.tf', 'a_b_override.tf.json', '.terraform', '.terraform.lock.hcl']) expect(isCarriedOver(name), name).toBe(true);
    for (const name of ['cdk.tf.json', 'myoverride.tf', 'override.tf.bak', 'override.json', 'override_pin.tf', 'metadata.json', 'plan']) expect(isCarriedOver(name), name).toBe(false);
  });

  it('a re-synth keeps them in every workspace that remains, and drops anything else added', () => {
    const dir = scratch();
    const workspace = join(dir, 'cdktf.out/stacks/us-east-1');
    addFiles(workspace);
    writeFileSync(join(dir, 'topology.yaml'), twoRegions({ append: 'tags: { team: payments }\n' }));
    const r = topoform(['synth', 'topology.yaml'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(workspace, 'cdk.tf.json'), 'utf8')).toContain('"team": "payments"'); // the new output
    expectKept(workspace);
    for (const name of DROPPED) expect(existsSync(join(workspace, name)), name).toBe(false);
  });

  it('a run killed after moving them aside gives them back: repaired by the next synth, even of an invalid topology', () => {
    const dir = scratch();
    const earlier = readFileSync(join(dir, 'cdktf.out/manifest.json'), 'utf8');
    // A dead run had moved the carried-over files into its temporary folder, and was killed before its renames.
    const tmpWorkspace = join(dir, '.cdktf.out.topoform-tmp-99999999/stacks/us-east-1');
    mkdirSync(tmpWorkspace, { recursive: true });
    writeFileSync(join(tmpWorkspace, 'cdk.tf.json'), '{}');
    addFiles(tmpWorkspace);
    writeFileSync(join(dir, 'topology.yaml'), twoRegions().replace('us-west-2', 'us-west-9'));
    const r = topoform(['synth', 'topology.yaml'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('TOPO2007');
    expectKept(join(dir, 'cdktf.out/stacks/us-east-1'));
    expect(readFileSync(join(dir, 'cdktf.out/manifest.json'), 'utf8')).toBe(earlier);
    expect(readdirSync(dir).sort()).toEqual(['cdktf.out', 'topology.yaml']);
  });

  it('a real kill at the first rename of the output folder loses neither .terraform/ nor the lock file nor the overrides', () => {
    const dir = scratch();
    const earlier = readFileSync(join(dir, 'cdktf.out/manifest.json'), 'utf8');
    const workspace = join(dir, 'cdktf.out/stacks/us-east-1');
    addFiles(workspace);
    writeFileSync(join(dir, 'topology.yaml'), twoRegions({ append: 'tags: { team: payments }\n' }));
    // The test-only hook (src/emit/swap.ts testHook): SIGKILL right after the earlier output was renamed aside.
    const killed = spawnSync(process.execPath, [BIN, 'synth', 'topology.yaml'], { cwd: dir, encoding: 'utf8', env: { ...process.env, TOPOFORM_TEST_SWAP_HOOK: 'kill-after-first-rename' } });
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    // Killed where intended: no output folder, the earlier one aside, the carried-over files in the new one.
    const left = readdirSync(dir).sort();
    expect(left).not.toContain('cdktf.out');
    const tmp = left.find((n) => /^\.cdktf\.out\.topoform-tmp-\d+$/.test(n))!;
    expect(left).toContain(tmp.replace('-tmp-', '-old-'));
    expect(existsSync(join(dir, tmp, 'stacks/us-east-1/.terraform/providers'))).toBe(true);
    expect(existsSync(join(dir, tmp.replace('-tmp-', '-old-'), 'stacks/us-east-1/.terraform'))).toBe(false);
    // The next synth, of a topology that does not even validate, repairs: the earlier output with its files.
    writeFileSync(join(dir, 'topology.yaml'), twoRegions().replace('us-west-2', 'us-west-9'));
    const invalid = topoform(['synth', 'topology.yaml'], { cwd: dir });
    expect(invalid.status).toBe(1);
    expect(readFileSync(join(dir, 'cdktf.out/manifest.json'), 'utf8')).toBe(earlier);
    expectKept(workspace);
    expect(readdirSync(dir).filter((n) => /topoform-(tmp|old)-/.test(n))).toEqual([]);
    // And a valid one keeps them in its new output.
    writeFileSync(join(dir, 'topology.yaml'), twoRegions({ append: 'tags: { team: payments }\n' }));
    const r = topoform(['synth', 'topology.yaml'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(workspace, 'cdk.tf.json'), 'utf8')).toContain('"team": "payments"');
    expectKept(workspace);
    expect(readdirSync(dir).sort()).toEqual(['cdktf.out', 'topology.yaml']);
  });

  it('a run killed between its two renames: the earlier output comes back with them', () => {
    const dir = scratch();
    const earlier = readFileSync(join(dir, 'cdktf.out/manifest.json'), 'utf8');
    // The dead run had carried the files into its new output, moved the earlier one aside, and died.
    const tmp = join(dir, '.cdktf.out.topoform-tmp-99999999');
    mkdirSync(join(tmp, 'stacks/us-east-1'), { recursive: true });
    addFiles(join(tmp, 'stacks/us-east-1'));
    renameSync(join(dir, 'cdktf.out'), join(dir, '.cdktf.out.topoform-old-99999999'));
    const r = topoform(['synth', 'topology.yaml'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expectKept(join(dir, 'cdktf.out/stacks/us-east-1'));
    expect(readFileSync(join(dir, 'cdktf.out/manifest.json'), 'utf8')).toBe(earlier); // same topology, same output
    expect(readdirSync(dir).sort()).toEqual(['cdktf.out', 'topology.yaml']);
  });
});
