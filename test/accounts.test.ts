// Several AWS accounts: a key family per account, S3 replication across accounts with the receiving side's bucket
// and key policies, routing in a networking account of its own, Global Accelerator's cross-account attachments, and
// promote refusing to move an account's key family. Real Terraform validates and mock-applies examples/multi-account
// in test/terraform.test.ts; this file checks what only the wiring shows.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { TopologyInput } from '../src/model/input';
import { promoteText } from '../src/promote/rewrite';
import { ROOT, topoform } from './helpers/cli';
import { synthTopology, type Json } from './helpers/synth';
import { applyOutput, findTerraform } from './helpers/terraform';

const EXAMPLE = readFileSync(join(ROOT, 'examples/multi-account/topology.yaml'), 'utf8');
/** A policy document, plain JSON or cdktf's `${jsonencode({...})}` with references in it (read as strings). */
const policy = (text: string) => {
  const hcl = /^\$\{jsonencode\((.*)\)\}$/s.exec(text)?.[1];
  const json = hcl === undefined ? text : hcl.replace(/" = /g, '": ').replace(/(\[\s*|,\s*|": )([a-z_][\w-]*(?:\.[\w-]+)+)(?=\s*[,\]}])/g, '$1"$2"');
  return JSON.parse(json) as { Statement: Json[] };
};
const statement = (json: string, sid: string) => policy(json).Statement.find((s) => s['Sid'] === sid);
const providers = (stack: Json) => stack['provider']['aws'] as Json[];
const providerOf = (stack: Json, resource: Json) => {
  const alias = typeof resource['provider'] === 'string' ? (resource['provider'] as string).replace(/^aws\./, '') : undefined;
  return providers(stack).find((p) => p['alias'] === alias)!;
};

describe('a topology across accounts (examples/multi-account)', () => {
  const s = synthTopology(EXAMPLE, 'multi-account');
  const east = s.stack('us-east-1');
  const west = s.stack('us-west-2');
  const global = s.stack('global');

  it('pins every provider of every workspace to the account it acts in', () => {
    for (const name of s.workspaces) for (const p of providers(s.stack(name))) expect(p['allowed_account_ids'], `${name} ${p['alias'] ?? 'default'}`).toHaveLength(1);
    expect(providers(east)[0]!['allowed_account_ids']).toEqual(['111111111111']);
    expect(providers(west)[0]!['allowed_account_ids']).toEqual(['222222222222']);
    // The global workspace's default provider is the networking account's: the zone's records and health checks.
    const main = providers(global).find((p) => p['alias'] === undefined)!;
    expect(main['allowed_account_ids']).toEqual(['444444444444']);
    expect(main['assume_role'][0]['role_arn']).toBe('arn:aws:iam::444444444444:role/ledger-dns');
    for (const [id, check] of Object.entries(global['resource']['aws_route53_health_check'] as Record<string, Json>)) expect(check['provider'], id).toBeUndefined();
    // The state account's role in every backend.
    for (const name of s.workspaces) expect(s.stack(name)['terraform']['backend']['s3']['assume_role']['role_arn']).toBe('arn:aws:iam::555555555555:role/ledger-tfstate');
  });

  it('gives each account a key family of its own', () => {
    expect(east['resource']['aws_kms_key']['topology']['multi_region']).toBe(true);
    expect(west['resource']['aws_kms_key']['topology']['multi_region']).toBe(true);
    expect(east['resource']['aws_kms_replica_key']).toBeUndefined();
    expect(west['data']?.['aws_kms_alias']).toBeUndefined();
  });

  it("replicates S3 into the other account's bucket, owned there, admitted by its bucket and key policies", () => {
    for (const [from, to, toStack, fromAccount, toAccount] of [
      ['us-east-1', 'us-west-2', west, '111111111111', '222222222222'],
      ['us-west-2', 'us-east-1', east, '222222222222', '111111111111'],
    ] as const) {
      const role = `arn:aws:iam::${fromAccount}:role/ledger-statements-s3repl-${from}`;
      const config = global['resource']['aws_s3_bucket_replication_configuration'][`statements_${from}`] as Json;
      expect(providerOf(global, config)['allowed_account_ids']).toEqual([fromAccount]);
      const rule = (config['rule'] as Json[])[0]!;
      expect(rule['destination']['account']).toBe(toAccount);
      expect(rule['destination']['access_control_translation']).toEqual({ owner: 'Destination' });
      expect(rule['destination']['encryption_configuration']['replica_kms_key_id']).toBe(`arn:aws:kms:${to}:${toAccount}:alias/ledger`);
      // The role is the source account's, and may hand the replicas over.
      const iamRole = global['resource']['aws_iam_role'][`statements_${from}`] as Json;
      expect(providerOf(global, iamRole)['allowed_account_ids']).toEqual([fromAccount]);
      const rolePolicy = global['resource']['aws_iam_role_policy'][`statements_${from}`] as Json;
      expect(providerOf(global, rolePolicy)['allowed_account_ids']).toEqual([fromAccount]);
      expect(statement(rolePolicy['policy'], 'WriteReplicas')!['Action']).toContain('s3:ObjectOwnerOverrideToBucketOwner');
      // The other account's key by ARN, service and bucket (its aliases are that account's to evaluate).
      const encrypt = statement(rolePolicy['policy'], 'EncryptReplicasInOtherAccounts')!;
      expect(encrypt['Resource']).toBe(`arn:aws:kms:${to}:${toAccount}:key/*`);
      expect(Object.keys(encrypt['Condition']).sort()).toEqual(['StringEquals', 'StringLike']);
      expect(statement(rolePolicy['policy'], 'EncryptReplicas')).toBeUndefined();
      // The destination bucket admits that role (by ARN, as a condition on its account: it does not exist yet).
      const bucketPolicy = toStack['resource']['aws_s3_bucket_policy']['statements']['policy'] as string;
      const write = statement(bucketPolicy, 'ReplicationRolesOfOtherAccountsWriteReplicas')!;
      expect(write['Principal']).toEqual({ AWS: [`arn:aws:iam::${fromAccount}:root`] });
      expect(write['Condition']).toEqual({ ArnEquals: { 'aws:PrincipalArn': [role] } });
      expect(write['Action']).toEqual(expect.arrayContaining(['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ObjectOwnerOverrideToBucketOwner']));
      // The destination account's key lets it encrypt the replicas, in that bucket only.
      const key = statement(toStack['resource']['aws_kms_key']['topology']['policy'], 'ReplicationRolesOfOtherAccountsEncryptReplicas')!;
      expect(key['Principal']).toEqual({ AWS: [`arn:aws:iam::${fromAccount}:root`] });
      expect(key['Condition']['ArnEquals']).toEqual({ 'aws:PrincipalArn': [role] });
      expect(key['Condition']['StringLike']['kms:EncryptionContext:aws:s3:arn']).toEqual([`arn:aws:s3:::ledger-statements-${to}`, `arn:aws:s3:::ledger-statements-${to}/*`]);
    }
  });

  it('makes no replication lag alarm that could not see its metric (the source account\'s), and the lint says so', () => {
    for (const stack of [east, west]) {
      const alarms = Object.values((stack['resource']['aws_cloudwatch_metric_alarm'] ?? {}) as Record<string, Json>).map((a) => a['alarm_name'] as string);
      expect(alarms.length).toBeGreaterThan(0);
      expect(alarms.filter((n) => n.includes('statements-to-'))).toEqual([]);
    }
    expect(readFileSync(join(ROOT, 'test/golden-check/multi-account/check.txt'), 'utf8')).toContain('warning TOPO6010 s3 store statements replicates into buckets of other accounts');
  });

  it("attaches each region account's load balancer to the networking account's accelerator", () => {
    const attachments = global['resource']['aws_globalaccelerator_cross_account_attachment'] as Record<string, Json>;
    expect(Object.keys(attachments).sort()).toEqual(['us-east-1', 'us-west-2']);
    for (const [region, account] of [['us-east-1', '111111111111'], ['us-west-2', '222222222222']] as const) {
      const a = attachments[region]!;
      const p = providerOf(global, a);
      expect([p['region'], p['allowed_account_ids'][0]]).toEqual(['us-west-2', account]);
      expect(a['principals']).toEqual(['${aws_globalaccelerator_accelerator.accelerator.id}']);
      expect(a['resource'][0]['endpoint_id']).toMatch(new RegExp(`^arn:aws:elasticloadbalancing:${region}:${account}:`));
      const group = global['resource']['aws_globalaccelerator_endpoint_group'][region] as Json;
      expect(group['endpoint_configuration'][0]['attachment_arn']).toBe(`\${aws_globalaccelerator_cross_account_attachment.${region}.arn}`);
      expect(providerOf(global, group)['allowed_account_ids']).toEqual(['444444444444']);
    }
  });

  it('reads no other workspace\'s state', () => {
    for (const name of s.workspaces) expect(s.stack(name)['data']?.['terraform_remote_state'], name).toBeUndefined();
  });
});

// Three regions in two accounts: 222222222222's family lives in its first listed region.
const THREE = EXAMPLE.replace(
  '\nrouting:',
  `  - name: eu-west-1
    account: "222222222222"
    roleArn: arn:aws:iam::222222222222:role/ledger-deploy
    endpoint:
      dnsName: ledger-euw1-1234567890.eu-west-1.elb.amazonaws.com
      zoneId: Z32O12XQLNTSW2
      arn: arn:aws:elasticloadbalancing:eu-west-1:222222222222:loadbalancer/app/ledger-euw1/1234567890abcdef

routing:`,
);

describe("a region's account changed", () => {
  it('is refused as a move of each stateful resource into the other account, at the account, unless named', () => {
    const s = synthTopology(EXAMPLE, 'multi-account-move');
    const dir = join(s.out, '..');
    writeFileSync(join(dir, 'topology.yaml'), EXAMPLE.replaceAll('222222222222', '333333333333'));
    const r = topoform(['synth', 'topology.yaml', '-q'], { cwd: dir });
    expect(r.status).toBe(1);
    const refused = r.stderr.split('\n').filter((l) => l.includes('error TOPO5010'));
    // The key, the bucket, the parameter and the queue with its dead-letter queue: all of us-west-2's stateful resources.
    expect(refused).toHaveLength(5);
    for (const line of refused) expect(line).toMatch(/^topology\.yaml:32:5: error TOPO5010 us-west-2: \S+ \(.*\) moves from account 222222222222 to account 333333333333: created empty there/);
    expect(r.stderr).toContain('hint: Terraform moves nothing between accounts: keep us-west-2\'s account 222222222222, or start afresh in 333333333333 with --allow-destroy us-west-2');
    expect(s.stack('us-west-2')['provider']['aws'][0]['allowed_account_ids'], 'a refused synth writes nothing').toEqual(['222222222222']);
    const named = topoform(['synth', 'topology.yaml', '--allow-destroy', 'us-west-2'], { cwd: dir });
    expect(named.status, named.stderr).toBe(0);
    expect(named.stderr.split('\n').filter((l) => l.includes('warning TOPO5011'))).toHaveLength(5);
  });
});

describe('a region removed from another account', () => {
  it('keeps providers acting as its account and role, so the plans that destroy what remains of it can run', () => {
    const s = synthTopology(THREE, 'multi-account-remove');
    const dir = join(s.out, '..');
    const gone = THREE.indexOf('  - name: eu-west-1');
    writeFileSync(join(dir, 'topology.yaml'), THREE.slice(0, gone) + THREE.slice(THREE.indexOf('\nrouting:', gone) + 1));
    const r = topoform(['synth', 'topology.yaml', '--allow-destroy', 'eu-west-1'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(s.workspaces).toEqual(['eu-west-1', 'global', 'us-east-1', 'us-west-2']);
    // us-west-2 still holds eu-west-1's key replica until this output is applied: its provider there is 222222222222's.
    for (const workspace of ['us-east-1', 'us-west-2', 'global']) {
      const kept = providers(s.stack(workspace)).find((p) => p['alias'] === 'eu_west_1')!;
      expect([kept['region'], kept['allowed_account_ids'], kept['assume_role'][0]['role_arn']], workspace).toEqual(['eu-west-1', ['222222222222'], 'arn:aws:iam::222222222222:role/ledger-deploy']);
    }
    expect(s.stack('us-west-2')['resource']['aws_kms_replica_key']).toBeUndefined();
  });
});

describe('key families per account', () => {

  it("replicates the key only within an account, from the account's first region", () => {
    const s = synthTopology(THREE, 'multi-account-three');
    expect(Object.keys(s.stack('us-east-1')['resource']['aws_kms_replica_key'] ?? {})).toEqual([]);
    const west = s.stack('us-west-2');
    const replica = west['resource']['aws_kms_replica_key']['eu-west-1'] as Json;
    expect(providerOf(west, replica)['allowed_account_ids']).toEqual(['222222222222']);
    expect(s.stack('eu-west-1')['resource']['aws_kms_key']).toBeUndefined();
  });

  it("promote refuses a swap that would move an account's key family", () => {
    const r = promoteText(THREE, parse(THREE) as TopologyInput, 'eu-west-1');
    const errors = r.notes.filter((n) => n.severity === 'error');
    expect(errors.map((n) => n.message).join('\n')).toMatch(/move account 222222222222's key family from us-west-2 to eu-west-1/);
    // Promoting the account's first region moves nothing.
    const ok = promoteText(THREE, parse(THREE) as TopologyInput, 'us-west-2');
    expect(ok.notes.filter((n) => n.severity === 'error')).toEqual([]);
  });
});

describe('a jurisdiction in an account of its own (partitioned)', () => {
  // The US group in 111111111111 (the home's), the EU group in 222222222222: each group's shared resources are its
  // account's, though the topology's home workspace or the global one makes them.
  const s = synthTopology(`version: 1
name: shop
pattern: partitioned
regions:
  - name: us-east-1
    jurisdiction: us
    roleArn: arn:aws:iam::111111111111:role/deploy
    endpoint: { dnsName: a.us-east-1.elb.amazonaws.com, zoneId: Z35SXDOTRQ7X7K }
  - name: us-east-2
    jurisdiction: us
    roleArn: arn:aws:iam::111111111111:role/deploy
    endpoint: { dnsName: b.us-east-2.elb.amazonaws.com, zoneId: Z3AADJGX6KTTL2 }
  - name: eu-west-1
    jurisdiction: eu
    roleArn: arn:aws:iam::222222222222:role/deploy
    endpoint: { dnsName: c.eu-west-1.elb.amazonaws.com, zoneId: Z32O12XQLNTSW2 }
  - name: eu-central-1
    jurisdiction: eu
    roleArn: arn:aws:iam::222222222222:role/deploy
    endpoint: { dnsName: d.eu-central-1.elb.amazonaws.com, zoneId: Z215JYRZR1TBD5 }
routing:
  domain: shop.example.com
  zone: example.com
  geolocation: { us-east-1: [NA, "*"], us-east-2: [SA], eu-west-1: [EU], eu-central-1: [AF] }
data:
  - { name: creds, type: secret, regulated: true }
  - { name: bus, type: events, delivery: global-endpoint, regulated: true }
`, 'multi-account-partitioned');
  const home = s.stack('us-east-1');
  const global = s.stack('global');

  it("encrypts the EU group's secret with its own account's key family, by alias in each region", () => {
    const eu = home['resource']['aws_secretsmanager_secret']['creds_eu-west-1'] as Json;
    expect(providerOf(home, eu)['allowed_account_ids']).toEqual(['222222222222']);
    expect(eu['kms_key_id']).toBe('${data.aws_kms_alias.eu-west-1.target_key_arn}');
    expect(eu['replica']).toEqual([{ region: 'eu-central-1', kms_key_id: '${data.aws_kms_alias.eu-central-1.target_key_arn}' }]);
    for (const r of ['eu-west-1', 'eu-central-1']) expect(providerOf(home, home['data']['aws_kms_alias'][r])['allowed_account_ids']).toEqual(['222222222222']);
  });

  it("makes the EU group's global endpoint, its role and its health check in the EU account, over the EU buses", () => {
    const role = global['resource']['aws_iam_role']['bus_eu-west-1_endpoint'] as Json;
    expect(providerOf(global, role)['allowed_account_ids']).toEqual(['222222222222']);
    expect(role['assume_role_policy']).toContain('"aws:SourceAccount" = "222222222222"');
    const endpoint = global['resource']['aws_cloudwatch_event_endpoint']['bus_eu-west-1_endpoint'] as Json;
    expect(endpoint['event_bus']).toEqual([
      { event_bus_arn: 'arn:aws:events:eu-west-1:222222222222:event-bus/shop-bus' },
      { event_bus_arn: 'arn:aws:events:eu-central-1:222222222222:event-bus/shop-bus' },
    ]);
    const check = global['resource']['aws_route53_health_check']['bus_eu-west-1_endpoint'] as Json;
    expect(providerOf(global, check)['allowed_account_ids']).toEqual(['222222222222']);
  });

  it("applies a region after its account's key home, which makes its key replica", () => {
    const manifest = JSON.parse(readFileSync(join(s.out, 'manifest.json'), 'utf8')) as Json;
    expect([...(manifest['stacks']['eu-central-1']['dependencies'] as string[])].sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(manifest['stacks']['eu-west-1']['dependencies']).toEqual(['us-east-1']);
    expect(s.stack('eu-west-1')['resource']['aws_kms_replica_key']['eu-central-1']).toBeDefined();
  });

  const setup = findTerraform();
  it.skipIf('missing' in setup)('validates and applies every workspace in dependency order with real Terraform', async () => {
    if ('missing' in setup) return;
    const applied = await applyOutput(setup, s.out);
    const order = [...applied.keys()];
    expect(order[0]).toBe('us-east-1');
    expect(order.indexOf('eu-central-1')).toBeGreaterThan(order.indexOf('eu-west-1'));
    expect(order[order.length - 1]).toBe('global');
    for (const a of applied.values()) expect(a.validate).toMatchObject({ valid: true });
  }, 300_000);
});
