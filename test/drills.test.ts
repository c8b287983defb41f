// Drills: one AWS FIS experiment template per drill in its target region's workspace, with the actions and targets of
// its scenario, a role trusted only by FIS for this account's experiments there and allowed exactly those actions on
// exactly those targets, a KMS-encrypted log group, and the region's alarms as stop conditions. Checked on the
// synthesized JSON; test/terraform.test.ts validates and applies the examples' drills with real Terraform.
import { describe, expect, it } from 'vitest';
import { drillTargets, isoDuration } from '../src/model/drills';
import { normalize } from '../src/model/normalize';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, topoform } from './helpers/cli';
import { EXAMPLES, synthExample } from './helpers/examples';
import { synthTopology, topologyDir, type Json } from './helpers/synth';

const net = (n: string) => `network: { subnetIds: [subnet-${n}1, subnet-${n}2], securityGroupIds: [sg-${n}3] }`;

const topology = `version: 1
name: bank
pattern: warm-standby
regions:
  - name: us-east-1
    ${net('a')}
  - name: us-west-2
    ${net('b')}
  - name: us-east-2
    ${net('c')}
data:
  - name: ledger
    type: aurora
    engine: aurora-postgresql
    engineVersion: "16.4"
  - name: sessions
    type: dynamodb
    hashKey: { name: id, type: S }
  - name: files
    type: s3
drills:
  - name: outage
    scenario: region-isolation
    target: us-east-1
    duration: 45m
  - name: lag
    scenario: pause-replication
    target: us-east-1
    duration: 90m
  - name: db
    scenario: database-failover
    target: us-east-1
`;

/** jsonencode(...) of a policy as JSON: references become strings. */
function policy(text: string): Json {
  const inner = text.replace(/^\$\{jsonencode\(/, '').replace(/\)\}$/, '');
  const json = inner.replace(/ = /g, ': ').replace(/(?<=[:[,]\s?)((?:data\.)?aws_[a-z_]+\.[A-Za-z0-9_-]+\.[a-z_]+)/g, '"$1"');
  return JSON.parse(json) as Json;
}

const ACCOUNT = '${data.aws_caller_identity.current.account_id}';
const param = (action: Json, key: string) => (action.parameter as { key: string; value: string }[]).find((p) => p.key === key)?.value;

describe('drills of a warm standby with Aurora, DynamoDB and S3, all targeting the primary', () => {
  const { stack } = synthTopology(topology, 'drills');
  const primary = stack('us-east-1');
  const templates = primary['resource']['aws_fis_experiment_template'] as Json;
  const roles = primary['resource']['aws_iam_role'] as Json;
  const policies = primary['resource']['aws_iam_role_policy'] as Json;

  it('puts every template in the target region\'s workspace, and none elsewhere', () => {
    expect(Object.keys(templates).sort()).toEqual(['drill_db', 'drill_lag', 'drill_outage']);
    for (const other of ['us-west-2', 'us-east-2', 'global']) expect(stack(other)['resource']['aws_fis_experiment_template'], other).toBeUndefined();
  });

  it('region-isolation: cuts the subnets off from every other region and pauses the replication the region sends', () => {
    const t = templates['drill_outage'];
    expect(t.description).toBe('topoform bank: drill outage, region-isolation of us-east-1 for 45m: cut 2 subnet(s) off from us-west-2, us-east-2; pause DynamoDB replication of sessions; pause S3 replication of files');
    const actions: Json = Object.fromEntries((t.action as Json[]).map((a) => [a.name, a]));
    expect(Object.keys(actions).sort()).toEqual([
      'isolate-from-us-east-2',
      'isolate-from-us-west-2',
      'pause-dynamodb-replication',
      'pause-s3-replication-to-us-east-2',
      'pause-s3-replication-to-us-west-2',
    ]);
    expect(actions['isolate-from-us-west-2'].action_id).toBe('aws:network:route-table-disrupt-cross-region-connectivity');
    expect(param(actions['isolate-from-us-west-2'], 'region')).toBe('us-west-2');
    expect(actions['isolate-from-us-west-2'].target).toEqual({ key: 'Subnets', value: 'subnets' });
    expect(actions['pause-dynamodb-replication'].action_id).toBe('aws:dynamodb:global-table-pause-replication');
    expect(actions['pause-dynamodb-replication'].target).toEqual({ key: 'Tables', value: 'tables' });
    expect(actions['pause-s3-replication-to-us-east-2'].action_id).toBe('aws:s3:bucket-pause-replication');
    expect(param(actions['pause-s3-replication-to-us-east-2'], 'region')).toBe('us-east-2');
    expect(param(actions['pause-s3-replication-to-us-east-2'], 'destinationBuckets')).toBe('bank-files-us-east-2');
    for (const a of Object.values(actions) as Json[]) expect(param(a, 'duration'), a.name).toBe('PT45M');
    const targets = Object.fromEntries((t.target as Json[]).map((x) => [x.name, x]));
    expect(targets['subnets']).toEqual({
      name: 'subnets',
      resource_type: 'aws:ec2:subnet',
      selection_mode: 'ALL',
      resource_arns: [`arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-a1`, `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-a2`],
    });
    expect(targets['tables']!.resource_type).toBe('aws:dynamodb:global-table');
    expect(targets['tables']!.resource_arns).toEqual([`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/bank-sessions`]);
    expect(targets['buckets']!.resource_type).toBe('aws:s3:bucket');
    // By tag, the only way aws:s3:bucket-pause-replication selects (test/aws-facts.test.ts): the source bucket has it.
    expect(targets['buckets']!.resource_arns).toBeUndefined();
    expect(targets['buckets']!.resource_tag).toEqual([{ key: 'topoform:s3-replication-source', value: 'bank' }]);
    expect(primary['resource']['aws_s3_bucket']['files']['tags']).toEqual({ 'topoform:s3-replication-source': 'bank', 'topoform:store': 'files' });
  });

  it('pause-replication: only the DynamoDB and S3 pauses, for the drill\'s duration in ISO 8601', () => {
    const t = templates['drill_lag'];
    const ids = (t.action as Json[]).map((a) => a.action_id).sort();
    expect(ids).toEqual(['aws:dynamodb:global-table-pause-replication', 'aws:s3:bucket-pause-replication', 'aws:s3:bucket-pause-replication']);
    for (const a of t.action as Json[]) expect(param(a, 'duration')).toBe('PT1H30M');
    expect((t.target as Json[]).map((x) => x.name).sort()).toEqual(['buckets', 'tables']);
  });

  it('database-failover: an SSM Automation switchover of the global cluster to the next region, under a role that may do only that', () => {
    const t = templates['drill_db'];
    expect(t.action).toHaveLength(1);
    const action = (t.action as Json[])[0]!;
    expect(action.action_id).toBe('aws:ssm:start-automation-execution');
    expect(param(action, 'documentArn')).toBe('${aws_ssm_document.drill_db_ledger_switchover.arn}');
    expect(param(action, 'maxDuration')).toBe('PT30M'); // the default duration
    expect(param(action, 'documentParameters')).toContain('aws_iam_role.drill_db_ledger_automation.arn');
    expect(t.target).toBeUndefined();
    const doc = primary['resource']['aws_ssm_document']['drill_db_ledger_switchover'];
    expect(doc.document_type).toBe('Automation');
    const content = JSON.parse(doc.content) as Json;
    expect(content.mainSteps).toEqual([
      {
        name: 'SwitchoverGlobalCluster',
        action: 'aws:executeAwsApi',
        inputs: { Service: 'rds', Api: 'SwitchoverGlobalCluster', GlobalClusterIdentifier: '{{ GlobalClusterIdentifier }}', TargetDbClusterIdentifier: '{{ TargetDbClusterIdentifier }}' },
      },
    ]);
    expect(content.parameters.GlobalClusterIdentifier.default).toBe('bank-ledger');
    expect(content.parameters.TargetDbClusterIdentifier.default).toBe(`arn:aws:rds:us-west-2:${ACCOUNT}:cluster:bank-ledger-us-west-2`);
    const automation = policy(policies['drill_db_ledger_automation'].policy);
    expect(automation.Statement).toEqual([
      {
        Sid: 'SwitchoverThisGlobalCluster',
        Effect: 'Allow',
        Action: ['rds:SwitchoverGlobalCluster', 'rds:DescribeGlobalClusters'],
        Resource: [
          `arn:aws:rds::${ACCOUNT}:global-cluster:bank-ledger`,
          `arn:aws:rds:us-east-1:${ACCOUNT}:cluster:bank-ledger-us-east-1`,
          `arn:aws:rds:us-west-2:${ACCOUNT}:cluster:bank-ledger-us-west-2`,
          `arn:aws:rds:us-east-2:${ACCOUNT}:cluster:bank-ledger-us-east-2`,
        ],
      },
    ]);
    const trust = policy(roles['drill_db_ledger_automation'].assume_role_policy);
    expect(trust.Statement[0].Principal).toEqual({ Service: 'ssm.amazonaws.com' });
    expect(trust.Statement[0].Condition.ArnLike['aws:SourceArn']).toBe(`arn:aws:ssm:us-east-1:${ACCOUNT}:automation-execution/*`);
    const fis = policy(policies['drill_db_fis'].policy).Statement as Json[];
    expect(fis.find((s) => s.Action === 'ssm:StartAutomationExecution')!.Resource).toBe(`arn:aws:ssm:us-east-1:${ACCOUNT}:automation-definition/bank-db-ledger-switchover:*`);
    expect(fis.find((s) => s.Action === 'iam:PassRole')).toMatchObject({ Resource: 'aws_iam_role.drill_db_ledger_automation.arn', Condition: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } } });
  });

  it('trusts fis.amazonaws.com only, for this account\'s experiments in the region', () => {
    for (const name of ['outage', 'lag', 'db']) {
      const trust = policy(roles[`drill_${name}_fis`].assume_role_policy);
      expect(trust.Statement).toEqual([
        {
          Sid: 'FisAssumesForThisAccountsExperiments',
          Effect: 'Allow',
          Principal: { Service: 'fis.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': 'data.aws_caller_identity.current.account_id' }, ArnLike: { 'aws:SourceArn': `arn:aws:fis:us-east-1:${ACCOUNT}:experiment/*` } },
        },
      ]);
      expect(templates[`drill_${name}`].role_arn).toBe(`\${aws_iam_role.drill_${name}_fis.arn}`);
    }
  });

  it('allows the FIS role its actions on exactly its targets (only calls that take no resource on *)', () => {
    const statements = policy(policies['drill_outage_fis'].policy).Statement as Json[];
    const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
    expect(bySid['PauseTableReplication'].Resource).toEqual([`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/bank-sessions`]);
    expect(bySid['PauseBucketReplication'].Resource).toEqual(['arn:aws:s3:::bank-files-us-east-1']);
    expect(bySid['SwapSubnetRouteTables'].Resource).toEqual([
      `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-a1`,
      `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-a2`,
      `arn:aws:ec2:us-east-1:${ACCOUNT}:route-table/*`,
    ]);
    expect(bySid['ChangeFisRouteTables'].Condition).toEqual({ StringEquals: { 'aws:ResourceTag/managedByFIS': 'true' } });
    const wildcard = statements.filter((s) => s.Resource === '*').map((s) => s.Sid).sort();
    expect(wildcard).toEqual(['ExperimentLogDelivery', 'NetworkRead', 'ResolveBuckets', 'ResolveTargets']);
    for (const s of statements.filter((x) => x.Resource === '*')) {
      for (const action of [s.Action].flat() as string[]) expect(action, s.Sid).toMatch(/^(ec2:(Describe|Get)|logs:|s3:ListAllMyBuckets$|tag:GetResources$)/);
    }
    // pause-replication has no network statements; database-failover no DynamoDB or S3 ones.
    expect((policy(policies['drill_lag_fis'].policy).Statement as Json[]).map((s) => s.Sid).sort()).toEqual(['ExperimentLogDelivery', 'PauseBucketReplication', 'PauseTableReplication', 'ResolveBuckets', 'ResolveTargets']);
    expect((policy(policies['drill_db_fis'].policy).Statement as Json[]).map((s) => s.Sid).sort()).toEqual(['ExperimentLogDelivery', 'FollowLedgerSwitchover', 'PassLedgerAutomationRole', 'StartLedgerSwitchover']);
  });

  it('logs to a KMS-encrypted log group of its own, schema version 2', () => {
    const t = templates['drill_outage'];
    expect(t.log_configuration).toEqual({ log_schema_version: 2, cloudwatch_logs_configuration: { log_group_arn: '${aws_cloudwatch_log_group.drill_outage_logs.arn}:*' } });
    const group = primary['resource']['aws_cloudwatch_log_group']['drill_outage_logs'];
    expect(group.name).toBe('/topoform/bank/fis/outage');
    expect(group.kms_key_id).toBe('${aws_kms_key.topology.arn}');
    expect(t.experiment_options).toEqual({ account_targeting: 'single-account', empty_target_resolution_mode: 'fail' });
  });

  it('without alarms: stop condition none, and validate says so', () => {
    for (const t of Object.values(templates)) expect(t.stop_condition).toEqual([{ source: 'none' }]);
    const r = topoform(['validate', 'topology.yaml'], { cwd: topologyDir(topology, 'drills') });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('warning TOPO3112 drill outage has no stop condition (FIS source none)');
    expect(r.stderr).not.toContain('TOPO4001');
  });
});

describe('stop conditions: alarms of the target region that the drill\'s own fault does not set off', () => {
  // us-east-1 has an Application Load Balancer (its 5xx alarm) and sends five tables (one latency alarm each there);
  // us-west-2 receives three one-way buckets (two alarms each there: S3 publishes replication metrics in the
  // destination's region) and sends the tables back.
  const topology = `version: 1
name: bank
pattern: active-passive
regions:
  - name: us-east-1
    endpoint: { dnsName: a.us-east-1.elb.amazonaws.com, zoneId: Z35SXDOTRQ7X7K, arn: "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/bank/0123456789abcdef" }
    network: { subnetIds: [subnet-0a1, subnet-0a2] }
  - name: us-west-2
    endpoint: { dnsName: b.us-west-2.elb.amazonaws.com, zoneId: Z1H1FL5HABSF5 }
    network: { subnetIds: [subnet-0b1, subnet-0b2] }
alarms: { email: [oncall@example.com] }
data:
  - { name: ledger, type: aurora, engine: aurora-postgresql, engineVersion: "16.4" }
  - { name: files, type: s3 }
  - { name: scans, type: s3 }
  - { name: mails, type: s3 }
  - { name: t1, type: dynamodb, hashKey: { name: pk, type: S } }
  - { name: t2, type: dynamodb, hashKey: { name: pk, type: S } }
  - { name: t3, type: dynamodb, hashKey: { name: pk, type: S } }
  - { name: t4, type: dynamodb, hashKey: { name: pk, type: S } }
  - { name: t5, type: dynamodb, hashKey: { name: pk, type: S } }
drills:
  - { name: pause, scenario: pause-replication, target: us-east-1 }
  - { name: switch, scenario: database-failover, target: us-east-1 }
  - { name: cut, scenario: region-isolation, target: us-east-1 }
  - { name: far, scenario: region-isolation, target: us-west-2 }
`;
  const east = synthTopology(topology, 'stops').stack('us-east-1');
  const west = synthTopology(topology, 'stops').stack('us-west-2');
  const stops = (json: Json, drill: string) => json['resource']['aws_fis_experiment_template'][`drill_${drill}`].stop_condition as { source: string; value?: string }[];
  const lb = '${aws_cloudwatch_metric_alarm.us-east-1-load-balancer-5xx.arn}';

  it('pausing replication never stops on that replication\'s own alarms: the untouched database\'s and the load balancer\'s are left', () => {
    // us-east-1 writes the Aurora store: its lag alarms exist there too (the writer role moves) and the pause spares them.
    expect(stops(east, 'pause')).toEqual([
      { source: 'aws:cloudwatch:alarm', value: '${aws_cloudwatch_metric_alarm.ledger-us-east-1-replication-lag.arn}' },
      { source: 'aws:cloudwatch:alarm', value: '${aws_cloudwatch_metric_alarm.ledger-us-east-1-replication-lag-growing.arn}' },
      { source: 'aws:cloudwatch:alarm', value: lb },
    ]);
    expect(stops(east, 'cut')).toEqual([{ source: 'aws:cloudwatch:alarm', value: lb }]);
  });

  it('a database switchover stops on the untouched stores\' alarms and the load balancer: above five, through one composite alarm', () => {
    expect(stops(east, 'switch')).toEqual([{ source: 'aws:cloudwatch:alarm', value: '${aws_cloudwatch_composite_alarm.drill_switch_stop.arn}' }]);
    const composite = east['resource']['aws_cloudwatch_composite_alarm']['drill_switch_stop'];
    expect(composite.alarm_name).toBe('bank.switch-drill-stop');
    const rule = String(composite.alarm_rule);
    // The five tables' latency alarms and the load balancer's; not the database it switches over.
    expect(rule.split(' OR ')).toHaveLength(6);
    expect(rule).toContain(`ALARM("${lb}")`);
    expect(rule).toContain('t5-us-east-1-replication-latency');
    expect(rule).not.toContain('ledger');
  });

  it('a region with no alarm of its own that the fault spares has none, and check says so (TOPO3112)', () => {
    expect(stops(west, 'far')).toEqual([{ source: 'none' }]);
    const r = topoform(['validate', 'topology.yaml'], { cwd: topologyDir(topology, 'stops') });
    expect(r.stderr).toMatch(/warning TOPO3112 drill far has no stop condition \(FIS source none\): us-west-2 has no alarm that the drill's own fault does not set off/);
    expect(r.stderr).not.toMatch(/TOPO3112 drill (pause|switch|cut) /);
  });

  it('the load balancer alarm watches the ALB of the endpoint ARN, in the region\'s own CloudWatch', () => {
    const alarm = east['resource']['aws_cloudwatch_metric_alarm']['us-east-1-load-balancer-5xx'];
    expect(alarm).toMatchObject({ namespace: 'AWS/ApplicationELB', metric_name: 'HTTPCode_ELB_5XX_Count', statistic: 'Sum', dimensions: { LoadBalancer: 'app/bank/0123456789abcdef' } });
    expect(west['resource']['aws_cloudwatch_metric_alarm']?.['us-west-2-load-balancer-5xx']).toBeUndefined();
  });
});

describe('what each scenario acts on', () => {
  const model = normalize({
    version: 1,
    name: 'shop',
    pattern: 'active-passive',
    regions: [{ name: 'us-east-1' }, { name: 'us-west-2' }],
    data: [
      { name: 'media', type: 's3' },
      { name: 'carts', type: 'dynamodb', hashKey: { name: 'id', type: 'S' } },
    ],
  });
  it('one-way S3 replicates out of the primary only; a DynamoDB replica is in every region; no network, no subnets', () => {
    expect(drillTargets(model, { scenario: 'region-isolation', target: 'us-east-1' })).toEqual({
      tables: [{ store: 'carts', table: 'shop-carts' }],
      buckets: [{ store: 'media', bucket: 'shop-media-us-east-1', destinations: [{ region: 'us-west-2', bucket: 'shop-media-us-west-2' }] }],
      aurora: [],
    });
    expect(drillTargets(model, { scenario: 'pause-replication', target: 'us-west-2' }).buckets).toEqual([]);
    expect(drillTargets(model, { scenario: 'database-failover', target: 'us-east-1' })).toEqual({ tables: [], buckets: [], aurora: [] });
  });
  it.each([
    ['30m', 'PT30M'],
    ['1h', 'PT1H'],
    ['90m', 'PT1H30M'],
    ['90s', 'PT1M30S'],
    ['12h', 'PT12H'],
  ])('duration %s is %s', (text, iso) => expect(isoDuration(text)).toBe(iso));
});

describe('refused drills', () => {
  const base = (drills: string, data = '  - name: files\n    type: s3\n') => `version: 1
name: shop
pattern: active-passive
regions:
  - name: us-east-1
  - name: us-west-2
data:
${data}drills:
${drills}`;
  const validate = (text: string) => topoform(['validate', 'topology.yaml'], { cwd: topologyDir(text, 'drills') });

  it('database-failover without an Aurora store', () => {
    const r = validate(base('  - name: db\n    scenario: database-failover\n    target: us-east-1\n'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('topology.yaml:12:15: error TOPO3110 drill db (database-failover) has nothing to act on: the topology has no Aurora Global Database to switch over');
  });

  it('database-failover in a region that is not the writer\'s names the writer', () => {
    const aurora = '  - name: orders\n    type: aurora\n    engine: aurora-mysql\n    engineVersion: "8.0"\n';
    const text = base('  - name: db\n    scenario: database-failover\n    target: us-west-2\n', aurora).replace(/(- name: us-[a-z]+-\d)\n/g, '$1\n    network: { subnetIds: [subnet-1, subnet-2] }\n');
    const r = validate(text);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('error TOPO3110 drill db (database-failover) has nothing to act on in us-west-2: the writer of orders is in us-east-1');
    expect(r.stderr).toContain('hint: target the writer\'s region (us-east-1)');
  });

  it('pause-replication where nothing replicates out (one-way S3 into a secondary)', () => {
    const r = validate(base('  - name: lag\n    scenario: pause-replication\n    target: us-west-2\n'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('error TOPO3110 drill lag (pause-replication) has nothing to act on in us-west-2');
  });

  it('region-isolation of a region without network or replicated data', () => {
    const r = validate(base('  - name: cut\n    scenario: region-isolation\n    target: us-west-2\n'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('error TOPO3110 drill cut (region-isolation) has nothing to act on in us-west-2: the region has no network');
  });

  it.each([
    ['30s', '30 s'],
    ['13h', '13 h'],
  ])('a duration of %s', (duration, said) => {
    const r = validate(base(`  - name: cut\n    scenario: region-isolation\n    target: us-east-1\n    duration: ${duration}\n`));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`topology.yaml:14:15: error TOPO3111 drill cut lasts ${said}; AWS FIS actions run from 1 min to 12 h`);
  });

  it('a topology name SSM reserves as a document prefix, when database-failover generates a document', () => {
    const aurora = '  - name: orders\n    type: aurora\n    engine: aurora-mysql\n    engineVersion: "8.0"\n';
    const text = base('  - name: db\n    scenario: database-failover\n    target: us-east-1\n', aurora)
      .replace('name: shop', 'name: amazonia')
      .replace(/(- name: us-[a-z]+-\d)\n/g, '$1\n    network: { subnetIds: [subnet-1, subnet-2] }\n');
    const r = validate(text);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('error TOPO3008 the SSM document name amazonia-db-orders-switchover must be free of the prefixes aws, amazon and amzn');
  });

  it('a target outside regions is TOPO3007 only', () => {
    const r = validate(base('  - name: cut\n    scenario: region-isolation\n    target: eu-west-1\n'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('error TOPO3007 drill cut targets eu-west-1');
    expect(r.stderr).not.toMatch(/TOPO311[02]/);
  });
});

describe('drill log groups are encrypted with a key CloudWatch Logs may use', () => {
  // CloudWatch Logs refuses a customer key whose policy does not name logs.<region>: the apply would stop there.
  for (const example of EXAMPLES) {
    it(example, () => {
      const out = synthExample(example);
      const stacks = readdirSync(join(out, 'stacks'));
      const read = (ws: string) => JSON.parse(readFileSync(join(out, 'stacks', ws, 'cdk.tf.json'), 'utf8')) as Json;
      // The topology's key family (the primary's key and its replicas); global's own alarm key encrypts no log group.
      const keyPolicies = stacks.filter((ws) => ws !== 'global').flatMap((ws) => [
        ...Object.values((read(ws)['resource']?.['aws_kms_key'] ?? {}) as Record<string, Json>),
        ...Object.values((read(ws)['resource']?.['aws_kms_replica_key'] ?? {}) as Record<string, Json>),
      ]).map((k) => String(k['policy']));
      for (const ws of stacks) {
        const groups = Object.values((read(ws)['resource']?.['aws_cloudwatch_log_group'] ?? {}) as Record<string, Json>).filter((g) => String(g['name']).includes('/fis/'));
        if (groups.length === 0) continue;
        expect(keyPolicies.length).toBeGreaterThan(0);
        for (const policy of keyPolicies) {
          expect(policy).toContain('CloudWatchLogsEncryptsTopologyLogGroups');
          expect(policy).toContain(`logs.${ws}.amazonaws.com`);
        }
      }
    });
  }
});

describe('the route quota a network-cutting drill needs (FIS actions reference, src/model/drills.ts ROUTE_QUOTA)', () => {
  const pilot = join('examples', 'pilot-light', 'topology.yaml');
  it('check notes it at the drill target line, with the region floor and the Service Quotas request', () => {
    const r = topoform(['check', pilot]);
    expect(r.stderr).toMatch(/topology\.yaml:\d+:\d+: info TOPO6017 drill primary-cut-off cuts us-east-1 off with AWS FIS[^\n]*at least 350 plus/);
    expect(r.stderr).toContain('--service-code vpc --quota-code L-93826ACB');
    // Without a network there are no routes to cut: the region-isolation drill of active-passive only pauses replication.
    expect(topoform(['check', join('examples', 'active-passive', 'topology.yaml')]).stderr).not.toContain('TOPO6017');
  });
  it('synth prints it among the one-time steps, and the runbook among the steps before a drill (250 outside us-east-1)', () => {
    const dir = topologyDir(readFileSync(join(ROOT, 'examples', 'warm-standby-three-regions', 'topology.yaml'), 'utf8'), 'route-quota');
    const s = topoform(['synth', 'topology.yaml'], { cwd: dir });
    expect(s.stdout).toMatch(/raised to 250 in eu-west-1 plus the routes its tables hold, before the first run: `aws service-quotas request-service-quota-increase --region eu-west-1/);
    expect(topoform(['docs', 'topology.yaml', '--out', 'runbook.out'], { cwd: dir }).status).toBe(0);
    expect(readFileSync(join(dir, 'runbook.out', 'RUNBOOK.md'), 'utf8')).toMatch(/Once, before the first drill that cuts eu-west-1 off: raise its VPC quota "Routes per route table" to 250/);
  });
});
