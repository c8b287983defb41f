// Every example's workspaces pass `terraform validate` and apply, in dependency order, against a mocked AWS provider.
import { describe, expect, it } from 'vitest';
import { EXAMPLES, synthExample } from './helpers/examples';
import { applyOrder, applyOutput, findTerraform } from './helpers/terraform';

const setup = findTerraform();
const missing = 'missing' in setup ? setup.missing : undefined;
if (missing) console.warn(`real-Terraform tests skipped: ${missing}`);

describe.skipIf(missing !== undefined)('real Terraform on every example', () => {
  for (const example of EXAMPLES) {
    // Concurrent: applyOutput runs at most one terraform per core, machine-wide.
    it.concurrent(`${example}: validates, then plans and applies every workspace in dependency order`, async () => {
      if ('missing' in setup) return;
      const outdir = synthExample(example);
      const order = applyOrder(outdir);
      expect(order[order.length - 1]).toBe('global');
      const applied = await applyOutput(setup, outdir);
      expect([...applied.keys()]).toEqual(order);
      for (const [name, a] of applied) {
        expect(a.validate, `${name}: terraform validate`).toMatchObject({ valid: true });
        expect(a.resources.size, `${name}: resources applied`).toBeGreaterThan(0);
      }

      // Links made by naming convention resolve to resources another workspace really creates.
      const buckets = new Map<string, string>(); // bucket name -> workspace
      for (const a of applied.values()) {
        for (const [address, values] of a.resources) if (address.startsWith('aws_s3_bucket.')) buckets.set(String(values['bucket']), a.name);
      }
      const global = applied.get('global')!;
      const replications = [...global.resources].filter(([address]) => address.startsWith('aws_s3_bucket_replication_configuration.'));
      for (const [address, values] of replications) {
        expect(buckets.has(String(values['bucket'])), `${address}: source bucket exists`).toBe(true);
        for (const rule of values['rule'] as { destination: { bucket: string }[] }[]) {
          const dest = rule.destination[0]!.bucket.replace(/^arn:aws:s3:::/, '');
          expect(buckets.get(dest), `${address}: destination ${dest} exists in another workspace`).toBeDefined();
          expect(buckets.get(dest)).not.toBe(buckets.get(String(values['bucket'])));
        }
      }
      // The key family lives in the primary workspace: a replica and an alias per other region, and each
      // region's buckets encrypt with the alias ARN of a key that really exists there.
      const primary = applied.get(order[0]!)!;
      const primaryArn = primary.resources.get('aws_kms_key.topology')!['arn'];
      for (const name of order.slice(1, -1)) {
        expect(primary.resources.get(`aws_kms_replica_key.${name}`)?.['primary_key_arn'], `replica key in ${name}`).toBe(primaryArn);
        const alias = primary.resources.get(`aws_kms_alias.${name}`)!['name'] as string;
        for (const [address, values] of applied.get(name)!.resources) {
          if (!address.startsWith('aws_s3_bucket_server_side_encryption_configuration.')) continue;
          const keyId = (values['rule'] as { apply_server_side_encryption_by_default: { kms_master_key_id: string }[] }[])[0]!.apply_server_side_encryption_by_default[0]!.kms_master_key_id;
          expect(keyId).toBe(`arn:aws:kms:${name}:111111111111:${alias}`);
        }
      }
    }, 300_000);
  }
});
