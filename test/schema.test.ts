// The published JSON Schema as a third-party tool sees it: ajv's Ajv2020 in full strict mode with default options
// (no discriminator extension, strictRequired on), as editors other than the YAML extension validate it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EXAMPLES } from './helpers/examples';
import { ROOT } from './helpers/cli';

const schema = JSON.parse(readFileSync(join(ROOT, 'schema/topology.schema.json'), 'utf8')) as object;

function strictValidator() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv, ['email']); // the schema uses format: email
  return ajv.compile(schema);
}

const base = 'version: 1\nname: payments\npattern: active-passive\nregions:\n  - name: us-east-1\n  - name: us-west-2\ndata:\n';

describe('schema/topology.schema.json under strict Ajv2020', () => {
  it('compiles in full strict mode without extensions', () => {
    expect(() => strictValidator()).not.toThrow();
    expect(JSON.stringify(schema)).not.toContain('"discriminator"');
  });

  it('accepts every example', () => {
    const validate = strictValidator();
    expect(EXAMPLES.length).toBeGreaterThan(0);
    for (const example of EXAMPLES) {
      const data: unknown = parse(readFileSync(join(ROOT, 'examples', example, 'topology.yaml'), 'utf8'));
      expect(validate(data), `${example}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('checks each data store against the definition its type picks', () => {
    const validate = strictValidator();
    const check = (store: string) => validate(parse(base + store));
    expect(check('  - { name: assets, type: s3, replication: { rtc: true } }')).toBe(true);
    expect(check('  - { name: orders, type: dynamodb, hashKey: { name: pk, type: S } }')).toBe(true);
    expect(check('  - { name: assets, type: s3, hashKey: { name: pk, type: S } }')).toBe(false); // a dynamodb field on s3
    expect(check('  - { name: orders, type: dynamodb }')).toBe(false); // dynamodb requires hashKey
    expect(check('  - { name: assets, type: s4 }')).toBe(false);
    expect(check('  - { name: assets }')).toBe(false);
    expect(check('  - assets')).toBe(false);
  });
});
