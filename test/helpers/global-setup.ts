// Runs once before the tests: builds dist/ from the current source, so no test ever runs a stale bundle, and makes the
// folder the workers share for real Terraform (one CLI configuration, a plugin cache filled once, the results of
// applyOutput by content hash, the machine's terraform slots); removed when the run ends.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './cli';
import { prepareShared, SHARED_ENV, stopProviderServers } from './terraform';

export default function setup(): () => void {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.js')], { cwd: ROOT, stdio: 'inherit' });
  const shared = prepareShared();
  if (shared) process.env[SHARED_ENV] = shared;
  return () => {
    if (shared) {
      stopProviderServers(shared);
      rmSync(shared, { recursive: true, force: true });
    }
  };
}
