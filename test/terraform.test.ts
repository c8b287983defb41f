// Every example's workspaces pass `terraform validate` and apply, in dependency order, against a mocked AWS provider.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
      // Each account's key family lives in one workspace (the home's, or the account's first region's: replicas of a
      // multi-Region key stay in its account): a replica and an alias per other region of that account, and each
      // region's buckets encrypt with the alias ARN of a key that really exists there, in the region's account.
      const accountOf = (workspace: string): string => {
        const stack = JSON.parse(readFileSync(join(outdir, 'stacks', workspace, 'cdk.tf.json'), 'utf8')) as { provider: { aws: { alias?: string; allowed_account_ids?: string[] }[] } };
        return stack.provider.aws.find((p) => p.alias === undefined)!.allowed_account_ids?.[0] ?? '111111111111'; // the mocked caller's
      };
      const regionsOf = order.slice(0, -1);
      const homes = regionsOf.filter((n) => applied.get(n)!.resources.has('aws_kms_key.topology'));
      expect(homes).toContain(order[0]!);
      expect(new Set(homes.map(accountOf)).size, 'one key family per account').toBe(homes.length);
      for (const name of regionsOf.filter((n) => !homes.includes(n))) {
        const holders = homes.filter((h) => applied.get(h)!.resources.has(`aws_kms_replica_key.${name}`));
        expect(holders, `replica key in ${name}`).toHaveLength(1);
        const home = applied.get(holders[0]!)!;
        expect(accountOf(holders[0]!), `${name}'s key family is its account's`).toBe(accountOf(name));
        expect(home.resources.get(`aws_kms_replica_key.${name}`)!['primary_key_arn']).toBe(home.resources.get('aws_kms_key.topology')!['arn']);
        const alias = home.resources.get(`aws_kms_alias.${name}`)!['name'] as string;
        for (const [address, values] of applied.get(name)!.resources) {
          if (!address.startsWith('aws_s3_bucket_server_side_encryption_configuration.')) continue;
          const keyId = (values['rule'] as { apply_server_side_encryption_by_default: { kms_master_key_id: string }[] }[])[0]!.apply_server_side_encryption_by_default[0]!.kms_master_key_id;
          expect(keyId).toBe(`arn:aws:kms:${name}:${accountOf(name)}:${alias}`);
        }
      }
    }, 300_000);
  }
});
