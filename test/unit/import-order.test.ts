// The store kinds and the model modules they use load in any order: a kind imported first (as src/docs/graph.ts does
// with the backup kind) must not find the kinds' registry half-built. That happened once, through naming.ts reading the
// registry: every kind then came out undefined in whichever test file loaded that kind first.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ROOT } from '../helpers/cli';

const kinds = readdirSync(join(ROOT, 'src/model/stores')).filter((f) => !['index.ts', 'kind.ts', 'common.ts'].includes(f));
const firsts = [...kinds.map((f) => `src/model/stores/${f}`), 'src/model/naming.ts', 'src/model/drills.ts', 'src/model/alarms.ts', 'src/docs/graph.ts', 'src/check/estimate.ts'];

describe('the model loads in any order', () => {
  it.each(firsts)('%s first, then the registry: every kind is there', async (first) => {
    vi.resetModules();
    await import(join(ROOT, first));
    const { STORE_KINDS } = await import(join(ROOT, 'src/model/stores/index.ts'));
    for (const [type, kind] of Object.entries(STORE_KINDS)) expect(kind, `${type} after ${first}`).toBeDefined();
  });
});
