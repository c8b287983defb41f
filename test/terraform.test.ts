// Every example's workspaces pass `terraform validate` and apply, in dependency order, against a mocked AWS provider.
import { describe, expect, it } from 'vitest';
import { EXAMPLES, synthExample } from './helpers/examples';
import { applyOrder, applyWorkspace, findTerraform, type Applied } from './helpers/terraform';

const setup = findTerraform();
const missing = 'missing' in setup ? setup.missing : undefined;
if (missing) console.warn(`real-Terraform tests skipped: ${missing}`);

describe.skipIf(missing !== undefined)('real Terraform on every example', () => {
  for (const example of EXAMPLES) {
    it(`${example}: validates, then plans and applies every workspace in dependency order`, () => {
      if ('missing' in setup) return;
      const outdir = synthExample(example);
      const order = applyOrder(outdir);
      expect(order[order.length - 1]).toBe('global');
      const applied = new Map<string, Applied>();
      const outputs = new Map<string, Record<string, unknown>>();
      for (const name of order) {
        const a = applyWorkspace(setup, outdir, name, outputs);
        expect(a.validate, `${name}: terraform validate`).toMatchObject({ valid: true });
        expect(a.resources.size, `${name}: resources applied`).toBeGreaterThan(0);
        applied.set(name, a);
        outputs.set(name, a.outputs);
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
      // Replica keys take the primary key's ARN through the cross-workspace reference.
      for (const a of applied.values()) {
        const replica = a.resources.get('aws_kms_replica_key.topology');
        if (replica) expect(replica['primary_key_arn']).toBe(applied.get(order[0]!)!.resources.get('aws_kms_key.topology')!['arn']);
      }
    }, 300_000);
  }
});
