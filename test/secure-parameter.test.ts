// A secure parameter's value is in plain text in the topology, every workspace and any saved plan: validate and synth
// warn at the value's line (TOPO3054), and the generated GitHub workflow uploads neither the output nor a plan.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, topoform } from './helpers/cli';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const example = readFileSync(join(ROOT, 'examples/active-passive/topology.yaml'), 'utf8');
const VALUE = '    value: "checkout-v2=on"\n';

function withSecure(): { dir: string; line: number } {
  expect(example).toContain(VALUE);
  const dir = mkdtempSync(join(tmpdir(), 'topoform-secure-'));
  const text = example.replace(VALUE, `${VALUE}    secure: true\n`);
  writeFileSync(join(dir, 'topology.yaml'), text);
  return { dir, line: text.slice(0, text.indexOf(VALUE)).split('\n').length };
}

const WARNING = (line: number) => `topology.yaml:${line}:12: warning TOPO3054 the value of secure parameter feature-flags is in plain text here, in every region's generated workspace (cdk.tf.json) and in the Terraform state; only SSM stores it encrypted`;

/** Every step of every job, with the job's id. */
const steps = (workflow: Json): [string, Json][] => Object.entries(workflow.jobs as Json).flatMap(([id, job]) => (job.steps as Json[]).map((s): [string, Json] => [id, s]));
const artifacts = (workflow: Json) => steps(workflow).filter(([, s]) => /actions\/(upload|download)-artifact/.test(String(s.uses ?? '')));

describe('secure parameters', () => {
  it('validate and synth warn at the value, and still succeed', () => {
    const { dir, line } = withSecure();
    const v = topoform(['validate', 'topology.yaml'], { cwd: dir });
    expect(v.status).toBe(0);
    expect(v.stderr).toContain(WARNING(line));
    const s = topoform(['synth', 'topology.yaml', '--out', join(dir, 'out')], { cwd: dir });
    expect(s.status, s.stderr).toBe(0);
    expect(s.stderr).toContain(WARNING(line));
    // What the warning says: the value is in plain text in the workspaces.
    expect(readFileSync(join(dir, 'out/stacks/us-west-2/cdk.tf.json'), 'utf8')).toContain('checkout-v2=on');
  });

  it('the example without secure: no warning, and the workflow hands the output and plans on as artifacts', () => {
    expect(topoform(['validate', 'examples/active-passive/topology.yaml']).stderr).not.toContain('TOPO3054');
    const r = topoform(['pipeline', 'examples/active-passive/topology.yaml', '--github']);
    expect(r.stdout).toBe(readFileSync(join(ROOT, 'test/golden-pipeline/active-passive/github.yml'), 'utf8'));
    expect(artifacts(parse(r.stdout) as Json).length).toBeGreaterThan(0);
  });

  it('the workflow uploads neither the synthesized output nor a plan; every job synthesizes, and apply plans again', () => {
    const { dir } = withSecure();
    const r = topoform(['pipeline', 'topology.yaml', '--github'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const workflow = parse(r.stdout) as Json;
    expect(artifacts(workflow)).toEqual([]);
    const jobs = Object.keys(workflow.jobs as Json);
    expect(jobs.filter((id) => id.startsWith('apply-')).length).toBeGreaterThan(0);
    for (const id of jobs) {
      expect(steps(workflow).some(([job, s]) => job === id && s.run === 'npx topoform synth "$TOPOLOGY" --out "$OUTDIR"'), id).toBe(true);
    }
    for (const [id, s] of steps(workflow)) {
      if (id.startsWith('apply-') && s.name === 'terraform apply') expect(s.run).not.toMatch(/tfplan/);
    }
    expect(r.stdout).toContain('# The secure parameter feature-flags is in plain text in the synthesized workspaces');
  });
});
