// Every rule is a file under src/analyze/rules/ named by its id, listed in the pack, with one catalogued code.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/analyze/pack';
import type { Rule } from '../../src/analyze/rule';
import { CODES } from '../../src/diagnostics/codes';
import { ROOT } from '../helpers/cli';

const dir = join(ROOT, 'src/analyze/rules');

describe('the rule pack', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();

  it('has one rule per file, its id the file name, and every file in the pack', async () => {
    const fromFiles: Rule[] = [];
    for (const file of files) {
      const exported = Object.values(await import(join(dir, file))).filter((v): v is Rule => typeof v === 'object' && v !== null && 'check' in v);
      expect(exported.map((r) => r.id), file).toEqual([file.replace(/\.ts$/, '')]);
      fromFiles.push(...exported);
    }
    expect(RULES.map((r) => r.id).sort()).toEqual(fromFiles.map((r) => r.id).sort());
  });

  it('each rule has a catalogued code and a one-line invariant; each file starts with one line on its role', () => {
    for (const rule of RULES) {
      expect(CODES[rule.code], rule.id).toBeDefined();
      expect(rule.summary, rule.id).toMatch(/^[A-Z`a-z].*\.$/);
    }
    for (const file of files) expect(readFileSync(join(dir, file), 'utf8'), file).toMatch(/^\/\/ \S/);
  });
});
