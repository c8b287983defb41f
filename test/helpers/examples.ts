// The example topologies, and a fresh synth of one into a temporary folder.
import { mkdtempSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, topoform } from './cli';

export const EXAMPLES = readdirSync(join(ROOT, 'examples'))
  .filter((e) => existsSync(join(ROOT, 'examples', e, 'topology.yaml')))
  .sort();

export function synthExample(name: string, extraArgs: string[] = []): string {
  const out = join(mkdtempSync(join(tmpdir(), `topoform-${name}-`)), 'cdktf.out');
  const r = topoform(['synth', `examples/${name}/topology.yaml`, '--out', out, ...extraArgs]);
  if (r.status !== 0) throw new Error(`synth of ${name} failed (${r.status}):\n${r.stderr}${r.stdout}`);
  return out;
}
