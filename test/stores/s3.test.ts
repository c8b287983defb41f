// S3: secure defaults on the synthesized JSON, named after their Checkov rules, for every bucket of a store.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { topoform } from '../helpers/cli';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const topology = `version: 1
name: shop
pattern: active-passive
regions:
  - name: us-east-1
  - name: us-west-2
data:
  - { name: media, type: s3, replication: { rtc: true } }
`;

describe('s3', () => {
  const dir = mkdtempSync(join(tmpdir(), 'topoform-s3-'));
  writeFileSync(join(dir, 'topology.yaml'), topology);
  const r = topoform(['synth', 'topology.yaml'], { cwd: dir });
  const stack = (name: string) => JSON.parse(readFileSync(join(dir, 'cdktf.out/stacks', name, 'cdk.tf.json'), 'utf8')) as Json;
  const regions = ['us-east-1', 'us-west-2'].map((name) => [name, stack(name)['resource'] as Json] as const);

  it('synthesizes', () => expect(r.status, r.stderr).toBe(0));

  it('CKV_AWS_145: every bucket encrypts with the topology key (SSE-KMS, bucket keys)', () => {
    for (const [name, res] of regions) {
      const rule = res['aws_s3_bucket_server_side_encryption_configuration']['media'].rule[0];
      expect(rule.apply_server_side_encryption_by_default.sse_algorithm, name).toBe('aws:kms');
      expect(rule.apply_server_side_encryption_by_default.kms_master_key_id, name).toMatch(/aws_kms_key\.topology\.arn|:alias\/shop$/);
      expect(rule.bucket_key_enabled).toBe(true);
    }
  });

  it('CKV_AWS_21: versioning is enabled on every bucket', () => {
    for (const [name, res] of regions) expect(res['aws_s3_bucket_versioning']['media'].versioning_configuration.status, name).toBe('Enabled');
  });

  it('CKV2_AWS_6 / CKV_AWS_53..56: public access is blocked on every bucket', () => {
    for (const [name, res] of regions) {
      expect(res['aws_s3_bucket_public_access_block']['media'], name).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    }
  });

  it('CKV2_AWS_61 / CKV_AWS_300: a lifecycle configuration aborts incomplete multipart uploads', () => {
    for (const [name, res] of regions) expect(res['aws_s3_bucket_lifecycle_configuration']['media'].rule[0].abort_incomplete_multipart_upload, name).toEqual([{ days_after_initiation: 7 }]);
  });

  it('TLS only: the bucket policy denies insecure transport and TLS below 1.2', () => {
    for (const [name, res] of regions) {
      const policy = res['aws_s3_bucket_policy']['media'].policy as string;
      expect(policy, name).toContain('"aws:SecureTransport" = "false"');
      expect(policy, name).toContain('"s3:TlsVersion" = "1.2"');
    }
  });

  it('CKV_AWS_144: cross-region replication from the primary, with RTC, delete markers and KMS-encrypted replicas', () => {
    const config = stack('global')['resource']['aws_s3_bucket_replication_configuration']['media_us-east-1'] as Json;
    const rule = config.rule[0];
    expect(rule).toMatchObject({ status: 'Enabled', delete_marker_replication: { status: 'Enabled' }, source_selection_criteria: { sse_kms_encrypted_objects: { status: 'Enabled' } } });
    expect(rule.destination).toMatchObject({ bucket: 'arn:aws:s3:::shop-media-us-west-2', replication_time: { status: 'Enabled', time: { minutes: 15 } } });
    expect(rule.destination.encryption_configuration.replica_kms_key_id).toMatch(/:kms:us-west-2:.*:alias\/shop$/);
  });

  it('object ownership is enforced (ACLs disabled)', () => {
    for (const [name, res] of regions) expect(res['aws_s3_bucket_ownership_controls']['media'].rule.object_ownership, name).toBe('BucketOwnerEnforced');
  });
});
