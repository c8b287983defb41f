// `topoform diff` (and what `topoform promote` prints): what the next plan of each workspace does when one output
// replaces another, and which stateful resources it would destroy, replace or move. Pure: two outputs' workspaces
// and inventories in, a report out; src/compile.ts synthesizes the sides.
import { compareInventories, handovers, type Finding, type StackJson, type StatefulResource } from '../emit/inventory';

export interface DiffSide {
  /** The file or folder as the user named it. */
  label: string;
  stacks: ReadonlyMap<string, StackJson>;
  stateful: readonly StatefulResource[];
}

export interface WorkspaceDiff {
  name: string;
  /** new: only in the new output; gone: only in the old (its resources are no longer managed by any workspace). */
  status: 'unchanged' | 'changed' | 'new' | 'gone';
  add: string[];
  change: string[];
  destroy: string[];
}

export interface DiffReport {
  from: string;
  to: string;
  workspaces: WorkspaceDiff[];
  findings: Finding[];
}

type Blocks = Record<string, unknown>;

/** Every resource of a workspace by address, without the comment Terraform ignores. */
function resources(stack: StackJson | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const [type, byName] of Object.entries(stack?.resource ?? {})) {
    for (const [name, block] of Object.entries(byName)) {
      const { ['//']: _comment, ...rest } = block as Blocks;
      out.set(`${type}.${name}`, JSON.stringify(rest));
    }
  }
  return out;
}

export function compareOutputs(from: DiffSide, to: DiffSide, allow: ReadonlySet<string>): DiffReport {
  const names = [...new Set([...from.stacks.keys(), ...to.stacks.keys()])];
  // In the new output's apply order, then what only the old one had.
  names.sort((a, b) => order(to, a) - order(to, b) || a.localeCompare(b));
  const workspaces = names.map((name): WorkspaceDiff => {
    const before = resources(from.stacks.get(name));
    const after = resources(to.stacks.get(name));
    const add = [...after.keys()].filter((a) => !before.has(a)).sort();
    const destroy = [...before.keys()].filter((a) => !after.has(a)).sort();
    const change = [...after.keys()].filter((a) => before.has(a) && before.get(a) !== after.get(a)).sort();
    const status = !from.stacks.has(name) ? 'new' : !to.stacks.has(name) ? 'gone' : add.length + destroy.length + change.length > 0 ? 'changed' : 'unchanged';
    return { name, status, add, change, destroy };
  });
  const findings = compareInventories(from.stateful, to.stateful, { allow, workspaces: new Set(to.stacks.keys()), given: handovers(to.stacks) });
  return { from: from.label, to: to.label, workspaces, findings };
}

function order(side: DiffSide, name: string): number {
  const i = [...side.stacks.keys()].indexOf(name);
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
}

/** Stateful resources the report refuses: what a synth of the new topology over the old output would not write. */
export function refused(report: DiffReport): Finding[] {
  return report.findings.filter((f) => !f.allowed);
}

const VERB: Record<Finding['change'], string> = { destroy: 'destroyed', replace: 'replaced', move: 'moved' };

export function renderDiffText(report: DiffReport, opts: { addresses: boolean } = { addresses: true }): string {
  const lines: string[] = [`What the next plan of each workspace does (${report.from} -> ${report.to}):`];
  const width = Math.max(...report.workspaces.map((w) => w.name.length));
  for (const w of report.workspaces) {
    const counts = `${w.add.length} to add, ${w.change.length} to change, ${w.destroy.length} to destroy`;
    const status = w.status === 'new' ? ' (new workspace)' : w.status === 'gone' ? ' (workspace removed: destroy it with the old output first)' : w.status === 'unchanged' ? ' (no changes)' : '';
    lines.push(`  ${w.name.padEnd(width)}  ${counts}${status}`);
    if (!opts.addresses) continue;
    for (const a of w.add) lines.push(`      + ${a}`);
    for (const a of w.change) lines.push(`      ~ ${a}`);
    for (const a of w.destroy) lines.push(`      - ${a}`);
  }
  const stateful = report.findings;
  if (stateful.length === 0) {
    lines.push('Stateful resources (keys, tables, clusters, buckets, secrets, parameters, caches, queues, backup vaults, event archives): none destroyed, replaced or moved.');
  } else {
    const blocked = refused(report).length;
    lines.push(`Stateful resources destroyed, replaced or moved: ${stateful.length}${blocked > 0 ? `, ${blocked} not named by --allow-destroy (synth refuses them)` : ', each named by --allow-destroy'}:`);
    for (const f of stateful) {
      const r = f.resource;
      const owner = r.store !== undefined ? `store ${r.store}` : r.kind === 'key' ? 'key family' : 'topology';
      lines.push(`  ${f.allowed ? 'allowed' : 'REFUSED'}  ${r.workspace}  ${r.address}  ${r.kind} of ${owner} in ${r.region}: ${VERB[f.change]}; ${f.reason.replace(/^(destroyed|replaced): /, '')}`);
    }
    if (blocked > 0) {
      const moves = refused(report).some((f) => f.change === 'move');
      lines.push(
        moves
          ? 'Instead: a change of primary is `topoform promote REGION` (it pins `home`, so nothing shared moves); anything else that may be lost, name with --allow-destroy STORE|REGION.'
          : 'Instead: keep the names and the settings these are replaced on, or name what may be lost with --allow-destroy STORE|REGION (README: After a failover, and other changes of topology).',
      );
    }
  }
  return lines.join('\n') + '\n';
}

export function diffJson(report: DiffReport): Record<string, unknown> {
  return {
    from: report.from,
    to: report.to,
    workspaces: report.workspaces,
    stateful: report.findings.map((f) => ({
      workspace: f.resource.workspace,
      address: f.resource.address,
      kind: f.resource.kind,
      ...(f.resource.store !== undefined ? { store: f.resource.store } : {}),
      region: f.resource.region,
      change: f.change,
      reason: f.reason,
      ...(f.to ? { to: f.to } : {}),
      allowed: f.allowed,
    })),
    refused: refused(report).length,
  };
}
