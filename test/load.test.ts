// The load stage against hostile input: paths that are not regular files, and text that would drive the terminal.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES } from '../src/load/load';
import { BIN, topoform, type Run } from './helpers/cli';

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'topoform-load-'));
}

/**
 * `topoform validate FILE`, bounded: a regression that blocks on a FIFO or reads a device forever fails the test
 * after a few seconds instead of hanging the suite, and cannot take more than 2 GB of memory on the way.
 */
function validateBounded(file: string, cwd: string): Run & { signal: NodeJS.Signals | null } {
  const r = spawnSync('/bin/sh', ['-c', 'ulimit -v 2097152 && exec "$0" "$@"', process.execPath, BIN, 'validate', file], {
    cwd,
    env: { ...process.env, TOPOFORM_DEBUG: '' },
    encoding: 'utf8',
    timeout: 10_000,
    killSignal: 'SIGKILL',
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Control characters, DEL, C1 controls, and the bidi and separator marks: nothing of this may reach the terminal. */
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe.skipIf(process.platform === 'win32')('files that are not regular files', () => {
  const notRegular = (file: string, kind: string, hint = 'a topology is a regular YAML file: save it to a file and pass that path') =>
    `${file}: error TOPO1001 cannot read the topology: it is ${kind}, not a regular file\n  hint: ${hint}\n1 error, 0 warnings, 0 infos\n`;

  it('refuses a character device (/dev/zero) without reading it', () => {
    const r = validateBounded('/dev/zero', scratch());
    expect(r.signal).toBeNull();
    expect(r.stderr).toBe(notRegular('/dev/zero', 'a character device'));
    expect(r.status, 'a path that is no topology file is a usage error').toBe(2);
    expect(r.stdout).toBe('');
  });

  it('refuses a FIFO without waiting for a writer', () => {
    const dir = scratch();
    const made = spawnSync('mkfifo', [join(dir, 'topology.yaml')]);
    expect(made.status).toBe(0);
    const r = validateBounded('topology.yaml', dir);
    expect(r.signal).toBeNull();
    expect(r.stderr).toBe(notRegular('topology.yaml', 'a FIFO (named pipe)'));
    expect(r.status, 'a path that is no topology file is a usage error').toBe(2);
    expect(r.stdout).toBe('');
  });

  it('refuses a symbolic link to /dev/urandom, and says it went through a link', () => {
    const dir = scratch();
    symlinkSync('/dev/urandom', join(dir, 'topology.yaml'));
    const r = validateBounded('topology.yaml', dir);
    expect(r.signal).toBeNull();
    expect(r.stderr).toBe(notRegular('topology.yaml', 'a character device (through a symbolic link)'));
    expect(r.status, 'a path that is no topology file is a usage error').toBe(2);
    expect(r.stdout).toBe('');
  });

  it('refuses a directory', () => {
    const dir = scratch();
    mkdirSync(join(dir, 'topology'));
    const r = validateBounded('topology', dir);
    expect(r.stderr).toBe(notRegular('topology', 'a directory', 'a topology is a regular YAML file: name the file, not the directory that holds it'));
    expect(r.status, 'a path that is no topology file is a usage error').toBe(2);
    expect(r.stdout).toBe('');
  });

  it(`refuses a file of ${MAX_FILE_BYTES + 1} bytes, and reads one of ${MAX_FILE_BYTES}`, () => {
    const dir = scratch();
    // Too large to read: the diagnostic names the file, at no position in it.
    const filler = (bytes: number) => ('\n' + '# padding\n'.repeat(Math.ceil(bytes / 10))).slice(0, bytes);
    writeFileSync(join(dir, 'big.yaml'), filler(MAX_FILE_BYTES + 1));
    writeFileSync(join(dir, 'limit.yaml'), filler(MAX_FILE_BYTES));
    const big = validateBounded('big.yaml', dir);
    expect(big.stderr).toBe(
      `big.yaml: error TOPO1002 the file is ${MAX_FILE_BYTES + 1} bytes; topoform reads at most ${MAX_FILE_BYTES}\n` +
        '  hint: a topology is a few kilobytes: check that this is the right file\n' +
        '1 error, 0 warnings, 0 infos\n',
    );
    expect(big.status).toBe(1);
    // At the limit the file is read, and found to hold only comments.
    const limit = validateBounded('limit.yaml', dir);
    expect(limit.stderr).toBe('limit.yaml:1:1: error TOPO1008 the file holds no topology\n  hint: start from an example in examples/\n1 error, 0 warnings, 0 infos\n');
    expect(limit.status).toBe(1);
  });
});

describe('terminal escapes in the input', () => {
  it('escapes control characters written as YAML escapes, in messages and keys', () => {
    const dir = scratch();
    writeFileSync(
      join(dir, 'topology.yaml'),
      [
        'version: 1',
        'name: payments',
        'pattern: active-passive',
        '"x\\e]0;PWNED\\a\\e[2J": 1',
        'regions:',
        '  - name: "us-east-1\\e[2J\\u202e\\x9b\\0\\x7f"',
        '  - name: us-west-2',
        '',
      ].join('\n'),
    );
    const r = topoform(['validate', 'topology.yaml'], { cwd: dir });
    expect(r.stderr).toBe(
      [
        'topology.yaml:4:1: error TOPO2001 unknown field `x\\x1b]0;PWNED\\x07\\x1b[2J` in the topology',
        '  |',
        '4 | "x\\e]0;PWNED\\a\\e[2J": 1',
        '  | ^^^^^^^^^^^^^^^^^^^^',
        '  hint: allowed fields here: version, name, pattern, home, objectives, tags, state, terraform, regions, app, routing, data, jobs, alarms, suppress, drills',
        'topology.yaml:6:11: error TOPO2007 unknown region code "us-east-1\\u001b[2J\\u202e\\x9b\\u0000\\x7f" at regions[0].name',
        '  |',
        '6 |   - name: "us-east-1\\e[2J\\u202e\\x9b\\0\\x7f"',
        '  |           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
        '  hint: use an AWS region code such as "us-east-1" or "eu-central-1"',
        '2 errors, 0 warnings, 0 infos',
        '',
      ].join('\n'),
    );
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(UNSAFE);
  });

  it('escapes raw control bytes in the file, in the source line too, and keeps the caret under its text', () => {
    const dir = scratch();
    writeFileSync(
      join(dir, 'topology.yaml'),
      [
        'version: 1',
        'name: payments',
        'pattern: active-passive',
        'regions:',
        '  - name: us-east-1',
        '    x\x1b]0;PWNED\x07\x1b[2J: 1',
        '  - name: "us-\u202ewest-2\x7f\x01\u009b\u2028\t\x00"',
        '    endpoint: { dnsName: "b\x1b[31m\u2066.example.com", zoneId: Z1H1FL5HABSF5, weight: 1 }',
        '',
      ].join('\n'),
    );
    const r = topoform(['validate', 'topology.yaml'], { cwd: dir });
    expect(r.stderr).toBe(
      [
        'topology.yaml:6:5: error TOPO2001 unknown field `x\\x1b]0;PWNED\\x07\\x1b[2J` in regions[0]',
        '  |',
        '6 |     x\\x1b]0;PWNED\\x07\\x1b[2J: 1',
        '  |     ^^^^^^^^^^^^^^^^^^^^^^^^',
        '  hint: allowed fields here: name, role, account, roleArn, jurisdiction, capacity, endpoint, inputs, network',
        'topology.yaml:7:11: error TOPO2007 unknown region code "us-\\u202ewest-2\\x7f\\u0001\\x9b\\u2028\\t\\u0000" at regions[1].name',
        '  |',
        '7 |   - name: "us-\\u202ewest-2\\x7f\\x01\\x9b\\u2028 \\x00"',
        '  |           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
        '  hint: use an AWS region code such as "us-east-1" or "eu-central-1"',
        'topology.yaml:8:26: error TOPO2006 regions[1].endpoint.dnsName "b\\u001b[31m\\u2066.example.com" does not have the required form',
        '  |',
        '8 |     endpoint: { dnsName: "b\\x1b[31m\\u2066.example.com", zoneId: Z1H1FL5HABSF5, weight: 1 }',
        '  |                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
        '  hint: use a DNS name in lower case, e.g. api.example.com',
        'topology.yaml:8:72: error TOPO2001 unknown field `weight` in regions[1].endpoint',
        '  |',
        '8 |     endpoint: { dnsName: "b\\x1b[31m\\u2066.example.com", zoneId: Z1H1FL5HABSF5, weight: 1 }',
        '  |                                                                                ^^^^^^',
        '  hint: allowed fields here: dnsName, zoneId, arn',
        '4 errors, 0 warnings, 0 infos',
        '',
      ].join('\n'),
    );
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(UNSAFE);
    // Every caret sits under the text it marks, escapes before it included.
    const lines = r.stderr.split('\n');
    const marked = lines.flatMap((line, i) => (/^ +\| +\^/.test(line) ? [lines[i - 1]!.slice(line.indexOf('^'), line.lastIndexOf('^') + 1)] : []));
    expect(marked).toEqual(['x\\x1b]0;PWNED\\x07\\x1b[2J', '"us-\\u202ewest-2\\x7f\\x01\\x9b\\u2028 \\x00"', '"b\\x1b[31m\\u2066.example.com"', 'weight']);
  });

  it('cuts a long line by its printed width, escapes counted, and keeps the caret on its text', () => {
    const dir = scratch();
    const line = `    endpoint: { dnsName: "${'\x1b'.repeat(40)}", zoneId: Z1H1FL5HABSF5, weight: 1 }`;
    writeFileSync(join(dir, 'topology.yaml'), ['version: 1', 'name: payments', 'pattern: active-passive', 'regions:', '  - name: us-east-1', '  - name: us-west-2', line, ''].join('\n'));
    const r = topoform(['validate', 'topology.yaml'], { cwd: dir });
    expect(r.stderr).toContain(
      [
        'topology.yaml:7:93: error TOPO2001 unknown field `weight` in regions[1].endpoint',
        '  |',
        `7 | …${'\\x1b'.repeat(20)}", zoneId: Z1H1FL5HABSF5, weight: 1 }`,
        `  | ${' '.repeat(107)}^^^^^^`,
        '',
      ].join('\n'),
    );
    expect(r.stderr).not.toMatch(UNSAFE);
  });

  it('escapes the file name', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'bad\x1b[2J\u202e.yaml'), 'version: 1\nname: payments\npattern: active-passive\nregions: [us-east-1, us-west-2]\nbogus: 1\n');
    const r = topoform(['validate', 'bad\x1b[2J\u202e.yaml'], { cwd: dir });
    expect(r.stderr.split('\n').filter((l) => / error /.test(l))).toEqual([
      'bad\\x1b[2J\\u202e.yaml:4:11: error TOPO2003 regions[0] must be a map, not a string',
      'bad\\x1b[2J\\u202e.yaml:4:22: error TOPO2003 regions[1] must be a map, not a string',
      'bad\\x1b[2J\\u202e.yaml:5:1: error TOPO2001 unknown field `bogus` in the topology',
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(UNSAFE);
  });
});
