// A failed compile leaves earlier output byte-for-byte untouched; a good one replaces it whole, keeping terraform's working files.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitAtomically } from '../src/emit/swap';
import { spawnSync } from 'node:child_process';
import { BIN, topoform } from './helpers/cli';

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

const twoRegions = `version: 1
name: shop
pattern: active-passive
regions:
  - name: us-east-1
  - name: us-west-2
data:
  - name: media
    type: s3
`;

describe('atomic output', () => {
  it('an invalid topology leaves the previous output untouched', () => {
    const dir = mkdtempSync(join(tmpdir(), 'topoform-atomic-'));
    writeFileSync(join(dir, 'topology.yaml'), twoRegions);
    expect(topoform(['synth', 'topology.yaml'], { cwd: dir }).status).toBe(0);
    const before = snapshot(join(dir, 'cdktf.out'));
    expect(Object.keys(before)).toContain('stacks/us-east-1/cdk.tf.json');
    writeFileSync(join(dir, 'topology.yaml'), twoRegions.replace('us-west-2', 'us-west-9'));
    const r = topoform(['synth', 'topology.yaml'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('TOPO2007');
    expect(snapshot(join(dir, 'cdktf.out'))).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(['cdktf.out', 'topology.yaml']); // no temporary folder left behind
  });

  it('a failure while writing leaves the target untouched and removes the temporary folder', () => {
    const parent = mkdtempSync(join(tmpdir(), 'topoform-atomic-'));
    const target = join(parent, 'out');
    mkdirSync(join(target, 'stacks', 'a'), { recursive: true });
    writeFileSync(join(target, 'manifest.json'), '{"old":true}');
    writeFileSync(join(target, 'stacks', 'a', 'cdk.tf.json'), '{}');
    const before = snapshot(target);
    expect(() =>
      emitAtomically(target, (tmp) => {
        mkdirSync(join(tmp, 'stacks', 'b'), { recursive: true });
        writeFileSync(join(tmp, 'manifest.json'), '{"new":true}');
        throw new Error('synth failed half way');
      }),
    ).toThrow('synth failed half way');
    expect(snapshot(target)).toEqual(before);
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('a failure inside the cdktf synth over an earlier output leaves it untouched', () => {
    const dir = mkdtempSync(join(tmpdir(), 'topoform-atomic-'));
    writeFileSync(join(dir, 'topology.yaml'), twoRegions);
    expect(topoform(['synth', 'topology.yaml'], { cwd: dir }).status).toBe(0);
    const before = snapshot(join(dir, 'cdktf.out'));
    // The real build and synth run; then the disk "fills up" as the README is written beside cdktf's files.
    const probe = join(dir, 'disk-full.js');
    writeFileSync(
      probe,
      `const fs = require('node:fs');
      const real = fs.writeFileSync;
      fs.writeFileSync = function (file, ...rest) {
        if (String(file).includes('.topoform-tmp-') && String(file).endsWith('README.md')) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        return real.call(this, file, ...rest);
      };`,
    );
    writeFileSync(join(dir, 'topology.yaml'), twoRegions.replace('  - name: us-west-2\n', '  - name: us-west-2\n  - name: us-east-2\n'));
    const r = spawnSync(process.execPath, ['--require', probe, BIN, 'synth', 'topology.yaml'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'error TOPO5001 cannot write the output beside cdktf.out: no space left on the device (ENOSPC); the earlier output is untouched\n' +
        '  hint: free space or fix the permissions of that folder, then run synth again\n1 error, 0 warnings, 0 infos\n',
    );
    expect(snapshot(join(dir, 'cdktf.out'))).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(['cdktf.out', 'disk-full.js', 'topology.yaml']);
    // Without an earlier output (none, or an empty folder) the message claims none is untouched.
    for (const out of ['fresh', 'empty']) {
      if (out === 'empty') mkdirSync(join(dir, out));
      const none = spawnSync(process.execPath, ['--require', probe, BIN, 'synth', 'topology.yaml', '--out', out], { cwd: dir, encoding: 'utf8' });
      expect(none.status).toBe(2);
      expect(none.stderr).toBe(`error TOPO5001 cannot write the output beside ${out}: no space left on the device (ENOSPC); nothing was written\n` + '  hint: free space or fix the permissions of that folder, then run synth again\n1 error, 0 warnings, 0 infos\n');
    }
    expect(readdirSync(dir).sort()).toEqual(['cdktf.out', 'disk-full.js', 'empty', 'topology.yaml']);
    expect(readdirSync(join(dir, 'empty'))).toEqual([]);
  });

  it('restores the earlier output when a run was killed between its two renames', () => {
    const parent = mkdtempSync(join(tmpdir(), 'topoform-atomic-'));
    mkdirSync(join(parent, '.out.topoform-old-99999999', 'stacks'), { recursive: true });
    writeFileSync(join(parent, '.out.topoform-old-99999999', 'manifest.json'), '{"earlier":true}');
    emitAtomically(join(parent, 'out'), (tmp) => {
      expect(readFileSync(join(parent, 'out', 'manifest.json'), 'utf8')).toBe('{"earlier":true}');
      writeFileSync(join(tmp, 'manifest.json'), '{"new":true}');
    });
    expect(readdirSync(parent)).toEqual(['out']);
    expect(readFileSync(join(parent, 'out', 'manifest.json'), 'utf8')).toBe('{"new":true}');
  });

  it('a new synth removes workspaces that no longer exist and keeps .terraform of those that do', () => {
    const dir = mkdtempSync(join(tmpdir(), 'topoform-atomic-'));
    const three = twoRegions.replace('  - name: us-west-2\n', '  - name: us-west-2\n  - name: us-east-2\n');
    writeFileSync(join(dir, 'topology.yaml'), three);
    expect(topoform(['synth', 'topology.yaml'], { cwd: dir }).status).toBe(0);
    expect(existsSync(join(dir, 'cdktf.out/stacks/us-east-2/cdk.tf.json'))).toBe(true);
    mkdirSync(join(dir, 'cdktf.out/stacks/us-west-2/.terraform/providers'), { recursive: true });
    writeFileSync(join(dir, 'cdktf.out/stacks/us-west-2/.terraform.lock.hcl'), '# lock\n');
    writeFileSync(join(dir, 'topology.yaml'), twoRegions);
    // Removing a region loses its copies: refused (TOPO5010, nothing written) until --allow-destroy names it.
    const refused = topoform(['synth', 'topology.yaml'], { cwd: dir });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('TOPO5010');
    expect(readdirSync(join(dir, 'cdktf.out/stacks')).sort()).toEqual(['global', 'us-east-1', 'us-east-2', 'us-west-2']);
    expect(topoform(['synth', 'topology.yaml', '--allow-destroy', 'us-east-2'], { cwd: dir }).status).toBe(0);
    expect(readdirSync(join(dir, 'cdktf.out/stacks')).sort()).toEqual(['global', 'us-east-1', 'us-west-2']);
    expect(existsSync(join(dir, 'cdktf.out/stacks/us-west-2/.terraform/providers'))).toBe(true);
    expect(readFileSync(join(dir, 'cdktf.out/stacks/us-west-2/.terraform.lock.hcl'), 'utf8')).toBe('# lock\n');
  });

  it('refuses to replace a folder that is not an earlier output', () => {
    const dir = mkdtempSync(join(tmpdir(), 'topoform-atomic-'));
    writeFileSync(join(dir, 'topology.yaml'), twoRegions);
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'main.ts'), 'precious');
    const r = topoform(['synth', 'topology.yaml', '--out', 'src'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('TOPO5001');
    expect(readdirSync(join(dir, 'src'))).toEqual(['main.ts']);
    expect(readFileSync(join(dir, 'src', 'main.ts'), 'utf8')).toBe('precious');
  });
});

describe('concurrent synths into one folder', () => {
  it('ownership is checked under the lock: a synth that checked before another one (--force) swapped in is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'topoform-atomic-'));
    writeFileSync(join(dir, 'shop.yaml'), twoRegions);
    writeFileSync(join(dir, 'other.yaml'), twoRegions.replace('name: shop', 'name: other'));
    expect(topoform(['synth', 'other.yaml', '--out', 'cc'], { cwd: dir }).status).toBe(0);
    // B (other, no --force) passes its first check (cc holds other's output), then waits before the lock (test-only
    // hook, src/emit/swap.ts testHook) while A (shop, --force) replaces cc; then B takes the lock.
    const go = join(mkdtempSync(join(tmpdir(), 'topoform-atomic-go-')), 'go');
    const { spawn } = await import('node:child_process');
    const b = spawn(process.execPath, [BIN, 'synth', 'other.yaml', '--out', 'cc'], { cwd: dir, env: { ...process.env, TOPOFORM_DEBUG: '', TOPOFORM_TEST_SWAP_HOOK: `wait-before-lock:${go}` } });
    let stderr = '';
    b.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const bDone = new Promise<number | null>((done) => b.on('close', done));
    for (const until = Date.now() + 30_000; !existsSync(`${go}.waiting`) && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(`${go}.waiting`), stderr).toBe(true);
    const a = topoform(['synth', 'shop.yaml', '--out', 'cc', '--force'], { cwd: dir });
    expect(a.status, a.stderr).toBe(0);
    writeFileSync(go, '');
    expect(await bDone, stderr).toBe(2);
    expect(stderr).toBe(
      'error TOPO5002 refusing to replace cc: it holds the output of topology shop, not of other\n' +
        "  hint: synthesize into another --out folder, or pass --force to replace it (its workspaces' .terraform folders would then belong to another topology)\n1 error, 0 warnings, 0 infos\n",
    );
    expect(JSON.parse(readFileSync(join(dir, 'cc', 'topoform.json'), 'utf8')).topology).toBe('shop');
    expect(readdirSync(dir).sort()).toEqual(['cc', 'other.yaml', 'shop.yaml']);
  }, 60_000);

  it('the destroy guard is not decided on a stale output: a synth of the same topology that swapped in meanwhile refuses the waiting one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'topoform-atomic-'));
    writeFileSync(join(dir, 'old.yaml'), twoRegions);
    writeFileSync(join(dir, 'new.yaml'), `${twoRegions}  - name: orders\n    type: s3\n`);
    expect(topoform(['synth', 'old.yaml', '--out', 'cc'], { cwd: dir }).status).toBe(0);
    // B (old.yaml: no store orders) read the output to compare with, then waits before the lock while A adds orders.
    const go = join(mkdtempSync(join(tmpdir(), 'topoform-atomic-go-')), 'go');
    const { spawn } = await import('node:child_process');
    const b = spawn(process.execPath, [BIN, 'synth', 'old.yaml', '--out', 'cc'], { cwd: dir, env: { ...process.env, TOPOFORM_DEBUG: '', TOPOFORM_TEST_SWAP_HOOK: `wait-before-lock:${go}` } });
    let stderr = '';
    b.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const bDone = new Promise<number | null>((done) => b.on('close', done));
    for (const until = Date.now() + 30_000; !existsSync(`${go}.waiting`) && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(`${go}.waiting`), stderr).toBe(true);
    const a = topoform(['synth', 'new.yaml', '--out', 'cc'], { cwd: dir });
    expect(a.status, a.stderr).toBe(0);
    const afterA = snapshot(join(dir, 'cc'));
    writeFileSync(go, '');
    // Without the check B would drop orders' bucket unnoticed (it compared with the output before A's).
    expect(await bDone, stderr).toBe(2);
    expect(stderr).toContain('error TOPO5001 refusing to replace cc: another synth replaced it while this one ran');
    expect(snapshot(join(dir, 'cc'))).toEqual(afterA);
    // Run again, it compares with A's output: losing orders' bucket is refused (TOPO5010).
    const again = topoform(['synth', 'old.yaml', '--out', 'cc'], { cwd: dir });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('TOPO5010');
  }, 60_000);

  it('never destroy each other: each either writes a whole output, or is told another synth is writing or has replaced what it compared with', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'topoform-atomic-'));
    writeFileSync(join(dir, 'topology.yaml'), twoRegions);
    const { spawn } = await import('node:child_process');
    const runs = await Promise.all(
      Array.from({ length: 6 }, () =>
        new Promise<{ status: number | null; stderr: string }>((done) => {
          const child = spawn(process.execPath, [BIN, 'synth', 'topology.yaml', '--out', 'cc'], { cwd: dir });
          let stderr = '';
          child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
          child.on('close', (status) => done({ status, stderr }));
        }),
      ),
    );
    for (const r of runs) {
      if (r.status === 0) continue;
      expect(r.status).toBe(2);
      // Refused while another holds the lock, or after it: the output it read before the lock is no longer there
      // (the record re-checked under the lock, tested deterministically above).
      expect(r.stderr).toMatch(/^error TOPO5001 (another topoform synth \(process \d+\) is writing cc|refusing to replace cc: another synth replaced it while this one ran, so what this synth compared it with)/);
    }
    expect(runs.some((r) => r.status === 0)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['cc', 'topology.yaml']);
    expect(Object.keys(snapshot(join(dir, 'cc')))).toContain('stacks/us-east-1/cdk.tf.json');
  }, 60_000);
});
