// Drills: one AWS FIS experiment template per drill in its target region's workspace, with the actions and targets of
// its scenario, a role trusted only by FIS for this account's experiments there and allowed exactly those actions on
// exactly those targets, a KMS-encrypted log group, and the region's alarms as stop conditions. Checked on the
// synthesized JSON; test/terraform.test.ts validates and applies the examples' drills with real Terraform.
import { App, Testing, TerraformStack } from 'cdktf';
import { describe, expect, it } from 'vitest';
import type { TopologyInput } from '../src/model/input';
import { drillTargets, isoDuration } from '../src/model/drills';
import { normalize } from '../src/model/normalize';
import type { BuildContext, RegionScope } from '../src/stacks/context';
import { buildDrills } from '../src/stacks/drills';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { topoform } from './helpers/cli';
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
    expect(targets['buckets']!.resource_arns).toEqual(['arn:aws:s3:::bank-files-us-east-1']);
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
    expect(wildcard).toEqual(['ExperimentLogDelivery', 'NetworkRead', 'ResolveBuckets']);
    for (const s of statements.filter((x) => x.Resource === '*')) {
      for (const action of [s.Action].flat() as string[]) expect(action, s.Sid).toMatch(/^(ec2:(Describe|Get)|logs:|s3:ListAllMyBuckets$)/);
    }
    // pause-replication has no network statements; database-failover no DynamoDB or S3 ones.
    expect((policy(policies['drill_lag_fis'].policy).Statement as Json[]).map((s) => s.Sid).sort()).toEqual(['ExperimentLogDelivery', 'PauseBucketReplication', 'PauseTableReplication', 'ResolveBuckets']);
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

describe('stop conditions come from the region scope\'s stopAlarms', () => {
  it('each alarm the builders before registered in the target region becomes a stop condition', () => {
    const { json } = buildWith(['arn:aws:cloudwatch:us-east-2:111111111111:alarm:bank-files-replication-latency', 'arn:aws:cloudwatch:us-east-2:111111111111:alarm:bank-us-east-2-health']);
    expect(json['resource']['aws_fis_experiment_template']['drill_lag'].stop_condition).toEqual(
      ['arn:aws:cloudwatch:us-east-2:111111111111:alarm:bank-files-replication-latency', 'arn:aws:cloudwatch:us-east-2:111111111111:alarm:bank-us-east-2-health'].map((value) => ({ source: 'aws:cloudwatch:alarm', value })),
    );
    expect(json['resource']['aws_cloudwatch_composite_alarm']).toBeUndefined();
  });

  it('more alarms than FIS takes (5) become one composite alarm of the region, the single stop condition of its drills', () => {
    const alarms = [1, 2, 3, 4, 5, 6].map((i) => `arn:aws:cloudwatch:us-east-2:111111111111:alarm:bank-a${i}`);
    const { json } = buildWith(alarms, [
      { name: 'lag', scenario: 'pause-replication', target: 'us-east-2' },
      { name: 'cut', scenario: 'region-isolation', target: 'us-east-2' },
    ]);
    const composite = json['resource']['aws_cloudwatch_composite_alarm'];
    expect(Object.keys(composite)).toEqual(['drill_stop']);
    expect(composite['drill_stop'].alarm_name).toBe('bank-us-east-2-drill-stop');
    expect(composite['drill_stop'].alarm_rule).toBe(alarms.map((a) => `ALARM("${a}")`).join(' OR '));
    for (const drill of ['drill_lag', 'drill_cut']) {
      expect(json['resource']['aws_fis_experiment_template'][drill].stop_condition).toEqual([{ source: 'aws:cloudwatch:alarm', value: '${aws_cloudwatch_composite_alarm.drill_stop.arn}' }]);
    }
    expect(json['output']['fis_experiment_template_ids'].value).toEqual({ lag: '${aws_fis_experiment_template.drill_lag.id}', cut: '${aws_fis_experiment_template.drill_cut.id}' });
  });
});

function buildWith(alarms: string[], drills: TopologyInput['drills'] = [{ name: 'lag', scenario: 'pause-replication', target: 'us-east-2' }]) {
  {
    const input: TopologyInput = {
      version: 1,
      name: 'bank',
      pattern: 'active-active',
      regions: [{ name: 'us-east-1' }, { name: 'us-east-2' }],
      data: [{ name: 'files', type: 's3' }],
      drills,
    };
    const model = normalize(input);
    const app = new App({ context: { excludeStackIdFromLogicalIds: 'true', allowSepCharsInLogicalIds: 'true' } });
    const regions = new Map<string, RegionScope>();
    for (const region of model.regions) {
      const stack = new TerraformStack(app, region.name);
      regions.set(region.name, {
        stack,
        region,
        kmsKey: `arn:aws:kms:${region.name}:111111111111:alias/bank`,
        kmsKeyArn: () => `arn:aws:kms:${region.name}:111111111111:key/mrk-0`,
        providerFor: () => {
          throw new Error('not used');
        },
        accountId: '111111111111',
        stopAlarms: region.name === 'us-east-2' ? [...alarms] : [],
      });
    }
    const ctx = { topology: model, regions, global: { stack: new TerraformStack(app, 'global'), accountId: '111111111111', providerFor: () => { throw new Error('not used'); } } } as BuildContext;
    buildDrills(ctx);
    const json = JSON.parse(Testing.synth(regions.get('us-east-2')!.stack)) as Json;
    expect(JSON.parse(Testing.synth(regions.get('us-east-1')!.stack))['resource']).toBeUndefined();
    return { json };
  }
}

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
