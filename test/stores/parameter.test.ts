// Parameter stores: the same SSM parameter in every region's own workspace (SSM has no replication), a SecureString
// under the region's key when secure, the tier from the value's size. Synthesized, then applied with real Terraform.
import { describe, expect, it } from 'vitest';
import { applyOutput, findTerraform } from '../helpers/terraform';
import { synthTopology, type Json } from '../helpers/synth';


const synth = (text: string) => synthTopology(text, 'parameter');

/** User text full of what Terraform and cdktf would otherwise evaluate. */
const HOSTILE = 'a=${x} b=%{y} c=${TfToken[TOKEN.1]} d=#{TfToken[TOKEN.1]}';
const BIG = 'é'.repeat(2100); // 2100 characters, 4200 bytes of UTF-8: over Standard's 4096 bytes

const activePassive = `version: 1
name: shop
pattern: active-passive
regions:
  - name: us-east-1
  - name: us-west-2
  - name: eu-west-1
data:
  - name: flags
    type: parameter
    value: ${JSON.stringify(HOSTILE)}
  - name: token
    type: parameter
    secure: true
    value: ${JSON.stringify(HOSTILE)}
  - name: catalog
    type: parameter
    value: ${JSON.stringify(BIG)}
`;

const partitioned = `version: 1
name: health
pattern: partitioned
regions:
  - { name: us-east-1, jurisdiction: us }
  - { name: eu-central-1, jurisdiction: eu }
data:
  - { name: flags, type: parameter, regulated: true, secure: true, value: "on" }
`;

describe('parameter under active-passive', () => {
  const { out, workspaces, stack } = synth(activePassive);
  const regions = ['us-east-1', 'us-west-2', 'eu-west-1'];
  const params = (region: string) => stack(region)['resource']['aws_ssm_parameter'] as Json;

  it('writes the same parameter, named /<topology>/<store>, in every region\'s own workspace and nowhere else', () => {
    for (const region of regions) {
      const p = params(region);
      expect(Object.keys(p).sort(), region).toEqual(['catalog', 'flags', 'token']);
      for (const [id, x] of Object.entries(p)) {
        expect(x.name).toBe(`/shop/${id}`);
        expect(x.provider, 'each region its own provider').toBeUndefined();
      }
      expect(p['flags'].value).toBe(params('us-east-1')['flags'].value);
    }
    expect(stack('global')['resource']?.['aws_ssm_parameter']).toBeUndefined();
    expect(workspaces).toEqual([...regions, 'global'].sort());
  });

  it('CKV2_AWS_34 CKV_AWS_337 secure parameters are SecureStrings under the region\'s topology key', () => {
    expect(params('us-east-1')['token']).toMatchObject({ type: 'SecureString', key_id: '${aws_kms_key.topology.arn}' });
    // Elsewhere the key by its alias ARN: SSM keeps the key id as given, and no other workspace's state is read.
    expect(params('us-west-2')['token']).toMatchObject({
      type: 'SecureString',
      key_id: 'arn:aws:kms:us-west-2:${data.aws_caller_identity.current.account_id}:alias/shop',
    });
    expect(params('eu-west-1')['token'].key_id).toBe('arn:aws:kms:eu-west-1:${data.aws_caller_identity.current.account_id}:alias/shop');
    // Plain configuration stays a String, without a key.
    expect(params('us-west-2')['flags'].type).toBe('String');
    expect(params('us-west-2')['flags'].key_id).toBeUndefined();
  });

  it('is Standard up to 4096 bytes of UTF-8 and Advanced above, whatever the count of characters', () => {
    expect(params('us-east-1')['flags'].tier).toBe('Standard');
    expect(BIG.length).toBeLessThan(4096);
    expect(params('us-east-1')['catalog'].tier).toBe('Advanced');
  });

  it('escapes the value for Terraform: no live template or cdktf token', () => {
    const value = params('us-east-1')['flags'].value as string;
    expect(value).toBe('a=$${x} b=%%{y} c=$${TfToken${"["}TOKEN.1]} d=#{TfToken${"["}TOKEN.1]}');
  });

  const setup = findTerraform();
  it.skipIf('missing' in setup)('validates and applies every workspace; the applied value is the literal text, secure or not', async () => {
    if ('missing' in setup) return;
    const applied = await applyOutput(setup, out);
    for (const region of regions) {
      const state = applied.get(region)!.resources;
      expect(state.get('aws_ssm_parameter.flags')?.['value'], region).toBe(HOSTILE);
      expect(state.get('aws_ssm_parameter.token')?.['value'], region).toBe(HOSTILE);
      expect(state.get('aws_ssm_parameter.token')?.['type'], region).toBe('SecureString');
      expect(state.get('aws_ssm_parameter.catalog')?.['value'], region).toBe(BIG);
    }
  }, 300_000);
});

describe('regulated parameter under partitioned', () => {
  const { out, stack } = synth(partitioned);

  it('is written in every region of every jurisdiction, each under its own region\'s key', () => {
    expect(stack('us-east-1')['resource']['aws_ssm_parameter']['flags']).toMatchObject({ name: '/health/flags', key_id: '${aws_kms_key.topology.arn}' });
    expect(stack('eu-central-1')['resource']['aws_ssm_parameter']['flags']).toMatchObject({
      name: '/health/flags',
      key_id: 'arn:aws:kms:eu-central-1:${data.aws_caller_identity.current.account_id}:alias/health',
    });
  });

  const setup = findTerraform();
  it.skipIf('missing' in setup)('validates and applies every workspace in dependency order with real Terraform', async () => {
    if ('missing' in setup) return;
    expect((await applyOutput(setup, out)).size).toBeGreaterThan(0);
  }, 300_000);
});
