// Every AWS name the output creates is planned (src/model/aws-names.ts), so rule aws-names-distinct (TOPO3019) sees
// every name: each example is synthesized and every name-bearing attribute of every resource is looked up in the
// plan, in its kind, region and account; and everything planned is in the output. A resource type the output starts
// to use without a decision here fails the test, as does a builder that names something the plan does not know.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AWS_NAME_KINDS, nameKey, plannedAwsNames, type AwsNameKindId } from '../src/model/aws-names';
import type { TopologyInput } from '../src/model/input';
import { validateFile, validateText } from '../src/validate';
import { ROOT, topoformInProcess } from './helpers/cli';
import { EXAMPLES } from './helpers/examples';
import type { Json } from './helpers/synth';

/**
 * Per resource type, the attributes that carry an AWS name and its kind. An empty list: the type is named by nothing
 * AWS keeps unique (a generated id or ARN identifies it), with the reason.
 */
const NAME_ATTRIBUTES: Record<string, { attributes: [string, AwsNameKindId][]; because?: string }> = {
  aws_s3_bucket: { attributes: [['bucket', 'bucket']] },
  // The bucket's configuration resources name the bucket they configure (a reference, or the planned name).
  aws_s3_bucket_versioning: { attributes: [['bucket', 'bucket']] },
  aws_s3_bucket_server_side_encryption_configuration: { attributes: [['bucket', 'bucket']] },
  aws_s3_bucket_public_access_block: { attributes: [['bucket', 'bucket']] },
  aws_s3_bucket_ownership_controls: { attributes: [['bucket', 'bucket']] },
  aws_s3_bucket_policy: { attributes: [['bucket', 'bucket']] },
  aws_s3_bucket_lifecycle_configuration: { attributes: [['bucket', 'bucket']] },
  aws_s3_bucket_replication_configuration: { attributes: [['bucket', 'bucket']] },
  aws_iam_role: { attributes: [['name', 'iamRole']] },
  aws_iam_role_policy: { attributes: [], because: "an inline policy's name is unique only within its role" },
  aws_dynamodb_table: { attributes: [['name', 'dynamodbTable']] },
  aws_dynamodb_table_replica: { attributes: [], because: "a replica is a table of the global table's name (checked from global_table_arn below)" },
  aws_secretsmanager_secret: { attributes: [['name', 'secret']] },
  aws_secretsmanager_secret_version: { attributes: [], because: 'a version of a secret, by id' },
  aws_secretsmanager_secret_rotation: { attributes: [], because: 'the rotation of a secret, by id' },
  aws_ssm_parameter: { attributes: [['name', 'parameter']] },
  aws_ssm_document: { attributes: [['name', 'ssmDocument']] },
  aws_sns_topic: { attributes: [['name', 'snsTopic']] },
  aws_sns_topic_policy: { attributes: [], because: 'the policy of a topic, by ARN' },
  aws_sns_topic_subscription: { attributes: [], because: 'a subscription has a generated ARN' },
  aws_sqs_queue: { attributes: [['name', 'sqsQueue']] },
  aws_kms_key: { attributes: [], because: 'a key has a generated id' },
  aws_kms_replica_key: { attributes: [], because: 'a key has a generated id' },
  aws_kms_alias: { attributes: [['name', 'kmsAlias']] },
  aws_cloudwatch_metric_alarm: { attributes: [['alarm_name', 'alarm']] },
  aws_cloudwatch_composite_alarm: { attributes: [['alarm_name', 'alarm']] },
  aws_cloudwatch_log_group: { attributes: [['name', 'logGroup']] },
  aws_scheduler_schedule: { attributes: [['name', 'schedule']] },
  aws_rds_global_cluster: { attributes: [['global_cluster_identifier', 'auroraGlobalCluster']] },
  aws_rds_cluster: {
    attributes: [
      ['cluster_identifier', 'auroraCluster'],
      ['final_snapshot_identifier', 'dbClusterSnapshot'],
      ['global_cluster_identifier', 'auroraGlobalCluster'],
      ['db_subnet_group_name', 'dbSubnetGroup'],
    ],
  },
  aws_rds_cluster_instance: { attributes: [['identifier', 'auroraInstance'], ['cluster_identifier', 'auroraCluster']] },
  aws_db_subnet_group: { attributes: [['name', 'dbSubnetGroup']] },
  aws_elasticache_replication_group: {
    attributes: [
      ['replication_group_id', 'cacheReplicationGroup'],
      ['subnet_group_name', 'cacheSubnetGroup'],
      ['final_snapshot_identifier', 'cacheSnapshot'],
    ],
  },
  aws_elasticache_global_replication_group: { attributes: [['global_replication_group_id_suffix', 'cacheGlobalDatastore']] },
  aws_elasticache_subnet_group: { attributes: [['name', 'cacheSubnetGroup']] },
  // A user's name need not be unique; its id is (IAM authentication makes them equal for the application's user).
  aws_elasticache_user: { attributes: [['user_id', 'cacheUser']] },
  aws_elasticache_user_group: { attributes: [['user_group_id', 'cacheUserGroup']] },
  aws_cloudfront_response_headers_policy: { attributes: [['name', 'cdnHeadersPolicy']] },
  aws_cloudfront_distribution: { attributes: [], because: 'a distribution has a generated id; its alias is the routing domain the user owns' },
  aws_acm_certificate: { attributes: [], because: 'a certificate has a generated ARN; any number may cover one domain' },
  aws_acm_certificate_validation: { attributes: [], because: 'no AWS object of its own' },
  aws_globalaccelerator_accelerator: { attributes: [], because: "an accelerator's ARN holds a generated id; its name is a label" },
  aws_globalaccelerator_listener: { attributes: [], because: 'a generated ARN' },
  aws_globalaccelerator_endpoint_group: { attributes: [], because: 'a generated ARN' },
  aws_globalaccelerator_cross_account_attachment: { attributes: [], because: "an attachment's ARN holds a generated id; its name is a label" },
  aws_route53_health_check: { attributes: [], because: 'a health check has a generated id (its Name is a tag)' },
  aws_route53_record: { attributes: [], because: "records live in the user's hosted zone under the routing domain (rule routing-domain-in-zone)" },
  aws_route53recoverycontrolconfig_cluster: { attributes: [], because: "ARC resources' ARNs hold generated ids; their names are labels" },
  aws_route53recoverycontrolconfig_control_panel: { attributes: [], because: "ARC resources' ARNs hold generated ids" },
  aws_route53recoverycontrolconfig_routing_control: { attributes: [], because: "ARC resources' ARNs hold generated ids" },
  aws_route53recoverycontrolconfig_safety_rule: { attributes: [], because: "ARC resources' ARNs hold generated ids" },
  aws_fis_experiment_template: { attributes: [], because: 'a template has a generated id (its Name is a tag)' },
  aws_dsql_cluster: { attributes: [], because: 'a DSQL cluster has a generated identifier' },
  aws_dsql_cluster_peering: { attributes: [], because: 'peers clusters by their generated identifiers' },
  aws_sqs_queue_policy: { attributes: [], because: 'the policy of a queue, by URL' },
  aws_cloudwatch_event_bus: { attributes: [['name', 'eventBus']] },
  aws_cloudwatch_event_rule: { attributes: [['name', 'eventRule']] },
  aws_cloudwatch_event_target: { attributes: [], because: "a target's id is unique only within its rule" },
  aws_cloudwatch_event_archive: { attributes: [['name', 'eventArchive']] },
  aws_cloudwatch_event_endpoint: { attributes: [['name', 'eventEndpoint']] },
  aws_backup_vault: { attributes: [['name', 'backupVault']] },
  aws_backup_vault_lock_configuration: { attributes: [['backup_vault_name', 'backupVault']] },
  aws_backup_plan: { attributes: [['name', 'backupPlan']] },
  aws_backup_selection: { attributes: [], because: "a selection's name is unique only within its plan" },
  aws_backup_restore_testing_plan: { attributes: [['name', 'restoreTestingPlan']] },
  aws_backup_restore_testing_selection: { attributes: [], because: "a selection's name is unique only within its restore testing plan" },
  aws_iam_role_policy_attachment: { attributes: [], because: 'attaches an AWS managed policy to a role, by name' },
};

interface Emitted {
  kind: AwsNameKindId;
  name: string;
  region: string;
  account: string;
  where: string;
}

/** The region and account of each provider configuration of a workspace, by its reference (`aws` or `aws.<alias>`). */
function providers(stack: Json): Map<string, { region: string; account: string }> {
  return new Map(
    (stack['provider']['aws'] as Json[]).map((p) => [p['alias'] ? `aws.${p['alias']}` : 'aws', { region: p['region'] as string, account: (p['allowed_account_ids']?.[0] as string) ?? '' }]),
  );
}

/** Every name the workspace's resources carry, with where AWS makes it. */
function emittedNames(example: string, workspace: string, stack: Json): Emitted[] {
  const out: Emitted[] = [];
  const on = providers(stack);
  for (const [type, resources] of Object.entries((stack['resource'] ?? {}) as Record<string, Record<string, Json>>)) {
    const decision = NAME_ATTRIBUTES[type];
    expect(decision, `${example}/${workspace}: resource type ${type} has no entry in NAME_ATTRIBUTES: plan its names in src/model/aws-names.ts`).toBeDefined();
    for (const [id, resource] of Object.entries(resources)) {
      const provider = on.get(String(resource['provider'] ?? 'aws').replace(/^\$\{(.*)\}$/, '$1'))!;
      const where = `${example}/${workspace} ${type}.${id}`;
      const at = (kind: AwsNameKindId, name: string, region = provider.region) => out.push({ kind, name, region, account: provider.account, where });
      for (const [attribute, kind] of decision!.attributes) {
        const value = resource[attribute];
        if (typeof value !== 'string' || value.includes('${')) continue; // absent, or a reference to a named resource
        at(kind, value);
      }
      // Replicas are objects of the same name in other regions.
      if (type === 'aws_dynamodb_table') for (const r of (resource['replica'] ?? []) as Json[]) at('dynamodbTable', resource['name'], r['region_name']);
      if (type === 'aws_dynamodb_table_replica') at('dynamodbTable', String(resource['global_table_arn']).replace(/^.*:table\//, ''));
      if (type === 'aws_secretsmanager_secret') for (const r of (resource['replica'] ?? []) as Json[]) at('secret', resource['name'], r['region']);
    }
  }
  return out;
}

function synthesized(example: string, file = join(ROOT, 'examples', example, 'topology.yaml')): [string, Json][] {
  const out = join(mkdtempSync(join(tmpdir(), `topoform-names-${example}-`)), 'cdktf.out');
  const r = topoformInProcess(['synth', file, '--out', out]);
  if (r.status !== 0) throw new Error(`synth of ${example} failed (${r.status}):\n${r.stderr}`);
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { stacks: Record<string, { workingDirectory: string }> };
  return Object.entries(manifest.stacks).map(([name, s]) => [name, JSON.parse(readFileSync(join(out, s.workingDirectory, 'cdk.tf.json'), 'utf8')) as Json]);
}

/** The key of a name as the plan and the output both give it: kind, name, and the region where it is regional. */
const placed = (n: { kind: AwsNameKindId; name: string; region: string; account: string }) => `${nameKey(n)}@${AWS_NAME_KINDS[n.kind].scope === 'region' ? n.region : '*'}`;

describe('every AWS name the output creates is planned (src/model/aws-names.ts)', () => {
  const plannedAndEmitted = (example: string, file = join(ROOT, 'examples', example, 'topology.yaml')) => {
    const validated = validateFile(file).value!;
    const planned = plannedAwsNames(validated.topology, validated.source.data as TopologyInput);
    const plannedKeys = new Set(planned.map(placed));
    const emitted = synthesized(example, file).flatMap(([name, stack]) => emittedNames(example, name, stack));
    expect(emitted.length).toBeGreaterThan(0);
    for (const e of emitted) expect(plannedKeys.has(placed(e)), `${e.where}: ${AWS_NAME_KINDS[e.kind].what} ${e.name} in ${e.region} is not in plannedAwsNames`).toBe(true);
    // And the plan holds nothing the output does not make (but what it relies on: the state bucket and lock table).
    const emittedKeys = new Set(emitted.map(placed));
    for (const p of planned.filter((x) => !x.external)) expect(emittedKeys.has(placed(p)), `${example}: planned ${AWS_NAME_KINDS[p.kind].what} ${p.name} (${p.owner}) in ${p.region} is not in the output`).toBe(true);
    return emitted;
  };

  it.each(EXAMPLES)('%s', (example) => {
    plannedAndEmitted(example);
  });

  it('a global redis cache (a Global Datastore, the disabled default user) and a drill with more stop alarms than FIS takes', () => {
    const regions = ['us-east-1', 'us-west-2'];
    const text = [
      'version: 1', 'name: shop', 'pattern: active-passive', 'regions:',
      ...regions.flatMap((r, i) => [
        `  - name: ${r}`,
        `    network: { subnetIds: [subnet-${i}a, subnet-${i}b] }`,
        `    endpoint: { dnsName: lb.${r}.elb.amazonaws.com, zoneId: Z1, arn: "arn:aws:elasticloadbalancing:${r}:111111111111:loadbalancer/app/lb/0123" }`,
      ]),
      'routing: { domain: shop.example.com, zone: example.com }',
      'alarms: { email: [ops@example.com] }',
      'data:',
      '  - { name: sessions, type: cache, engine: redis, mode: global }',
      '  - { name: orders, type: dynamodb, hashKey: { name: id, type: S } }',
      // Three Aurora stores the drill leaves alone: their lag alarms in us-west-2 and the load balancer's stop it.
      ...['db-a', 'db-b', 'db-c'].map((n) => `  - { name: ${n}, type: aurora, engine: aurora-postgresql, engineVersion: "16.4" }`),
      'drills:',
      '  - { name: pause, scenario: pause-replication, target: us-west-2, duration: 10m }',
      '',
    ].join('\n');
    const dir = mkdtempSync(join(tmpdir(), 'topoform-names-'));
    writeFileSync(join(dir, 'topology.yaml'), text);
    const kinds = new Set(plannedAndEmitted('cache-global', join(dir, 'topology.yaml')).map((e) => `${e.kind} ${e.name}`));
    expect(kinds).toContain('cacheGlobalDatastore shop-sessions-us-east-1');
    expect(kinds).toContain('cacheUser shop-sessions-default');
    expect([...kinds].filter((k) => k.startsWith('alarm ') && k.endsWith('-drill-stop'))).toHaveLength(1);
  });

  it('every kind of name cites the AWS page of its scope', () => {
    for (const kind of Object.values(AWS_NAME_KINDS)) expect(kind.page).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });
});

describe('collisions of AWS names in their scopes (TOPO3019)', () => {
  const topology = (lines: string[]) => ['version: 1', 'name: shop', 'pattern: active-passive', 'regions:', '  - name: us-east-1', '  - name: us-west-2', ...lines, ''].join('\n');
  const found = (text: string) =>
    validateText('topology.yaml', text)
      .diagnostics.filter((d) => d.code === 'TOPO3019')
      .map((d) => ({ message: d.message, hint: d.hint, line: d.range?.line }));

  it("an s3 store named ga-flow-logs, with an accelerator and us-west-2, is the accelerator's flow-log bucket (issue 15)", () => {
    const withAccelerator = (store: string) =>
      topology([
        'routing:',
        '  domain: shop.example.com',
        '  zone: example.com',
        '  accelerator: { ports: [443] }',
        'data:',
        `  - name: ${store}`,
        '    type: s3',
      ]).replace(/  - name: (us-[a-z]+-\d)\n/g, (_, r: string) => `  - name: ${r}\n    endpoint: { dnsName: lb.${r}.elb.amazonaws.com, zoneId: Z1, arn: "arn:aws:elasticloadbalancing:${r}:111111111111:loadbalancer/app/lb/0123" }\n`);
    expect(found(withAccelerator('ga-flow-logs'))).toEqual([
      {
        message: "the S3 bucket name shop-ga-flow-logs-us-west-2 of s3 store ga-flow-logs is also that of the Global Accelerator's flow-log bucket",
        hint: 'S3 bucket names are unique in the whole partition (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html): rename s3 store ga-flow-logs',
        line: 14,
      },
    ]);
    expect(found(withAccelerator('flow-logs'))).toEqual([]);
  });

  it("two aurora stores' global clusters under partitioned: a regulated store's per jurisdiction, an account-wide name", () => {
    const net = (i: number) => `    network: { subnetIds: [subnet-${i}a, subnet-${i}b] }`;
    const text = [
      'version: 1', 'name: shop', 'pattern: partitioned', 'regions:',
      '  - name: eu-west-1', '    jurisdiction: eu', net(0), '  - name: us-east-1', '    jurisdiction: us', net(1),
      'data:',
      '  - name: db', '    type: aurora', '    engine: aurora-postgresql', '    engineVersion: "16.4"', '    regulated: true',
      '  - name: db-eu-west-1', '    type: aurora', '    engine: aurora-postgresql', '    engineVersion: "16.4"', '',
    ].join('\n');
    expect(found(text)).toEqual([
      {
        message: "the Aurora global cluster identifier name shop-db-eu-west-1 of aurora store db's global cluster is also that of aurora store db-eu-west-1's global cluster",
        hint: 'Aurora global cluster identifier names are unique per account whatever their case (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateGlobalCluster.html): rename aurora store db',
        line: 12,
      },
    ]);
    expect(found(text.replace('db-eu-west-1', 'ledger'))).toEqual([]);
  });

  it("a state bucket that is the accelerator's flow-log bucket, at state.bucket", () => {
    const text = topology(['state: { backend: s3, bucket: "shop-ga-flow-logs-{region}" }', 'routing:', '  domain: shop.example.com', '  zone: example.com', '  accelerator: { ports: [443] }'])
      .replace(/  - name: (us-[a-z]+-\d)\n/g, (_, r: string) => `  - name: ${r}\n    endpoint: { dnsName: lb.${r}.elb.amazonaws.com, zoneId: Z1, arn: "arn:aws:elasticloadbalancing:${r}:111111111111:loadbalancer/app/lb/0123" }\n`);
    expect(found(text)).toEqual([
      {
        message: "the S3 bucket name shop-ga-flow-logs-us-west-2 of the state bucket is also that of the Global Accelerator's flow-log bucket",
        hint: 'S3 bucket names are unique in the whole partition (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html): rename state.bucket',
        line: 9,
      },
    ]);
  });

  it('compares IAM role and RDS names whatever their case, DynamoDB tables and secrets as written, each in its scope', () => {
    const at = (kind: AwsNameKindId, name: string, region = 'us-east-1', account = '') => nameKey({ kind, name, region, account });
    expect(at('iamRole', 'Shop-Role')).toBe(at('iamRole', 'shop-role', 'eu-west-1')); // per account, not per region
    expect(at('auroraCluster', 'Shop-DB')).toBe(at('auroraCluster', 'shop-db'));
    expect(at('dynamodbTable', 'Shop-orders')).not.toBe(at('dynamodbTable', 'shop-orders'));
    expect(at('dynamodbTable', 'shop-orders')).not.toBe(at('dynamodbTable', 'shop-orders', 'us-west-2'));
    expect(at('secret', 'shop/db', 'us-east-1', '111111111111')).not.toBe(at('secret', 'shop/db', 'us-east-1', '222222222222'));
    expect(at('bucket', 'shop-logs', 'us-east-1', '111111111111')).toBe(at('bucket', 'shop-logs', 'us-west-2', '222222222222'));
    // The state lock table of another case is another table.
    const text = topology(['state: { backend: s3, bucket: "shop-tfstate-{region}", lock: { dynamodb: Shop-orders } }', 'data:', '  - name: orders', '    type: dynamodb', '    hashKey: { name: id, type: S }']);
    expect(found(text)).toEqual([]);
  });

  it('the state lock table that is a dynamodb store\'s table, in every region of both, at the store', () => {
    const text = topology(['state: { backend: s3, bucket: "shop-tfstate-{region}", lock: { dynamodb: shop-orders } }', 'data:', '  - name: orders', '    type: dynamodb', '    hashKey: { name: id, type: S }']);
    expect(found(text)).toEqual(
      ['us-east-1', 'us-west-2'].map(() => ({
        message: 'the DynamoDB table name shop-orders of dynamodb store orders is also that of the state lock table',
        hint: 'DynamoDB table names are unique per account and region (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html): rename dynamodb store orders',
        line: 9,
      })),
    );
  });
});
