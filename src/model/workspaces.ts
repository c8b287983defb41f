// The generated workspaces and the order they apply in, from the topology alone (no cdktf): synth wires the
// stacks' dependencies from this, and the runbook, the graph and the pipelines read the same list.
import { keyHome } from './accounts';
import type { Topology } from './types';

/**
 * What every workspace runs with: Terraform and the AWS provider's major version. Here rather than in the stacks so
 * the pipelines (`topoform pipeline`) pin the same Terraform without loading cdktf.
 */
export const REQUIREMENTS = {
  /** use_lockfile (S3 native locking) needs Terraform 1.10; older versions fail at init with an unclear error. */
  terraform: '>= 1.10',
  /** The provider schema @cdktf/provider-aws was generated from is 6.25; any later 6.x accepts the same arguments. */
  aws: '~> 6.25',
} as const;

export interface WorkspaceNode {
  name: string;
  kind: 'region' | 'global';
  /** Workspaces that must be applied before this one, in apply order. */
  after: string[];
}

/**
 * The home first (it manages the key family every other region of its account encrypts with, and what several
 * regions share), then the other regions, each after the home (and after its account's key home), then global after every region. Order only: no workspace reads another's state except global
 * reading app.module endpoints (ARCHITECTURE.md).
 */
export function workspaceGraph(t: Topology): WorkspaceNode[] {
  const home = t.home.name;
  const others = t.regions.filter((r) => r.name !== home).map((r) => r.name);
  return [
    { name: home, kind: 'region', after: [] },
    // A region of another account than the home's also after its account's key home, whose workspace makes the key
    // replica and alias it encrypts with (src/model/accounts.ts).
    ...others.map((name): WorkspaceNode => {
      const keyHomeName = keyHome(t, t.regions.find((r) => r.name === name)!).name;
      return { name, kind: 'region', after: keyHomeName !== home && keyHomeName !== name ? [home, keyHomeName] : [home] };
    }),
    { name: 'global', kind: 'global', after: [home, ...others] },
  ];
}

/** The graph as waves: every workspace of a wave can plan and apply in parallel once the waves before it are done. */
export function workspaceWaves(t: Topology): string[][] {
  const nodes = workspaceGraph(t);
  const done = new Set<string>();
  const waves: string[][] = [];
  let left = nodes;
  while (left.length > 0) {
    const wave = left.filter((n) => n.after.every((a) => done.has(a))).map((n) => n.name);
    if (wave.length === 0) throw new Error(`workspace graph has a cycle among ${left.map((n) => n.name).join(', ')}`);
    waves.push(wave);
    for (const w of wave) done.add(w);
    left = left.filter((n) => !done.has(n.name));
  }
  return waves;
}
