// topoform check: golden output of every example in text, JSON and SARIF; the SARIF passes Microsoft's validator and
// GitHub's upload requirements; --strict, suppressions, and no cdktf on the way.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, topoform } from './helpers/cli';
import { EXAMPLES } from './helpers/examples';
import { twoRegions } from './helpers/fixtures';
import { topologyDir } from './helpers/synth';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const scratch = (text: string) => topologyDir(text, 'check');

const base = twoRegions();

describe('topoform check on every example', () => {
  for (const example of EXAMPLES) {
    const file = `examples/${example}/topology.yaml`;
    it(`${example}: text, JSON and SARIF output as in test/golden-check`, async () => {
      const text = topoform(['check', file]);
      expect(text.status, text.stderr).toBe(0);
      // Every example prints an RTO and RPO table for losing its first region.
      expect(text.stdout).toMatch(/^RTO .* RPO /m);
      expect(text.stdout).toMatch(/^Scenario (primary-lost|region-lost:[a-z0-9-]+): /m);
      await expect(`${text.stdout}--- stderr ---\n${text.stderr}`).toMatchFileSnapshot(join(ROOT, 'test/golden-check', example, 'check.txt'));
      const json = topoform(['check', file, '--format', 'json']);
      expect(json.status).toBe(0);
      expect(JSON.parse(json.stdout).estimate.rto).toBeDefined();
      await expect(json.stdout).toMatchFileSnapshot(join(ROOT, 'test/golden-check', example, 'check.json'));
      const sarif = topoform(['check', file, '--format', 'sarif']);
      expect(sarif.status).toBe(0);
      await expect(sarif.stdout).toMatchFileSnapshot(join(ROOT, 'test/golden-check', example, 'check.sarif'));
    });
  }

  it('--strict exits 1 on any warning, and reports the warnings as errors', () => {
    const warned = EXAMPLES.find((e) => topoform(['check', `examples/${e}/topology.yaml`]).stderr.includes(' warning '));
    expect(warned, 'an example with a warning').toBeDefined();
    const r = topoform(['check', `examples/${warned}/topology.yaml`, '--strict']);
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(/: warning /);
    expect(r.stderr).toMatch(/: error TOPO6\d{3} /);
    expect(r.stdout).toContain('not ready');
  });
});

describe('suppressions', () => {
  const withDrillFinding = base; // no drills: TOPO6011
  it('a suppression with a reason accepts the finding and is reported with it', () => {
    const plain = topoform(['check', 'topology.yaml'], { cwd: scratch(withDrillFinding) });
    expect(plain.stderr).toContain('warning TOPO6011');
    const dir = scratch(`${withDrillFinding}suppress:\n  - { rule: TOPO6011, reason: "drills run from the chaos platform, see runbook 12" }\n`);
    const r = topoform(['check', 'topology.yaml'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('TOPO6011');
    expect(r.stdout).toContain('Suppressed (accepted in the topology):\n  TOPO6011 (1 finding): drills run from the chaos platform, see runbook 12');
    const json = JSON.parse(topoform(['check', 'topology.yaml', '--format', 'json'], { cwd: dir }).stdout) as Json;
    expect(json.suppressed).toEqual([expect.objectContaining({ code: 'TOPO6011', reason: 'drills run from the chaos platform, see runbook 12' })]);
    const sarif = JSON.parse(topoform(['check', 'topology.yaml', '--format', 'sarif'], { cwd: dir }).stdout) as Json;
    const accepted = (sarif.runs[0].results as Json[]).filter((x) => x.ruleId === 'TOPO6011');
    expect(accepted).toHaveLength(1);
    expect(accepted[0]!.suppressions).toEqual([{ kind: 'inSource', justification: 'drills run from the chaos platform, see runbook 12' }]);
  });

  it('a reason of fewer than ten characters is an error (the schema), and so is one padded with blanks', () => {
    const short = topoform(['check', 'topology.yaml'], { cwd: scratch(`${base}suppress:\n  - { rule: TOPO6011, reason: because }\n`) });
    expect(short.status).toBe(1);
    expect(short.stderr).toMatch(/topology\.yaml:13:\d+: error TOPO2\d{3} /);
    const blank = topoform(['check', 'topology.yaml'], { cwd: scratch(`${base}suppress:\n  - { rule: TOPO6011, reason: "ok        " }\n`) });
    expect(blank.status).toBe(1);
    expect(blank.stderr).toContain('topology.yaml:13:31: error TOPO6901 the suppression of TOPO6011 gives no reason');
  });

  it('a suppression of a code that is no lint is an error; one that accepts nothing is a warning', () => {
    const unknown = topoform(['check', 'topology.yaml'], { cwd: scratch(`${base}suppress:\n  - { rule: TOPO3012, reason: "not a lint, cannot be accepted" }\n`) });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('error TOPO6901 suppress names TOPO3012, which is not a lint of topoform check');
    const twice = topoform(['check', 'topology.yaml'], { cwd: scratch(`${base}suppress:\n  - { rule: TOPO6011, reason: "drills run from the chaos platform" }\n  - { rule: TOPO6011, reason: "and again, for another reason" }\n`) });
    expect(twice.status).toBe(1);
    expect(twice.stderr).toContain('topology.yaml:14:13: error TOPO6901 TOPO6011 is suppressed twice (also at suppress[0])');
    const unused = topoform(['check', 'topology.yaml'], { cwd: scratch(`${base}data:\n  - { name: files, type: s3 }\ndrills:\n  - { name: outage, scenario: region-isolation, target: us-east-1 }\nsuppress:\n  - { rule: TOPO6011, reason: drills run from the chaos platform }\n`) });
    expect(unused.stderr).toContain('warning TOPO6902 the suppression of TOPO6011 accepts no finding');
  });
});

describe('suppressions that check and synth refuse, validate refuses too', () => {
  it('a placeholder code, a blank reason, a lint named twice: errors of validate, check and synth alike', () => {
    const dir = scratch(`${base}suppress:\n  - { rule: TOPO-LINT-ID, reason: accepted by the architecture review }\n  - { rule: TOPO6011, reason: "ok        " }\n  - { rule: TOPO6011, reason: "drills run from the chaos platform" }\n`);
    const expected = [
      'topology.yaml:13:13: error TOPO6901 suppress names TOPO-LINT-ID, which is not a lint of topoform check',
      'topology.yaml:14:31: error TOPO6901 the suppression of TOPO6011 gives no reason',
      'topology.yaml:15:13: error TOPO6901 TOPO6011 is suppressed twice (also at suppress[1])',
    ];
    for (const command of [['validate'], ['check'], ['synth', '--out', 'out']]) {
      const r = topoform([command[0]!, 'topology.yaml', ...command.slice(1)], { cwd: dir });
      expect(r.status, command[0]).toBe(1);
      for (const line of expected) expect(r.stderr, command[0]).toContain(line);
    }
    expect(existsSync(join(dir, 'out')), 'synth wrote nothing').toBe(false);
  });
});

describe('objectives the estimate misses in its worst case', () => {
  // An RPO of 30 s and an S3 store with RTC: typically seconds, but RTC bounds replication at 15 minutes.
  const rtc = scratch(`version: 1\nname: shop\npattern: active-passive\nobjectives:\n  rto: 1h\n  rpo: 30s\n${base.split('\n').slice(3).join('\n')}data:\n  - { name: assets, type: s3, replication: { rtc: true } }\n`);

  it('are a finding at the objective\'s line naming the store that sets the tail: a warning, an error under --strict', () => {
    const r = topoform(['check', 'topology.yaml'], { cwd: rtc });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      "topology.yaml:6:8: warning TOPO6016 objectives.rpo 30s is missed in the worst case: the estimate's RPO is 0s / 10s / 15m (best / typical / worst), and s3 store assets sets the worst in scenario primary-lost",
    );
    expect(r.stderr).toContain('99.99% within 15m');
    expect(r.stderr).not.toMatch(/TOPO6016 objectives\.rto/);
    const strict = topoform(['check', 'topology.yaml', '--strict'], { cwd: rtc });
    expect(strict.status).toBe(1);
    expect(strict.stderr).toContain('topology.yaml:6:8: error TOPO6016 objectives.rpo 30s');
    const sarif = JSON.parse(topoform(['check', 'topology.yaml', '--format', 'sarif'], { cwd: rtc }).stdout) as Json;
    const result = (sarif.runs[0].results as Json[]).find((x) => x.ruleId === 'TOPO6016')!;
    expect(result.locations[0].physicalLocation.region.startLine).toBe(6);
  });

  it('the objectives table says each status once, with what sets the tail', () => {
    const r = topoform(['check', 'topology.yaml'], { cwd: rtc });
    const table = r.stdout.slice(r.stdout.indexOf('\nObjectives\n'), r.stdout.indexOf('\nAvailability:'));
    expect(table).toMatch(/\n {2}rto +\| 1h +\| .* \| met: even the worst figure is within 1h\n/);
    expect(table).toMatch(/\n {2}rpo +\| 30s +\| .* \| met typically: the worst figure exceeds 30s, set by store assets \(primary-lost\)\n/);
    expect(table).toMatch(/\n {2}availability \| - +\| .* \| no target: objectives.availability is not set\n/);
    for (const word of ['met typically', 'no target', 'not met']) expect(table.split(word).length - 1, word).toBeLessThanOrEqual(1);
  });
});

describe('SARIF for code scanning', () => {
  const multitool = join(ROOT, 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');
  const sarifOf = (file: string, cwd = ROOT) => topoform(['check', file, '--format', 'sarif'], { cwd }).stdout;

  it("meets GitHub's upload requirements: a rule per ruleId, a file and start line per result, paths relative to the repository root", () => {
    for (const example of EXAMPLES) {
      const log = JSON.parse(sarifOf(`examples/${example}/topology.yaml`)) as Json;
      expect(log.version).toBe('2.1.0');
      const run = log.runs[0];
      const ruleIds = new Set((run.tool.driver.rules as Json[]).map((r) => r.id));
      expect(ruleIds.size).toBe(run.tool.driver.rules.length);
      for (const result of run.results as Json[]) {
        expect(ruleIds.has(result.ruleId), result.ruleId).toBe(true);
        const loc = result.locations[0].physicalLocation;
        expect(loc.artifactLocation.uri).toBe(`examples/${example}/topology.yaml`);
        expect(loc.region.startLine).toBeGreaterThan(0);
      }
    }
    // An invalid topology is where an annotation matters most: its path is relative to the root too.
    const invalid = JSON.parse(sarifOf('../test/invalid/one-region/topology.yaml', join(ROOT, 'examples'))) as Json;
    expect(invalid.runs[0].results.length).toBeGreaterThan(0);
    for (const result of invalid.runs[0].results as Json[]) expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('test/invalid/one-region/topology.yaml');
    // From another working directory the path is still relative to the repository root, not to the cwd.
    const fromExamples = JSON.parse(sarifOf('active-passive/topology.yaml', join(ROOT, 'examples'))) as Json;
    expect(fromExamples.runs[0].artifacts[0].location.uri).toBe('examples/active-passive/topology.yaml');
  });

  it.skipIf(!existsSync(multitool))("passes Microsoft's SARIF validator (sarif-multitool validate): no errors; the only warning is the missing informationUri", () => {
    const dir = mkdtempSync(join(tmpdir(), 'topoform-sarif-'));
    // An example, and a topology with findings and an accepted one, so results and suppressions are validated too.
    writeFileSync(join(dir, 'example.sarif'), sarifOf('examples/warm-standby-three-regions/topology.yaml'));
    const findings = scratch(`${base}suppress:\n  - { rule: TOPO6006, reason: "a trial topology, state stays local" }\n`);
    writeFileSync(join(dir, 'findings.sarif'), topoform(['check', 'topology.yaml', '--format', 'sarif'], { cwd: findings }).stdout);
    for (const name of ['example', 'findings']) {
      const out = join(dir, `${name}.validation.sarif`);
      const r = spawnSync(multitool, ['validate', join(dir, `${name}.sarif`), '-o', out, '--level', 'Error', 'Warning', '--rule-kind', 'Sarif', 'Gh'], { encoding: 'utf8', env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
      expect(r.status, r.stdout + r.stderr).toBe(0);
      const validation = JSON.parse(readFileSync(out, 'utf8')) as Json;
      const problems = (validation.runs[0].results as Json[]).map((x) => `${x.level ?? 'warning'} ${x.ruleId}`);
      expect(problems.filter((p) => !p.startsWith('note '))).toEqual(['warning SARIF2005']);
    }
  }, 120_000);
});

describe('check loads no cdktf', () => {
  it('runs without the synth bundle or any cdktf module', () => {
    const hook = join(mkdtempSync(join(tmpdir(), 'topoform-hook-')), 'hook.js');
    writeFileSync(
      hook,
      `const Module = require('module'); const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (/topoform-synth|cdktf|provider-aws/.test(request)) throw new Error('check loaded ' + request);
  return load.apply(this, arguments);
};`,
    );
    const r = spawnSync(process.execPath, ['-r', hook, BIN, 'check', 'examples/active-passive/topology.yaml'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).not.toContain('check loaded');
    expect(r.status, r.stderr).toBe(0);
    // The hook does catch a synth: it is not a test that cannot fail.
    const s = spawnSync(process.execPath, ['-r', hook, BIN, 'synth', 'examples/active-passive/topology.yaml', '--out', join(mkdtempSync(join(tmpdir(), 'topoform-hook-out-')), 'out')], { cwd: ROOT, encoding: 'utf8' });
    expect(s.stderr).toContain('loaded');
  });
});
