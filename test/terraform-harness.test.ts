// Self-test of applyOutput (test/helpers/terraform.ts), the real Terraform behind every mock-apply test: it must
// fail when Terraform does, name the workspace, and apply each distinct workspace once per test run.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { synthExample } from './helpers/examples';
import { applyOutput, findTerraform } from './helpers/terraform';

const setup = findTerraform();

/** Runs `task` with TOPOFORM_TF_TRACE set; returns the terraform commands it started. */
async function traced(task: () => Promise<unknown>): Promise<string[]> {
  if ('missing' in setup) return [];
  const trace = join(mkdtempSync(join(setup.scratch, 'trace-')), 'trace.txt');
  const before = process.env['TOPOFORM_TF_TRACE'];
  process.env['TOPOFORM_TF_TRACE'] = trace;
  try {
    await task();
  } finally {
    if (before === undefined) delete process.env['TOPOFORM_TF_TRACE'];
    else process.env['TOPOFORM_TF_TRACE'] = before;
  }
  return existsSync(trace) ? readFileSync(trace, 'utf8').trim().split('\n').filter(Boolean) : [];
}

describe.skipIf('missing' in setup)('applyOutput (real Terraform, mocked AWS)', () => {
  it('rejects, naming the workspace and Terraform\'s error, when a workspace does not validate', async () => {
    if ('missing' in setup) return;
    const out = join(mkdtempSync(join(setup.scratch, 'broken-')), 'cdktf.out');
    cpSync(synthExample('active-passive'), out, { recursive: true });
    const file = join(out, 'stacks', 'us-west-2', 'cdk.tf.json');
    const stack = JSON.parse(readFileSync(file, 'utf8')) as { resource: Record<string, Record<string, Record<string, unknown>>> };
    const [type, byName] = Object.entries(stack.resource)[0]!;
    byName[Object.keys(byName)[0]!]!['no_such_argument'] = 1;
    writeFileSync(file, JSON.stringify(stack));
    await expect(applyOutput(setup, out)).rejects.toThrow(new RegExp(`terraform test failed in us-west-2[\\s\\S]*named \\\\"no_such_argument\\\\"[\\s\\S]*resource\\.${type}\\.`));
  }, 300_000);

  it('applies each distinct workspace once per run: again, nothing runs; one workspace changed, only it runs', async () => {
    if ('missing' in setup) return;
    const out = join(mkdtempSync(join(setup.scratch, 'once-')), 'cdktf.out');
    cpSync(synthExample('pilot-light'), out, { recursive: true });
    const first = await applyOutput(setup, out);
    expect(await traced(() => applyOutput(setup, out))).toEqual([]);
    // A copy elsewhere with one workspace changed (a tag of one resource): that workspace alone is applied again.
    const changed = join(mkdtempSync(join(setup.scratch, 'once-changed-')), 'cdktf.out');
    cpSync(out, changed, { recursive: true });
    rmSync(out, { recursive: true, force: true });
    const file = join(changed, 'stacks', 'us-west-2', 'cdk.tf.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"topoform:workspace": "us-west-2"', '"topoform:workspace": "us-west-2", "changed": "yes"'));
    let again = new Map<string, unknown>();
    const commands = await traced(async () => (again = await applyOutput(setup, changed)));
    expect(commands.filter((c) => / test /.test(c))).toHaveLength(1);
    expect(readFileSync(file, 'utf8')).toContain('"changed": "yes"');
    expect([...again.keys()]).toEqual([...first.keys()]);
  }, 300_000);
});
