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

describe('encodings, line breaks and block nesting', () => {
  const topology = ['version: 1', 'name: shop', 'pattern: active-passive', 'regions:', '  - name: us-east-1', '  - name: us-west-2', 'data:', '  - name: catalog', '    type: parameter', '    value: VALUE', ''].join('\n');
  const validate = (bytes: Buffer) => {
    const dir = scratch();
    writeFileSync(join(dir, 'topology.yaml'), bytes);
    return topoform(['validate', 'topology.yaml'], { cwd: dir });
  };

  it('the topology used here is valid as UTF-8 with LF or CRLF line breaks', () => {
    expect(validate(Buffer.from(topology.replace('VALUE', 'café'))).status).toBe(0);
    expect(validate(Buffer.from(topology.replace(/\n/g, '\r\n'))).status).toBe(0);
  });

  it('refuses an invalid UTF-8 byte in a parameter value at its line, instead of writing U+FFFD to every region', () => {
    const [before, after] = topology.split('VALUE') as [string, string];
    const r = validate(Buffer.concat([Buffer.from(before + 'caf'), Buffer.from([0xe9]), Buffer.from('-au-lait' + after)]));
    expect(r.stderr.split('\n')[0]).toBe('topology.yaml:10:15: error TOPO1009 byte 0xE9 here is not UTF-8; topoform reads topologies as UTF-8 text');
    expect(r.stderr).toContain('hint: the file was probably saved in another encoding');
    expect(r.status).toBe(1);
  });

  it('refuses a truncated sequence, an overlong encoding and an encoded surrogate, each at its column', () => {
    const [before, after] = topology.split('VALUE') as [string, string];
    for (const [bytes, shown] of [[[0xe2, 0x82], '0xE2 0x82'], [[0xc0, 0xaf], '0xC0 0xAF'], [[0xed, 0xa0, 0x80], '0xED 0xA0 0x80']] as const) {
      const r = validate(Buffer.concat([Buffer.from(before + 'ok€'), Buffer.from(bytes), Buffer.from(after)]));
      expect(r.stderr.split('\n')[0]).toBe(`topology.yaml:10:15: error TOPO1009 bytes ${shown} here are not UTF-8; topoform reads topologies as UTF-8 text`);
    }
  });

  it('names UTF-16, with a byte-order mark or without one', () => {
    const text = topology.replace('VALUE', 'x');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(text, 'utf16le').swap16();
    for (const [bytes, name] of [[le, 'UTF-16 (little-endian)'], [Buffer.from(text, 'utf16le'), 'UTF-16 (little-endian)'], [be, 'UTF-16 (big-endian)']] as const) {
      const r = validate(bytes);
      expect(r.stderr.split('\n')[0]).toBe(`topology.yaml:1:1: error TOPO1009 the file is ${name} text; topoform reads topologies as UTF-8`);
      expect(r.stderr).not.toContain('must be a map');
      expect(r.status).toBe(1);
    }
  });

  it('names carriage-return line breaks instead of saying the file holds no topology', () => {
    const cr = validate(Buffer.from(topology.replace('VALUE', 'x').replace(/\n/g, '\r')));
    expect(cr.stderr.split('\n')[0]).toBe('topology.yaml:1:11: error TOPO1010 the line breaks in this file are carriage returns alone (CR, as classic Mac OS wrote them); topoform reads LF or CRLF line breaks');
    expect(cr.stderr).not.toContain('holds no topology');
    expect(cr.status).toBe(1);
    // One bare CR in a file of LF line breaks, at its line.
    const one = validate(Buffer.from(topology.replace('VALUE', 'x').replace('  - name: us-west-2\n', '  - name: us-west-2\r')));
    expect(one.stderr.split('\n')[0]).toBe('topology.yaml:6:20: error TOPO1010 a carriage return (CR) here is not followed by a line feed; topoform reads LF or CRLF line breaks');
  });

  it('refuses a 1,000-level block mapping (under the size cap) as too deep, not as an internal error', () => {
    const lines = ['version: 1', 'name: shop'];
    for (let i = 0; i < 1000; i++) lines.push(`${' '.repeat(i)}k${i}:`);
    const bytes = Buffer.from(lines.join('\n') + ' v\n');
    expect(bytes.length).toBeLessThan(MAX_FILE_BYTES);
    const r = validate(bytes);
    expect(r.stderr).toBe([
      'topology.yaml:1:1: error TOPO1003 the document nests too deeply to read',
      '  |',
      '1 | version: 1',
      '  | ^',
      '  hint: a topology nests a few levels; this looks like a generated or hostile file',
      '1 error, 0 warnings, 0 infos',
      '',
    ].join('\n'));
    expect(r.status).toBe(1);
    // And a deep block sequence written on one line.
    const seq = validate(Buffer.from(`version: 1\nname: shop\nregions: ${'- '.repeat(300_000)}x\n`));
    expect(seq.stderr.split('\n')[0]).toBe('topology.yaml:1:1: error TOPO1003 the document nests too deeply to read');
  });
});
