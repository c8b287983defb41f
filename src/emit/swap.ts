// Emit stage, the file-system half: fill a temporary folder beside the target, then swap it in with two renames;
// a failure leaves the target untouched. No cdktf here: every synth repairs an interrupted swap before validating.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';

/** topoform's own record in the output: which topology it is, and the order to apply its workspaces in. */
export const OUTPUT_RECORD = 'topoform.json';

/** The output folder cannot be used; says what, where and how to fix it. */
export class EmitError extends Error {
  override readonly name = 'EmitError';
  constructor(message: string, readonly hint: string, readonly code: 'TOPO5001' | 'TOPO5002' = 'TOPO5001') {
    super(message);
  }
}

/** By name, not instanceof: the bundle's synth chunk carries its own copy of this module. */
export function isEmitError(err: unknown): err is EmitError {
  return err instanceof Error && err.name === 'EmitError' && 'hint' in err && 'code' in err;
}

/** Per-workspace things terraform keeps in the workspace folder and a re-synth must not lose. */
const CARRIED_OVER = ['.terraform', '.terraform.lock.hcl'];

/** Refuses a target that is not an earlier output of this topology (unless forced), in words that say how to fix it. */
function checkTarget(target: string, abs: string, owner: { topology: string; force: boolean } | undefined): void {
  if (!existsSync(abs)) {
    // The nearest existing ancestor must be a folder we can write to.
    let up = dirname(abs);
    while (!existsSync(up) && dirname(up) !== up) up = dirname(up);
    if (!statSync(up).isDirectory()) throw new EmitError(`cannot write ${target}: ${relative(process.cwd(), up) || up} is a file, not a folder`, 'choose an --out folder whose parent folders are folders');
    return;
  }
  if (!statSync(abs).isDirectory()) throw new EmitError(`cannot write ${target}: it is a file, not a folder`, 'choose an --out folder that does not exist yet or holds an earlier topoform output');
  const entries = readdirSync(abs);
  if (entries.length === 0) return;
  if (!entries.includes('manifest.json')) {
    throw new EmitError(`refusing to replace ${target}: it exists and is not an earlier synth output (no manifest.json)`, 'choose an --out folder that does not exist yet or holds an earlier topoform output; topoform replaces the whole folder');
  }
  if (!owner || owner.force) return;
  let earlier: string | undefined;
  try {
    earlier = (JSON.parse(readFileSync(join(abs, OUTPUT_RECORD), 'utf8')) as { topology?: unknown }).topology as string | undefined;
  } catch {
    earlier = undefined;
  }
  if (earlier !== owner.topology) {
    throw new EmitError(
      `refusing to replace ${target}: it holds the output of ${earlier === undefined ? 'another tool or an older topoform' : `topology ${earlier}`}, not of ${owner.topology}`,
      `synthesize into another --out folder, or pass --force to replace it (its workspaces' .terraform folders would then belong to another topology)`,
      'TOPO5002',
    );
  }
}

/**
 * Runs `write(tmp)` to fill a fresh temporary folder next to `target`, then makes it the target
 * in two renames. Any exception leaves `target` exactly as it was and removes the temporary folder.
 */
export function emitAtomically<T>(target: string, write: (dir: string) => T, owner?: { topology: string; force: boolean }): T {
  const abs = resolve(target);
  const parent = dirname(abs);
  recoverInterrupted(target);
  checkTarget(target, abs, owner);
  try {
    mkdirSync(parent, { recursive: true });
  } catch (err) {
    throw new EmitError(`cannot create the folder ${dirname(target)}: ${reason(err)}`, 'choose an --out folder in a place you can write to');
  }
  const tmp = join(parent, `.${basename(abs)}.topoform-tmp-${process.pid}`);
  const old = join(parent, `.${basename(abs)}.topoform-old-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  try {
    mkdirSync(tmp);
  } catch (err) {
    throw new EmitError(`cannot write into ${dirname(target) === '.' ? 'the current folder' : dirname(target)}: ${reason(err)}`, 'choose an --out folder in a place you can write to');
  }
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
 * put it back when the target is missing, and drop leftovers of dead runs. Every synth calls this first,
 * before it even reads the topology, so an invalid topology never keeps the earlier output hidden.
 */
export function recoverInterrupted(target: string): void {
  const abs = resolve(target);
  const parent = dirname(abs);
  if (!existsSync(parent) || !statSync(parent).isDirectory()) return; // checkTarget says what is wrong
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

/** A file-system error in words, with its code for a search. */
function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const words: Record<string, string> = { EACCES: 'permission denied', EPERM: 'operation not permitted', EROFS: 'read-only file system', ENOSPC: 'no space left on the device', ENOTDIR: 'a part of the path is a file', ENOENT: 'the folder cannot be created there' };
  return e.code && words[e.code] ? `${words[e.code]} (${e.code})` : (e.message ?? String(err));
}
