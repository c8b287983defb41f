// Emit stage: synthesize into a temporary folder beside the target, then swap it in; a failure leaves the target untouched.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** Per-workspace things terraform keeps in the workspace folder and a re-synth must not lose. */
const CARRIED_OVER = ['.terraform', '.terraform.lock.hcl'];

export class EmitError extends Error {}

/** A folder we may replace: absent, empty, or an earlier synth (it has a cdktf manifest). */
function replaceable(target: string): boolean {
  if (!existsSync(target)) return true;
  if (!statSync(target).isDirectory()) return false;
  const entries = readdirSync(target);
  return entries.length === 0 || entries.includes('manifest.json');
}

/**
 * Runs `write(tmp)` to fill a fresh temporary folder next to `target`, then makes it the target
 * in two renames. Any exception leaves `target` exactly as it was and removes the temporary folder.
 */
export function emitAtomically<T>(target: string, write: (dir: string) => T): T {
  const abs = resolve(target);
  const parent = dirname(abs);
  recoverInterrupted(abs);
  if (!replaceable(abs)) {
    throw new EmitError(`refusing to replace ${target}: it exists and is not an earlier synth output (no manifest.json)`);
  }
  mkdirSync(parent, { recursive: true });
  const tmp = join(parent, `.${basename(abs)}.topoform-tmp-${process.pid}`);
  const old = join(parent, `.${basename(abs)}.topoform-old-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  try {
    const result = write(tmp);
    const hadTarget = existsSync(abs);
    if (hadTarget) carryOver(abs, tmp);
    try {
      if (hadTarget) renameSync(abs, old);
      renameSync(tmp, abs);
    } catch (err) {
      if (hadTarget) {
        if (!existsSync(abs)) renameSync(old, abs);
        carryOver(tmp, abs); // give terraform's working files back
      }
      throw err;
    }
    rmSync(old, { recursive: true, force: true });
    return result;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * A run killed between its two renames leaves the earlier output as `.<name>.topoform-old-<pid>`:
 * put it back when the target is missing, and drop leftovers of dead runs.
 */
function recoverInterrupted(abs: string): void {
  const parent = dirname(abs);
  if (!existsSync(parent)) return;
  const prefix = `.${basename(abs)}.topoform-`;
  const leftovers = readdirSync(parent).filter((n) => n.startsWith(prefix) && !n.endsWith(`-${process.pid}`)).sort();
  for (const name of leftovers) {
    const path = join(parent, name);
    if (name.startsWith(`${prefix}old-`) && !existsSync(abs)) renameSync(path, abs);
    else rmSync(path, { recursive: true, force: true });
  }
}

/** Moves terraform's working files of workspaces that still exist into the new output (nothing else is kept). */
function carryOver(previous: string, next: string): void {
  const stacks = join(previous, 'stacks');
  if (!existsSync(stacks)) return;
  for (const stack of readdirSync(stacks)) {
    const dest = join(next, 'stacks', stack);
    if (!existsSync(dest)) continue;
    for (const name of CARRIED_OVER) {
      const from = join(stacks, stack, name);
      if (existsSync(from)) renameSync(from, join(dest, name));
    }
  }
}

/** Rewrites a JSON file in place through `edit`, keeping cdktf's two-space layout and final newline. */
export function editJson(file: string, edit: (value: Record<string, unknown>) => Record<string, unknown>): void {
  const value = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  writeFileSync(file, JSON.stringify(edit(value), null, 2) + '\n');
}
