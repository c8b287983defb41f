// Every case in test/invalid/ is a topology that must be refused with exactly the diagnostics in its expected.txt.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, topoform } from './helpers/cli';

const casesDir = join(ROOT, 'test/invalid');
const cases = readdirSync(casesDir).filter((c) => existsSync(join(casesDir, c, 'topology.yaml'))).sort();

describe('invalid topologies', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThan(20);
  });
  for (const name of cases) {
    it(name, () => {
      const dir = join(casesDir, name);
      const r = topoform(['validate', 'topology.yaml'], { cwd: dir });
      expect(r.stderr).toBe(readFileSync(join(dir, 'expected.txt'), 'utf8'));
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/); // no stack trace
    });
  }
});
