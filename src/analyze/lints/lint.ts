// A lint of `topoform check`: a rule (same shape as the validate pack's) with the fix it asks for, for RULES.md.
import type { TopologyInput } from '../../model/input';
import { PATTERNS } from '../../model/patterns';
import type { DataStore, SourcePath, Topology } from '../../model/types';
import type { Rule } from '../rule';

export interface Lint extends Rule {
  /** The fix in general terms (each finding's hint names the thing); the hint column of RULES.md. */
  hint: string;
}

/** Patterns where every region takes writes: active-active and partitioned. */
export function multiWriter(pattern: Topology['pattern']): boolean {
  return !PATTERNS[pattern].needsPrimary;
}

/** The regions a store replicates between (groups of two or more); empty when it has no copy elsewhere. */
export function replicatedGroups(store: DataStore): string[][] {
  if (store.type === 'cache' && store.mode === 'per-region') return [];
  if (store.type === 'parameter' || store.type === 'queue') return []; // made in each region, nothing replicates
  if (store.type === 'backup') return []; // copies recovery points on a schedule: a backup path, not replication
  return store.groups.filter((g) => g.length > 1);
}

/** The path of a store's field when the user wrote it, else the store entry (its first line). */
export function storeField(input: TopologyInput, index: number, ...field: string[]): SourcePath {
  let node: unknown = input.data?.[index];
  for (const f of field) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[f] : undefined;
  return node === undefined ? ['data', index] : ['data', index, ...field];
}
