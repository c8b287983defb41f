// Golden files: every example compiles to exactly the checked-in output (update on purpose with `vitest -u`).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli';
import { EXAMPLES, synthExample } from './helpers/examples';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe('golden output', () => {
  it('has examples', () => expect(EXAMPLES).toContain('active-passive'));
  for (const example of EXAMPLES) {
    it(example, async () => {
      const out = synthExample(example);
      const produced = files(out).map((f) => relative(out, f)).sort();
      const goldenDir = join(ROOT, 'test/golden', example);
      for (const rel of produced) {
        await expect(readFileSync(join(out, rel), 'utf8')).toMatchFileSnapshot(join(goldenDir, rel));
      }
      // No stale golden files: a workspace that disappeared must disappear from the golden set too.
      let golden: string[] = [];
      try {
        golden = files(goldenDir).map((f) => relative(goldenDir, f)).sort();
      } catch {
        golden = produced; // first run: the snapshots above were just written
      }
      expect(golden).toEqual(produced);
    });
  }
});
