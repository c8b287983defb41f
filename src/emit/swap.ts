// Emit stage, the file-system half: fill a temporary folder beside the target, then swap it in with two renames;
// a failure leaves the target untouched. No cdktf here: every synth repairs an interrupted swap before validating.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';

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

/**
 * What a re-synth keeps of each workspace folder: terraform's working files, and the team's Terraform override files
 * (`override.tf`, `*_override.tf`, and their `.tf.json` forms, which Terraform merges over the generated cdk.tf.json:
 * a provider pin, a backend for a local test, a mirror). Everything else is topoform's and is replaced.
 */
export function isCarriedOver(name: string): boolean {
  return name === '.terraform' || name === '.terraform.lock.hcl' || /(^|_)override\.tf(\.json)?$/.test(name);
}

/** Refuses a target that is not an earlier output of this topology (unless forced), in words that say how to fix it. */
function checkTarget(target: string, abs: string, owner: Owner | undefined, marker: string): void {
  if (!existsSync(abs)) {
    // The nearest existing ancestor must be a folder we can write to.
    let up = dirname(abs);
    while (!existsSync(up) && dirname(up) !== up) up = dirname(up);
    if (!statSync(up).isDirectory()) throw new EmitError(`cannot write ${target}: ${relative(process.cwd(), up) || up} is a file, not a folder`, 'choose an --out folder whose parent folders are folders');
    return;
  }
  if (!statSync(abs).isDirectory()) throw new EmitError(`cannot write ${target}: it is a file, not a folder`, 'choose an --out folder that does not exist yet or holds an earlier topoform output');
  let entries: string[];
  try {
    entries = readdirSync(abs);
  } catch (err) {
    throw new EmitError(`cannot read ${target}: ${reason(err)}`, 'choose an --out folder you can read and write');
  }
  if (entries.length === 0) return;
  if (!entries.includes(marker)) {
    throw new EmitError(`refusing to replace ${target}: it exists and is not an earlier ${marker === 'manifest.json' ? 'synth' : 'topoform'} output (no ${marker})`, 'choose an --out folder that does not exist yet or holds an earlier topoform output; topoform replaces the whole folder');
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
 * Whose output a synth writes: its topology's name, --force, and `seen`, the text of the earlier output's record
 * (readOutputRecord; null: there was none) when the caller based a decision on it (synth's destroy guard): under the
 * lock the record must still be that, or another synth has replaced the output since and the decision is stale.
 */
export interface Owner {
  topology: string;
  force: boolean;
  seen?: string | null;
}

/** The text of the output record (topoform.json) in `outdir`; null when there is none to read. */
export function readOutputRecord(outdir: string): string | null {
  try {
    return readFileSync(join(outdir, OUTPUT_RECORD), 'utf8');
  } catch {
    return null;
  }
}

/**
 * Runs `write(tmp)` to fill a fresh temporary folder next to `target`, then makes it the target
 * in two renames. Any exception leaves `target` exactly as it was and removes the temporary folder.
 * A lock file beside the target keeps two synths from swapping into one folder at once. `marker`: the file that
 * shows an existing non-empty target is an earlier output of this command (synth's manifest.json by default).
 */
export function emitAtomically<T>(target: string, write: (dir: string) => T, owner?: Owner, opts: { marker?: string } = {}): T {
  const abs = resolve(target);
  const parent = dirname(abs);
  recoverInterrupted(target);
  checkTarget(target, abs, owner, opts.marker ?? 'manifest.json');
  try {
    mkdirSync(parent, { recursive: true });
  } catch (err) {
    throw new EmitError(`cannot create the folder ${dirname(target)}: ${reason(err)}`, 'choose an --out folder in a place you can write to');
  }
  testHook('before-lock');
  const release = lock(target, join(parent, `.${basename(abs)}.topoform-lock`));
  const tmp = join(parent, `.${basename(abs)}.topoform-tmp-${process.pid}`);
  const old = join(parent, `.${basename(abs)}.topoform-old-${process.pid}`);
  try {
    // Again under the lock: the check above ran before it, and another synth (one with --force, of another topology)
    // may have swapped its output in since. Only what is checked while holding the lock is what this run replaces.
    checkTarget(target, abs, owner, opts.marker ?? 'manifest.json');
    if (owner && !owner.force && owner.seen !== undefined && readOutputRecord(abs) !== owner.seen) {
      throw new EmitError(
        `refusing to replace ${target}: another synth replaced it while this one ran, so what this synth compared it with (the stateful resources it must not destroy) is out of date`,
        'run synth again: it compares with the output that is there now',
      );
    }
    // Whether there is an earlier output a failure leaves untouched (a message must not claim one that never was).
    const untouched = existsSync(abs) && readdirSync(abs).length > 0 ? 'the earlier output is untouched' : 'nothing was written';
    rmSync(tmp, { recursive: true, force: true });
    try {
      mkdirSync(tmp);
    } catch (err) {
      throw new EmitError(`cannot write into ${folderOf(target)}: ${reason(err)}`, 'choose an --out folder in a place you can write to');
    }
    let result: T;
    try {
      result = write(tmp);
    } catch (err) {
      // The disk, not topoform: say so, and that the earlier output is untouched.
      if (isFileSystemError(err)) throw new EmitError(`cannot write the output beside ${target}: ${reason(err)}; ${untouched}`, 'free space or fix the permissions of that folder, then run synth again');
      throw err;
    }
    const hadTarget = existsSync(abs);
    if (hadTarget) carryOver(abs, tmp);
    try {
      if (hadTarget) {
        renameSync(abs, old);
        testHook('after-first-rename');
      }
      renameSync(tmp, abs);
    } catch (err) {
      if (hadTarget) {
        if (!existsSync(abs)) renameSync(old, abs);
        carryOver(tmp, abs); // give terraform's working files and the override files back
      }
      throw new EmitError(`cannot replace ${target}: ${reason(err)}; ${untouched}`, 'fix the permissions of the output folder and its parent, then run synth again');
    }
    removeQuietly(old); // the new output is in place; a leftover is removed by a later run
    return result;
  } finally {
    removeQuietly(tmp);
    release();
  }
}

/**
 * Test-only, for deterministic crash and race tests (test/carry-over.test.ts, test/atomicity.test.ts); not a user
 * option and not documented for users. TOPOFORM_TEST_SWAP_HOOK=`kill-after-first-rename` makes the process SIGKILL
 * itself right after the first rename moved the earlier output aside (a crash between the two renames);
 * `wait-before-lock:<file>` makes it, after its first ownership check and before taking the lock, write `<file>.waiting`
 * and wait (up to 60 s) until `<file>` exists (a second synth swaps in meanwhile).
 */
function testHook(point: 'before-lock' | 'after-first-rename'): void {
  const hook = process.env['TOPOFORM_TEST_SWAP_HOOK'];
  if (!hook) return;
  if (point === 'after-first-rename' && hook === 'kill-after-first-rename') process.kill(process.pid, 'SIGKILL');
  if (point === 'before-lock' && hook.startsWith('wait-before-lock:')) {
    const go = hook.slice('wait-before-lock:'.length);
    writeFileSync(`${go}.waiting`, String(process.pid));
    const cell = new Int32Array(new SharedArrayBuffer(4));
    for (const until = Date.now() + 60_000; !existsSync(go) && Date.now() < until; ) Atomics.wait(cell, 0, 0, 20);
  }
}

/** Takes the lock file, or says which live synth holds it; a lock of a dead process is taken over. */
function lock(target: string, file: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => removeQuietly(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new EmitError(`cannot write into ${folderOf(target)}: ${reason(err)}`, 'choose an --out folder in a place you can write to');
      const holder = Number(readFileSync(file, 'utf8'));
      if (Number.isInteger(holder) && holder > 0 && alive(holder)) {
        throw new EmitError(`another topoform synth (process ${holder}) is writing ${target}`, 'wait for it to finish, then run synth again');
      }
      removeQuietly(file);
    }
  }
  throw new EmitError(`cannot lock ${target} for writing`, 'run synth again');
}

function folderOf(target: string): string {
  return dirname(target) === '.' ? 'the current folder' : dirname(target);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // left for a later run's recoverInterrupted; the output itself is complete
  }
}

const FILE_SYSTEM_CODES = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'EIO', 'EMFILE', 'ENFILE', 'ENOTDIR']);

function isFileSystemError(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && FILE_SYSTEM_CODES.has((err as NodeJS.ErrnoException).code ?? '');
}

/**
 * Before a command that replaces an output folder reads its topology: repairs a swap an earlier run was killed in (an
 * invalid topology must not keep that output hidden), and refuses an output folder that is or holds the topology.
 */
export function prepareOutdir(file: string, outdir: string, command: string, example: string): void {
  recoverInterrupted(outdir);
  const inside = relative(resolve(outdir), resolve(file));
  if (inside === '') throw new EmitError(`refusing to write ${outdir}: it is the topology file itself`, `name an output folder with --out, e.g. --out ${example}`);
  if (!inside.startsWith('..') && !isAbsolute(inside)) {
    throw new EmitError(`refusing to write ${outdir}: the topology ${file} is inside it, and ${command} replaces the output folder whole`, `choose an --out folder that does not hold the topology, e.g. ${example} beside it`);
  }
}

/**
 * A run killed between its two renames leaves the earlier output as `.<name>.topoform-old-<pid>`: put it back when the
 * target is missing. A run killed after it moved the workspaces' carried-over files (terraform's working files, the
 * override files) into its `.<name>.topoform-tmp-<pid>` gives them back to the target. Then the leftovers of dead
 * runs go (a live run's folders are its own). Every synth calls this first, before it even reads the topology, so an
 * invalid topology never keeps the earlier output hidden.
 */
export function recoverInterrupted(target: string): void {
  const abs = resolve(target);
  const parent = dirname(abs);
  if (!existsSync(parent) || !statSync(parent).isDirectory()) return; // checkTarget says what is wrong
  const prefix = `.${basename(abs)}.topoform-`;
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch (err) {
    throw new EmitError(`cannot read the folder that holds ${target}: ${reason(err)}`, 'choose an --out folder in a place you can read and write');
  }
  const leftovers = names
    .filter((n) => n.startsWith(prefix) && /-(tmp|old)-[0-9]+$/.test(n))
    .filter((n) => {
      const pid = Number(/([0-9]+)$/.exec(n)![1]);
      return pid !== process.pid && !alive(pid);
    })
    .sort();
  for (const name of leftovers) {
    const path = join(parent, name);
    // Sorted, a run's -old- comes before its -tmp-: the earlier output is back before its files are given back to it.
    if (name.startsWith(`${prefix}old-`) && !existsSync(abs)) {
      try {
        renameSync(path, abs);
      } catch (err) {
        throw new EmitError(`cannot restore the earlier output ${target} from ${name}: ${reason(err)}`, `rename ${name} to ${basename(abs)} by hand`);
      }
      continue;
    }
    if (name.startsWith(`${prefix}tmp-`) && existsSync(abs)) {
      try {
        carryOver(path, abs);
      } catch (err) {
        throw new EmitError(`cannot give the workspaces' working and override files in ${name} back to ${target}: ${reason(err)}`, `move them from ${name}/stacks/<workspace>/ into ${basename(abs)}/stacks/<workspace>/ by hand`);
      }
    }
    removeQuietly(path);
  }
}

/**
 * Moves the carried-over files (isCarriedOver) of workspaces that still exist into the new output; nothing else is
 * kept. A name the destination already holds stays where it is (the destination's is the one in use).
 */
function carryOver(previous: string, next: string): void {
  const stacks = join(previous, 'stacks');
  if (!existsSync(stacks)) return;
  for (const stack of readdirSync(stacks)) {
    const dest = join(next, 'stacks', stack);
    if (!existsSync(dest) || !statSync(join(stacks, stack)).isDirectory()) continue;
    for (const name of readdirSync(join(stacks, stack))) {
      if (isCarriedOver(name) && !existsSync(join(dest, name))) renameSync(join(stacks, stack, name), join(dest, name));
    }
  }
}

/**
 * A file-system error in words, with its code for a search; never Node's errno text (`EROFS: read-only file system,
 * open '…/.x.topoform-123.tmp'`, which names a temporary file the user never sees).
 */
export function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const words: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'the disk quota is used up',
    EIO: 'an input/output error of the device',
    EMFILE: 'too many open files',
    ENFILE: 'too many open files in the system',
    ENOTDIR: 'a part of the path is a file',
    EISDIR: 'it is a folder',
    ENOENT: 'the folder cannot be created there',
    ENAMETOOLONG: 'the path is too long',
    ELOOP: 'too many symbolic links in the path',
    EBUSY: 'the file or folder is in use',
  };
  if (typeof e?.code === 'string') return words[e.code] ? `${words[e.code]} (${e.code})` : `a file-system error (${e.code})`;
  return err instanceof Error ? err.message : String(err);
}

/**
 * Replaces a file the user owns (the topology, for `topoform promote`) with new text: written beside it with the same
 * mode, then renamed over it, so a reader never sees half a file and a failure leaves it as it was.
 */
export function writeFileAtomically(target: string, text: string): void {
  const tmp = join(dirname(target), `.${basename(target)}.topoform-${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text, { flag: 'wx' });
    chmodSync(tmp, statSync(target).mode & 0o7777);
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new EmitError(`cannot write ${target}: ${reason(err)}; it is unchanged`, 'make the file and its folder writable, then run the command again');
  }
}
