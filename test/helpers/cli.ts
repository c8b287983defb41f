// Runs the built CLI as a user would: a child process, its exit code, stdout and stderr.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
export const BIN = resolve(ROOT, 'bin/topoform.js');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function topoform(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    // No colour unless a test asks for it: an outer FORCE_COLOR or NO_COLOR would change every expected output.
    env: { ...process.env, TOPOFORM_DEBUG: '', FORCE_COLOR: undefined, NO_COLOR: undefined, ...opts.env },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
