// Facts from AWS's documentation that a mock apply cannot check, one row per resource type the output uses, each
// with its page, checked against every example's synthesized output: which service principals a key policy must admit
// (and with which scoping conditions), what reaches the key through the caller's own IAM identity instead, the size
// limit of each policy document, and the Aurora settings AWS applies out of band. A row that no longer holds fails
// here, where a mock apply (test/terraform.test.ts) would pass.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { estimatePolicyBytes, POLICY_LIMITS, REFERENCE_CHARS } from '../src/emit/policy-size';
import { EXAMPLES, synthExample } from './helpers/examples';
import { synthTopology, topologyDir, type Json } from './helpers/synth';
import { topoform } from './helpers/cli';

/** A `${jsonencode({...})}` expression as data: HCL's `=` as `:`, a bare reference as the string `${reference}`. */
function policyOf(expression: string): Json {
  const body = /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(expression)![1]!;
  let out = '';
  for (let i = 0; i < body.length; ) {
    const c = body[i]!;
    if (c === '"') {
      let j = i + 1;
      while (body[j] !== '"') j += body[j] === '\\' ? 2 : 1;
      out += body.slice(i, j + 1);
      i = j + 1;
    } else if (c === '=') {
      out += ':';
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < body.length && /[\w.\[\]-]/.test(body[j]!)) j++;
      const word = body.slice(i, j);
      out += ['true', 'false', 'null'].includes(word) ? word : JSON.stringify(`\${${word}}`);
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return JSON.parse(out) as Json;
}

interface Statement {
  Sid: string;
  Principal?: { Service?: string | string[]; AWS?: string | string[] };
  Action: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

const services = (s: Statement): string[] => [s.Principal?.Service ?? []].flat();

interface Output {
  example: string;
  /** Every workspace's resources by type. */
  resources: Map<string, Json>;
}

function all(o: Output, type: string): [string, Json][] {
  const out: [string, Json][] = [];
  for (const [ws, r] of o.resources) for (const [name, v] of Object.entries((r[type] ?? {}) as Json)) out.push([`${ws}:${name}`, v as Json]);
  return out;
}

/**
 * The statements of each topology key family's policy (primary and replicas: one document per family, checked equal).
 * One family per account: replicas of a multi-Region key stay in its account
 * (https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-overview.html).
 */
function families(o: Output): Statement[][] {
  const homes = all(o, 'aws_kms_key').filter(([n]) => n.endsWith(':topology'));
  expect(homes.length, `${o.example}: a key family`).toBeGreaterThan(0);
  return homes.map(([name, key]) => {
    const ws = name.split(':')[0]!;
    const docs = [key, ...all(o, 'aws_kms_replica_key').filter(([n]) => n.split(':')[0] === ws).map(([, v]) => v)].map((v) => v['policy'] as string);
    expect(new Set(docs).size, `${o.example} ${ws}: every key of the family carries the same policy`).toBe(1);
    return policyOf(docs[0]!)['Statement'] as Statement[];
  });
}

const uses = (o: Output, type: string): boolean => all(o, type).length > 0;

/**
 * One row per service principal that uses a topology key on its own behalf: the resource types that make it do so, and
 * the statement its page documents. `needed` says whether this output needs it; `check` the documented scoping.
 */
const PRINCIPALS: {
  service: string;
  page: string;
  needed: (o: Output) => boolean;
  /** How many statements admit it (one unless said). */
  statements?: (o: Output) => number;
  check: (s: Statement, o: Output) => void;
}[] = [
  {
    service: 'dsql.amazonaws.com',
    page: 'https://docs.aws.amazon.com/aurora-dsql/latest/userguide/data-encryption.html#authorizing-kms-key-use',
    needed: (o) => all(o, 'aws_dsql_cluster').some(([, v]) => typeof v['kms_encryption_key'] === 'string' && v['kms_encryption_key'] !== 'AWS_OWNED_KMS_KEY'),
    check: (s) => {
      expect(s.Action).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey', 'kms:Encrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:DescribeKey']));
      expect(s.Condition?.['StringEquals']?.['aws:SourceAccount']).toBeDefined();
      expect(s.Condition?.['ArnLike']?.['aws:SourceArn']).toMatch(/^arn:[a-z-]+:dsql:\*:.+:cluster\/\*$/);
    },
  },
  {
    service: 'logs.<region>.amazonaws.com',
    page: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html',
    needed: (o) => all(o, 'aws_cloudwatch_log_group').some(([, v]) => v['kms_key_id'] !== undefined),
    check: (s) => {
      expect(s.Condition?.['ArnLike']?.['kms:EncryptionContext:aws:logs:arn']).toMatch(/^arn:[a-z-]+:logs:\*:.+:log-group:/);
    },
  },
  {
    service: 'cloudwatch.amazonaws.com',
    page: 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services',
    needed: (o) => all(o, 'aws_cloudwatch_metric_alarm').some(([ws]) => all(o, 'aws_sns_topic').some(([t, v]) => t.split(':')[0] === ws.split(':')[0] && v['kms_master_key_id'] !== undefined)),
    check: (s) => {
      expect(s.Action).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey*']));
      expect(s.Condition?.['StringEquals']?.['aws:SourceAccount']).toBeDefined();
      // `<topology>.*`: topology names hold no `.`, so the prefix admits no other topology's alarms (src/model/naming.ts).
      expect(s.Condition?.['ArnLike']?.['aws:SourceArn']).toMatch(/:cloudwatch:\*:.+:alarm:[a-z0-9-]+\.\*$/);
      // The exact topic name (any region) too: only this topology's alarms publishing to this topology's topics.
      // https://docs.aws.amazon.com/gamelift/latest/flexmatchguide/queue-notification-sns-sse.html shows the condition.
      expect(s.Condition?.['StringLike']?.['kms:EncryptionContext:aws:sns:topicArn']).toMatch(/^arn:[a-z-]+:sns:\*:.+:[a-z0-9-]+-alarms$/);
    },
  },
  {
    // Three statements: DescribeKey unscoped (as the page's example), the buses' data keys by the bus ARN in the
    // encryption context, and EventBridge publishing to the topology's encrypted alarm topics (a backup store's
    // failed-job rules; https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
    service: 'events.amazonaws.com',
    page: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-encryption-event-bus-cmkey.html',
    needed: (o) =>
      all(o, 'aws_cloudwatch_event_bus').some(([, v]) => v['kms_key_identifier'] !== undefined) ||
      all(o, 'aws_cloudwatch_event_target').some(([, v]) => /:sns:/.test(String(v['arn']))),
    statements: (o) =>
      1 + (all(o, 'aws_cloudwatch_event_bus').some(([, v]) => v['kms_key_identifier'] !== undefined) ? 1 : 0) + (all(o, 'aws_cloudwatch_event_target').some(([, v]) => /:sns:/.test(String(v['arn']))) ? 1 : 0),
    check: (s) => {
      if (s.Action === 'kms:DescribeKey') return expect(s.Condition).toBeUndefined();
      const context = s.Condition?.['StringLike'] ?? {};
      if ('kms:EncryptionContext:aws:events:event-bus:arn' in context) {
        expect(s.Action).toEqual(['kms:GenerateDataKey', 'kms:Decrypt', 'kms:ReEncrypt*']);
        for (const bus of [context['kms:EncryptionContext:aws:events:event-bus:arn']].flat()) expect(bus).toMatch(/^arn:[a-z-]+:events:\*:.+:event-bus\/[a-z0-9-]+$/);
        return;
      }
      expect(s.Action).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
      expect(context['kms:EncryptionContext:aws:sns:topicArn']).toMatch(/^arn:[a-z-]+:sns:\*:.+:[a-z0-9-]+-alarms$/);
    },
  },
];

/**
 * Resource types that encrypt with the key through the calling identity (kms:ViaService), which the key policy's
 * account statement delegates to IAM: no service principal statement, and none may be added for them.
 */
const THROUGH_IAM: { type: string; page: string }[] = [
  { type: 'aws_dynamodb_table', page: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.usagenotes.html' },
  { type: 'aws_s3_bucket_server_side_encryption_configuration', page: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html' },
  { type: 'aws_secretsmanager_secret', page: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html' },
  { type: 'aws_ssm_parameter', page: 'https://docs.aws.amazon.com/systems-manager/latest/userguide/secure-string-parameter-kms-encryption.html' },
  { type: 'aws_rds_cluster', page: 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Overview.Encryption.Keys.html' },
  { type: 'aws_elasticache_replication_group', page: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html' },
  { type: 'aws_sqs_queue', page: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html' },
  // AWS Backup encrypts with the vault's key through grants its service role makes (the role's kms:CreateGrant).
  { type: 'aws_backup_vault', page: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html' },
];

const outputs: Output[] = [];

beforeAll(() => {
  for (const example of EXAMPLES) {
    const out = synthExample(example);
    const resources = new Map<string, Json>();
    for (const ws of readdirSync(join(out, 'stacks'))) {
      const json = JSON.parse(readFileSync(join(out, 'stacks', ws, 'cdk.tf.json'), 'utf8')) as Json;
      resources.set(ws, (json['resource'] ?? {}) as Json);
    }
    outputs.push({ example, resources });
  }
}, 300_000);

describe('key policies admit exactly the service principals the output needs, scoped as AWS documents', () => {
  it('every example: each needed principal has its documented statement, and no other principal is admitted', () => {
    for (const o of outputs) for (const statements of families(o)) {
      const admitted = new Set(statements.flatMap(services).map((s) => s.replace(/^logs\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/, 'logs.<region>.amazonaws.com')));
      const needed = new Set(PRINCIPALS.filter((p) => p.needed(o)).map((p) => p.service));
      expect([...admitted].sort(), `${o.example}: principals of the key family`).toEqual([...needed].sort());
      for (const p of PRINCIPALS.filter((x) => needed.has(x.service))) {
        const matching = statements.filter((s) => services(s).some((x) => (p.service.includes('<region>') ? /^logs\./.test(x) : x === p.service)));
        expect(matching, `${o.example}: ${p.service} (${p.page})`).toHaveLength(p.statements?.(o) ?? 1);
        for (const s of matching) p.check(s, o);
      }
      // The account statement delegates the through-IAM kinds to their callers' IAM policies.
      const admin = statements.find((s) => s.Sid === 'AccountAdministersTheKey')!;
      expect(admin.Principal?.AWS, o.example).toMatch(/^arn:aws:iam::(\$\{.+\}|[0-9]{12}):root$/);
      expect(admin.Action).toBe('kms:*');
      // Any other account is admitted only as the sending side of a replication into this account, by its role's ARN
      // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-walkthrough-2.html), or as a backup
      // copy account (https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html).
      for (const st of statements.filter((x) => x !== admin && x.Principal?.AWS !== undefined)) {
        if (st.Sid === 'ReplicationRolesOfOtherAccountsEncryptReplicas') {
          expect(st.Action, o.example).toEqual(['kms:Encrypt', 'kms:GenerateDataKey']);
          for (const role of [st.Condition!['ArnEquals']!['aws:PrincipalArn']!].flat()) expect(role).toMatch(/^arn:aws:iam::[0-9]{12}:role\/[a-z0-9-]+-s3repl-[a-z0-9-]+$/);
          expect(st.Condition!['StringLike']!['kms:EncryptionContext:aws:s3:arn']).toBeDefined();
        } else {
          expect(st.Sid, o.example).toMatch(/^BackupCopyAccounts/);
        }
      }
    }
  });

  it('the examples cover every row: DSQL, logs, CloudWatch and EventBridge principals, and every through-IAM kind', () => {
    for (const p of PRINCIPALS) expect(outputs.some((o) => p.needed(o)), p.service).toBe(true);
    for (const k of THROUGH_IAM) expect(outputs.some((o) => uses(o, k.type)), `${k.type} (${k.page})`).toBe(true);
  });

  it('the global workspace\'s own alarms key admits CloudWatch for its own topic only', () => {
    for (const o of outputs) {
      for (const [name, v] of all(o, 'aws_kms_key').filter(([n]) => n.endsWith(':alarms_key'))) {
        const s = (policyOf(v['policy'] as string)['Statement'] as Statement[]).find((x) => services(x).includes('cloudwatch.amazonaws.com'));
        expect(s, `${o.example} ${name}`).toBeDefined();
        PRINCIPALS[2]!.check(s!, o);
        expect(s!.Condition!['StringLike']!['kms:EncryptionContext:aws:sns:topicArn']).toMatch(/-alarms-global$/);
      }
    }
  });
});

describe('policy documents fit their service\'s size limit', () => {
  it('every policy of every example is under its limit, by an estimate that errs high', () => {
    let measured = 0;
    for (const o of outputs) {
      for (const [type, rule] of Object.entries(POLICY_LIMITS)) {
        for (const [name, v] of all(o, type)) {
          const policy = v[rule.attribute];
          if (typeof policy !== 'string') continue;
          measured++;
          const bytes = estimatePolicyBytes(policy);
          // The estimate is at least the minified JSON with every reference as a short placeholder.
          expect(bytes).toBeGreaterThanOrEqual(JSON.stringify(policyOf(policy)).replace(/\$\{[^}]*\}/g, '').length);
          expect(bytes, `${o.example} ${type} ${name} (${rule.page})`).toBeLessThanOrEqual(rule.limit);
        }
      }
    }
    expect(measured).toBeGreaterThan(100);
  });

  it('the key policy does not grow with regions or stores', () => {
    const base = (regions: number, stores: number): string => {
      const codes = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-west-2', 'eu-central-1', 'ap-south-1'].slice(0, regions);
      return [
        'version: 1',
        'name: grow',
        'pattern: active-active',
        'state: { backend: s3, bucket: "grow-{region}" }',
        'regions:',
        ...codes.map((r) => `  - { name: ${r}, endpoint: { dnsName: lb.${r}.elb.amazonaws.com, zoneId: Z35SXDOTRQ7X7K } }`),
        'routing: { domain: api.example.com, zone: example.com }',
        'alarms: { email: [ops@example.com] }',
        'data:',
        ...Array.from({ length: stores }, (_, i) => `  - { name: t${i}, type: dynamodb, hashKey: { name: pk, type: S } }`),
        '',
      ].join('\n');
    };
    const size = (text: string): number => {
      const s = synthTopology(text, 'key-growth');
      const home = s.stack('us-east-1')['resource']['aws_kms_key']['topology']['policy'] as string;
      return estimatePolicyBytes(home);
    };
    const small = size(base(2, 1));
    expect(size(base(8, 6)) - small).toBeLessThan(8 * 60); // the log principals grow by one short name per region
  }, 120_000);

  it('an oversized policy is an error at synth (TOPO5030) naming the resource and its size; nothing is written', () => {
    // An S3 store replicating both ways across 30 regions with the longest codes, under the longest topology name and
    // a store name that still fits a bucket name: each bucket's replication role names every destination bucket and
    // region (about 340 bytes each, in one statement per kind, src/stacks/stores/s3.ts), just past IAM's 10,240 for a
    // role's inline policies. A shorter name or fewer regions fit.
    const codes = [
      'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3',
      'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7', 'ca-central-1', 'eu-central-1',
      'eu-central-2', 'il-central-1', 'me-central-1', 'mx-central-1', 'af-south-1', 'ap-south-1', 'ap-south-2', 'eu-north-1',
      'eu-south-1', 'eu-south-2', 'me-south-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ap-east-1', 'ap-east-2', 'ca-west-1',
    ];
    const text = [
      'version: 1',
      'name: abcdefghijklmnopqrstuvwx',
      'pattern: active-active',
      'state: { backend: s3, bucket: "huge-{region}" }',
      'regions:',
      ...codes.map((r) => `  - { name: ${r}, endpoint: { dnsName: lb.${r}.elb.amazonaws.com, zoneId: Z35SXDOTRQ7X7K } }`),
      'routing: { domain: api.example.com, zone: example.com }',
      'data:',
      '  - { name: filesfilesfilesfilesfil, type: s3 }',
      '',
    ].join('\n');
    const dir = topologyDir(text, 'oversized');
    const r = topoform(['synth', 'topology.yaml'], { cwd: dir });
    expect(r.status).not.toBe(0);
    expect(r.stderr + r.stdout).toMatch(/TOPO5030/);
    expect(r.stderr + r.stdout).toMatch(/global: aws_iam_role_policy\.filesfilesfilesfilesfil_us-east-1 holds a IAM role inline policy of about \d+ bytes, over AWS's limit of 10240 \(https:\/\/docs\.aws\.amazon\.com\/IAM\//);
    expect(r.stderr + r.stdout).toMatch(/topology\.yaml:\d+:\d+/);
    expect(readdirSync(dir)).not.toContain('cdktf.out');
  }, 120_000);

  it(`references are counted at ${REFERENCE_CHARS} characters, an account ID at 12`, () => {
    expect(estimatePolicyBytes('${jsonencode({"A" = data.aws_caller_identity.current.account_id})}')).toBe('{"A":"123456789012"}'.length);
    expect(estimatePolicyBytes('${jsonencode({"A" = "x${aws_sns_topic.t.arn}"})}')).toBe('{"A":"x"}'.length + REFERENCE_CHARS);
  });
});

describe('Aurora facts AWS applies out of band', () => {
  it('write forwarding is on every member of a store that forwards, the writer too (API_CreateDBCluster: used once the primary is demoted)', () => {
    // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html (EnableGlobalWriteForwarding)
    let forwarding = 0;
    for (const o of outputs) {
      const members = all(o, 'aws_rds_cluster').filter(([, v]) => v['global_cluster_identifier'] !== undefined);
      const on = members.filter(([, v]) => v['enable_global_write_forwarding'] === true);
      if (on.length > 0) expect(on.length, `${o.example}: all members or none`).toBe(members.length);
      forwarding += on.length;
    }
    expect(forwarding).toBeGreaterThan(1);
  });

  it('the global cluster ignores engine_version as its members do, with the reason beside the code', () => {
    // https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-upgrade.html
    let globals = 0;
    for (const o of outputs) {
      for (const [name, v] of all(o, 'aws_rds_global_cluster')) {
        globals++;
        expect((v['lifecycle'] as Json | undefined)?.['ignore_changes'], `${o.example} ${name}`).toContain('engine_version');
      }
    }
    expect(globals).toBeGreaterThan(0);
    const source = readFileSync(join(__dirname, '../src/stacks/stores/aurora.ts'), 'utf8');
    expect(source).toMatch(/upgrades a global database's minor version out of band[\s\S]{0,300}global\.addOverride\('lifecycle\.ignore_changes', \['engine_version'\]\)/);
  });
});
