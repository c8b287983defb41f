// The same topology gives byte-identical output from any working directory, with no machine paths in it.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, topoform } from './helpers/cli';
import { EXAMPLES } from './helpers/examples';

function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

describe('determinism', () => {
  for (const example of EXAMPLES) {
    it(`${example}: identical bytes from two working directories`, () => {
      const a = mkdtempSync(join(tmpdir(), 'topoform-det-a-'));
      const b = mkdtempSync(join(tmpdir(), 'topoform-det-b-'));
      const fromRoot = topoform(['synth', `examples/${example}/topology.yaml`, '--out', join(a, 'out')], { cwd: ROOT });
      const fromElsewhere = topoform(['synth', join(ROOT, 'examples', example, 'topology.yaml')], { cwd: b, env: { CDKTF_OUTDIR: 'out' } });
      expect(fromRoot.status, fromRoot.stderr).toBe(0);
      expect(fromElsewhere.status, fromElsewhere.stderr).toBe(0);
      const first = tree(join(a, 'out'));
      const second = tree(join(b, 'out'));
      expect([...second.keys()].sort()).toEqual([...first.keys()].sort());
      for (const [file, text] of first) expect(second.get(file), file).toBe(text);
      for (const [file, text] of first) {
        for (const machinePath of [ROOT, a, b, tmpdir(), homedir()]) expect(text.includes(machinePath), `${file} holds ${machinePath}`).toBe(false);
        expect(text).not.toMatch(/"\/(tmp|home|root|work|Users)\//);
      }
    });
  }
});
