// Real Terraform on the changes of a topology's life: each example's output is applied with the mocked AWS provider,
// then the output of each change (promote the second region, add a region, remove the last one: on the examples of
// coverOf below) is planned on that same state. No stateful resource (key, table, cluster, bucket, secret, parameter, cache, queue) may be destroyed or
// replaced, except, when a region is removed, exactly that region's copies. And Terraform's verdict must be
// topoform's: the stateful resources `topoform diff` reports lost are exactly those the plans destroy or replace
// (which also checks the replace-on table of src/emit/inventory.ts against the provider itself).
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { STATEFUL_TYPES } from '../src/emit/inventory';
import { type Change, type ChangeName, CHANGES, changeOf, exampleText } from './helpers/changes';
import { ROOT, topoform } from './helpers/cli';
import { EXAMPLES } from './helpers/examples';
import { findTerraform } from './helpers/terraform';
import { planTransitions, type Transition } from './helpers/terraform-transitions';

const setup = findTerraform();
const missing = 'missing' in setup ? setup.missing : undefined;
if (missing) console.warn(`real-Terraform transition tests skipped: ${missing}`);

interface Variant {
  name: string;
  text: string;
  /** The topology the change starts from, when not the example (a removal from a two-region example). */
  base?: string;
  /** The region whose copies this change may destroy. */
  removes?: string;
  /** Expected losses are not checked by region but must match topoform diff (a deliberate replacement). */
  deliberate?: boolean;
  /** What --allow-destroy names for a deliberate change. */
  allow?: string;
}

/**
 * Extra changes that must be destructive, so the comparison with topoform diff is not vacuous: on the first example of
 * the promote cover holding a DynamoDB table and an S3 store, the table rekeyed (its key schema: a replacement) and
 * the S3 store renamed (new buckets, the old ones destroyed), both named with --allow-destroy.
 */
function deliberate(example: string, covered: readonly string[]): Variant[] {
  type Data = { data?: { name: string; type: string; hashKey?: { name: string } }[] };
  const fits = (e: string) => {
    const data = (parse(exampleText(e)) as Data).data ?? [];
    return data.some((s) => s.type === 'dynamodb' && s.hashKey) && data.some((s) => s.type === 's3');
  };
  if (covered.find(fits) !== example) return [];
  const data = parse(exampleText(example)) as Data;
  const table = data.data!.find((s) => s.type === 'dynamodb' && s.hashKey)!;
  const bucket = data.data!.find((s) => s.type === 's3')!;
  const names = `${table.name},${bucket.name}`;
  table.hashKey!.name = `${table.hashKey!.name}_id`;
  bucket.name = `${bucket.name}-renamed`;
  return [{ name: 'rekey-rename', text: stringify(data), deliberate: true, allow: names }];
}

/** A copy of the whole examples folder (a local module may live in another example's) with the topology in it. */
function folderWith(example: string, name: string, text: string): string {
  const root = mkdtempSync(join(tmpdir(), `topoform-tr-${example}-${name}-`));
  cpSync(join(ROOT, 'examples'), root, { recursive: true });
  const dir = join(root, example);
  writeFileSync(join(dir, 'topology.yaml'), text);
  return dir;
}

/** Synthesizes the folder's topology into cdktf.out there, over `previous` (an earlier output) when given, as a user would. */
function synth(dir: string, previous?: string, allow?: string): string {
  if (previous) cpSync(previous, join(dir, 'cdktf.out'), { recursive: true });
  const r = topoform(['synth', 'topology.yaml', '--out', 'cdktf.out', ...(allow ? ['--allow-destroy', allow] : [])], { cwd: dir });
  if (r.status !== 0) throw new Error(`synth failed in ${dir}:\n${r.stderr}`);
  return join(dir, 'cdktf.out');
}

/** The kinds of data store a topology holds. */
function kindsOf(text: string): string[] {
  return [...new Set(((parse(text) as { data?: { type: string }[] }).data ?? []).map((s) => s.type))].sort();
}

/**
 * What a change must be planned on: every kind of store, whose resources the provider may replace. How each pattern's
 * roles swap is JSON (test/promote.test.ts); what a plan destroys depends on the kinds of resources it meets.
 */
function coverageOf(example: string, _change: ChangeName): string[] {
  return kindsOf(exampleText(example));
}

/**
 * The examples each change is planned on. Real Terraform costs ~5 s per workspace and run (the AWS provider starts
 * for each phase of each run), so the whole matrix (every example, every change) would take the suite far past its
 * eight minutes. Each change is planned on a cover instead, computed here, not picked by hand: the fewest examples
 * (greedy, most new coverage per workspace first, by name on ties) that together hold every kind of store any
 * example holds that the change applies to. A removal from a two-region example
 * needs a base of its own (the example plus a region) and counts double. TOPOFORM_TRANSITIONS=all plans the whole
 * matrix (`npm run test:transitions`).
 */
function coverOf(change: ChangeName): string[] {
  const applicable = EXAMPLES.map((e) => ({ e, c: changeOf(e, change) })).filter(({ c }) => !('skip' in c));
  if (process.env['TOPOFORM_TRANSITIONS'] === 'all') return applicable.map(({ e }) => e);
  const cost = (e: string, c: Change | { skip: string }) =>
    ((parse(exampleText(e)) as { regions: unknown[] }).regions.length + 1) * ('base' in c && c.base !== undefined ? 2 : 1);
  const wanted = new Set(applicable.flatMap(({ e }) => coverageOf(e, change)));
  const covered = new Set<string>();
  const cover: string[] = [];
  while ([...wanted].some((k) => !covered.has(k))) {
    const gain = (e: string) => coverageOf(e, change).filter((k) => !covered.has(k)).length;
    const next = applicable
      .filter(({ e }) => !cover.includes(e))
      .sort((a, b) => gain(b.e) / cost(b.e, b.c) - gain(a.e) / cost(a.e, a.c) || (a.e < b.e ? -1 : 1))[0]!.e;
    cover.push(next);
    for (const k of coverageOf(next, change)) covered.add(k);
  }
  return cover.sort();
}

describe('the examples each change is planned on', () => {
  for (const change of CHANGES) {
    it(`${change}: every kind of store the change applies to, on fewer examples than all`, () => {
      const cover = coverOf(change);
      const applicable = EXAMPLES.filter((e) => !('skip' in changeOf(e, change)));
      expect(new Set(cover.flatMap((e) => coverageOf(e, change)))).toEqual(new Set(applicable.flatMap((e) => coverageOf(e, change))));
      if (process.env['TOPOFORM_TRANSITIONS'] !== 'all') expect(cover.length).toBeLessThan(applicable.length);
    });
  }
});

describe.skipIf(missing !== undefined)('real Terraform: each change planned on the state of the applied example', () => {
  const covers = new Map(CHANGES.map((change) => [change, coverOf(change)]));
  const planned = (example: string) => CHANGES.filter((change) => covers.get(change)!.includes(example));
  for (const example of EXAMPLES.filter((e) => planned(e).length > 0)) {
    // Concurrent: planTransitions runs at most one terraform per core, machine-wide.
    it.concurrent(`${example}: ${planned(example).join(', ')} destroy no stateful resource${planned(example).includes('remove-region') ? " but the removed region's" : ''}`, async () => {
      if ('missing' in setup) return;
      const variants: Variant[] = [];
      for (const change of CHANGES) {
        if (!covers.get(change)!.includes(example)) continue;
        const c = changeOf(example, change);
        if ('skip' in c) continue;
        variants.push({ name: change, text: c.text, ...(c.base !== undefined ? { base: c.base } : {}), ...(change === 'remove-region' ? { removes: c.region } : {}) });
      }
      variants.push(...deliberate(example, covers.get('promote')!));
      // One terraform test per workspace and base: the changes from the example share one, a removal from a
      // two-region example (which starts from the example plus a region) has its own.
      const bases = new Map<string, Variant[]>();
      for (const v of variants) bases.set(v.base ?? exampleText(example), [...(bases.get(v.base ?? exampleText(example)) ?? []), v]);
      for (const [baseText, group] of bases) {
        const base = synth(folderWith(example, 'base', baseText));
        // Each change is synthesized over the base output, as after the base was applied: a removal named with
        // --allow-destroy (the synth guard refuses it otherwise; test/lifecycle.test.ts checks that).
        const transitions: Transition[] = group.map((v) => ({ name: v.name, outdir: synth(folderWith(example, v.name, v.text), base, v.removes ?? v.allow) }));
        const planned = await planTransitions(setup, base, transitions);
        const recorded = (JSON.parse(readFileSync(join(base, 'topoform.json'), 'utf8')) as { stateful: { workspace: string; address: string; region: string; store?: string }[] }).stateful;

        for (const v of group) {
          // What Terraform destroys or replaces of the stateful resources, per workspace.
          const lost: string[] = [];
          for (const [workspace, byTransition] of planned) {
            for (const change of byTransition.get(v.name) ?? []) {
              if (STATEFUL_TYPES[change.type] && change.actions.includes('delete')) lost.push(`${workspace}/${change.address}`);
            }
          }
          lost.sort();
          // What topoform says it would lose: the same set, or synth would let a loss through (or cry wolf).
          const report = topoform(['diff', base, 'topology.yaml', '--format', 'json'], { cwd: folderWith(example, `${v.name}-diff`, v.text) });
          const reported = (JSON.parse(report.stdout) as { stateful: { workspace: string; address: string }[] }).stateful.map((f) => `${f.workspace}/${f.address}`).sort();
          expect(reported, `${v.name}: topoform diff reports what Terraform destroys or replaces`).toEqual(lost);
          if (v.deliberate) {
            expect(lost.length, `${v.name}: the deliberate change does lose data`).toBeGreaterThan(0);
            continue;
          }
          if (v.removes === undefined) {
            expect(lost, `${v.name}: no stateful resource destroyed or replaced`).toEqual([]);
            continue;
          }
          // Exactly the removed region's copies: its own workspace, and the replicas the home workspace manages there.
          // (Global's own resources in that region are the front door's, e.g. Global Accelerator's flow logs in us-west-2.)
          const copies = recorded.filter((r) => r.region === v.removes && !(r.workspace === 'global' && r.store === undefined)).map((r) => `${r.workspace}/${r.address}`).sort();
          expect(copies.length).toBeGreaterThan(0);
          expect(lost, `${v.name}: exactly ${v.removes}'s copies`).toEqual(copies);
        }
      }
    }, 900_000);
  }
});
