// app.module: what kind of source it is, each region's inputs, and the local module folder synth copies into
// every region's workspace. Free of cdktf: the rules (validate) and the emit stage share it.
import { lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Inputs } from './input';
import type { App, Region } from './types';

export type ModuleSourceKind = 'local' | 'absolute' | 'git' | 'registry' | 'other';

/** Terraform's own reading of a module source: local paths start with ./ or ../; registry addresses are ns/name/provider. */
export function moduleSourceKind(source: string): ModuleSourceKind {
  if (source.startsWith('./') || source.startsWith('../')) return 'local';
  if (source.startsWith('/') || source.startsWith('~') || /^[A-Za-z]:[\\/]/.test(source) || source.startsWith('\\')) return 'absolute';
  if (/^git::|^git@|^(github\.com|bitbucket\.org)\//.test(source)) return 'git';
  // [hostname/]namespace/name/provider, optionally with //subdir
  if (/^([a-z0-9-]+(\.[a-z0-9-]+)+\/)?[A-Za-z0-9][A-Za-z0-9_-]*\/[A-Za-z0-9][A-Za-z0-9_-]*\/[A-Za-z0-9][A-Za-z0-9_-]*(\/\/.*)?$/.test(source)) return 'registry';
  return 'other';
}

/** The instance count a region runs: ceil(full x capacity / 100), so 6 at 25% is 2 and pilot light's 0% is 0. */
export function scaledCount(full: number, capacity: number): number {
  return Math.ceil((full * capacity) / 100);
}

/** The module's inputs in a region: app.inputs, the region's inputs over them (shallow), then the scale input. */
export function moduleInputs(app: App, region: Region): Inputs {
  const out: Inputs = Object.create(null) as Inputs;
  for (const [k, v] of Object.entries(app.inputs)) out[k] = v;
  for (const [k, v] of Object.entries(region.inputs)) out[k] = v;
  if (app.scale) out[app.scale.input] = scaledCount(app.scale.full, region.capacity);
  // Sorted keys: the output does not depend on the order the inputs were written in.
  return Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]]));
}

/** Module arguments Terraform reserves: a module cannot declare an input variable by these names. */
export const RESERVED_INPUT_NAMES: ReadonlySet<string> = new Set(['source', 'version', 'providers', 'count', 'for_each', 'depends_on', 'lifecycle', 'locals']);

/** Where synth puts the copy of a local module inside each region's workspace, and the source it writes. */
export const MODULE_COPY_DIR = 'modules/app';
export const MODULE_COPY_SOURCE = `./${MODULE_COPY_DIR}`;
/** The largest local module synth copies into every workspace. */
export const MODULE_MAX_BYTES = 5 * 1024 * 1024;
/** Left out of the copy: Terraform's working files and state, never part of a module's source. */
function skipped(name: string): boolean {
  return name === '.terraform' || name === '.terraform.lock.hcl' || name === '.git' || /\.tfstate/.test(name);
}

export interface ModuleFile {
  /** Relative to the module folder, with forward slashes. */
  rel: string;
  abs: string;
}

export type ModuleFolder = { dir: string; files: ModuleFile[]; bytes: number } | { problem: string; hint: string };

/** The repository root above a folder (a `.git` entry), if any. */
export function gitRoot(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    try {
      lstatSync(join(dir, '.git'));
      return dir;
    } catch {
      // not here
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Inspects a local module source relative to the topology file: it must be a folder (not a symlink), inside the
 * topology's repository, hold no symlinks, at least one .tf or .tf.json file, and at most MODULE_MAX_BYTES.
 * Files come sorted by path, so the copy is the same on every machine.
 */
export function inspectModuleFolder(topologyFile: string, source: string): ModuleFolder {
  const base = dirname(resolve(topologyFile));
  const dir = resolve(base, source);
  const root = gitRoot(base);
  if (root !== undefined) {
    const rel = relative(root, dir);
    if (rel.startsWith('..') || isAbsolute(rel)) {
      return { problem: `app.module ${source} is outside the repository that holds the topology`, hint: 'keep the module inside the repository (a path under the topology\'s git root), or publish it and name it by a git:: or registry source' };
    }
  }
  let st;
  try {
    st = lstatSync(dir);
  } catch {
    return { problem: `app.module ${source} does not exist (looked for ${relative(process.cwd(), dir) || '.'})`, hint: 'a local module path is relative to the topology file; check the path, or use a git:: or registry source' };
  }
  if (st.isSymbolicLink()) return { problem: `app.module ${source} is a symbolic link`, hint: 'name the module folder itself: synth copies it into every workspace and refuses links, which could reach outside it' };
  if (!st.isDirectory()) return { problem: `app.module ${source} is not a folder`, hint: 'a local module is a folder of .tf files; name the folder' };
  if (realpathSync(dir) !== join(realpathSync(base), relative(base, dir))) {
    return { problem: `app.module ${source} goes through a symbolic link`, hint: 'name the module folder by its real path: synth copies it into every workspace and refuses links, which could reach outside it' };
  }
  const files: ModuleFile[] = [];
  let bytes = 0;
  let problem: { problem: string; hint: string } | undefined;
  const walk = (abs: string, rel: string): void => {
    const names = readdirSync(abs).sort();
    for (const name of names) {
      if (problem) return;
      if (skipped(name)) continue;
      const a = join(abs, name);
      const r = rel === '' ? name : `${rel}/${name}`;
      const s = lstatSync(a);
      if (s.isSymbolicLink()) {
        problem = { problem: `app.module ${source} holds a symbolic link, ${r}`, hint: 'replace the link by the file or folder itself: synth copies the module into every workspace and refuses links, which could reach outside it' };
        return;
      }
      if (s.isDirectory()) walk(a, r);
      else if (s.isFile()) {
        bytes += s.size;
        files.push({ rel: r, abs: a });
        if (bytes > MODULE_MAX_BYTES) {
          problem = { problem: `app.module ${source} is larger than ${MODULE_MAX_BYTES / 1024 / 1024} MiB`, hint: 'synth copies a local module into every region\'s workspace; keep only its .tf files there, or publish it and name it by a git:: or registry source' };
          return;
        }
      } else {
        problem = { problem: `app.module ${source} holds ${r}, which is not a regular file or folder`, hint: 'keep only files and folders in the module' };
        return;
      }
    }
  };
  walk(dir, '');
  if (problem) return problem;
  if (!files.some((f) => !f.rel.includes('/') && (f.rel.endsWith('.tf') || f.rel.endsWith('.tf.json')))) {
    return { problem: `app.module ${source} holds no .tf or .tf.json file`, hint: 'name the folder that holds the module\'s .tf files' };
  }
  return { dir, files, bytes };
}

/** The module folder's files, for the copy into a workspace (contents only: no modes, no times). */
export function readModuleFile(file: ModuleFile): Buffer {
  return readFileSync(file.abs);
}
