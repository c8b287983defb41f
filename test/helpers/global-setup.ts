// Runs once before the tests: builds dist/ from the current source, so no test ever runs a stale bundle.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './cli';

export default function setup(): void {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.js')], { cwd: ROOT, stdio: 'inherit' });
}
