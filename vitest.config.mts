import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * `npm run test:unit` (TOPOFORM_TEST=unit): the edit loop's part, under a minute. No real Terraform (the tests that
 * run it skip), and none of the files below, which start the CLI or a browser dozens of times each; everything else
 * runs, so a new test file is in the fast part until it is listed here. `npm run bench` prints both parts' times.
 */
const SLOW = [
  'test/lifecycle.test.ts',
  'test/injection.test.ts',
  'test/pipeline.test.ts',
  'test/check.test.ts',
  'test/invalid.test.ts',
  'test/outage.test.ts',
  'test/graph.test.ts',
  'test/determinism.test.ts',
  'test/cli.test.ts',
  'test/runbook.test.ts',
  'test/drills.test.ts',
  'test/init.test.ts',
  'test/routing.test.ts',
  'test/mermaid-render.test.ts',
  'test/examples.test.ts',
  'test/aws-facts-kms.test.ts',
  'test/atomicity.test.ts',
  'test/pack.test.ts',
  'test/carry-over.test.ts',
  'test/terraform-versions.test.ts',
  'test/alarms-scale.test.ts',
];
const unit = process.env['TOPOFORM_TEST'] === 'unit';
if (unit) process.env['TOPOFORM_TERRAFORM'] = 'skip';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: unit ? ['**/node_modules/**', ...SLOW] : ['**/node_modules/**'],
    // Bundles dist/ from the current source before any test runs: `npx vitest run` alone is never stale. Also makes
    // the folder the workers share for real Terraform (test/helpers/terraform.ts).
    globalSetup: ['./test/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // One worker per core, not vitest's default of one less: the real-Terraform files mostly wait on terraform
    // processes (at most one per core, machine-wide), while another file uses the CPU.
    maxWorkers: availableParallelism(),
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
