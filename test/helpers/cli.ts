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

/**
 * The built CLI's main() run in this process (in `cwd` when given, then back): the same bundle as
 * `topoform`, for tests that run it hundreds of times, where starting a process and loading cdktf each time would
 * cost more than the commands themselves. Its output is captured; a thrown error is exit 2, as the process would end.
 */
export function topoformInProcess(args: string[], opts: { cwd?: string } = {}): Run {
  const cli = require(resolve(ROOT, 'dist/topoform.js')) as { main(argv: readonly string[]): number };
  const out: string[] = [];
  const err: string[] = [];
  const write = (into: string[]) => ((chunk: string | Uint8Array) => (into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')), true)) as typeof process.stdout.write;
  const saved = { stdout: process.stdout.write, stderr: process.stderr.write, exitCode: process.exitCode, cwd: process.cwd() };
  // vitest's forks pool runs each test file in its own process, where changing the directory is allowed.
  if (opts.cwd) process.chdir(opts.cwd);
  process.stdout.write = write(out);
  process.stderr.write = write(err);
  try {
    const status = cli.main(args);
    return { status, stdout: out.join(''), stderr: err.join('') };
  } catch (e) {
    return { status: 2, stdout: out.join(''), stderr: `${err.join('')}${e instanceof Error ? (e.stack ?? e.message) : String(e)}` };
  } finally {
    process.stdout.write = saved.stdout;
    process.stderr.write = saved.stderr;
    process.exitCode = saved.exitCode;
    process.chdir(saved.cwd);
  }
}
