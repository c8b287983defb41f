// Jobs: an EventBridge Scheduler schedule in each region's own workspace the job is placed in, with a least-privilege
// execution role and a KMS-encrypted dead-letter queue there; follow-primary jobs present everywhere, enabled only in
// the primary. Checked on the synthesized JSON; test/terraform.test.ts applies the examples' jobs with real Terraform.
import { describe, expect, it } from 'vitest';
import { topoform } from './helpers/cli';
import { synthTopology, topologyDir, type Json } from './helpers/synth';
import { applyOutput, findTerraform } from './helpers/terraform';

const activeActive = `version: 1
name: shop
pattern: active-active
regions:
  - name: us-east-1
  - name: eu-west-1
  - name: ap-southeast-2
jobs:
  - name: reconcile
    schedule: "cron(0 3 * * ? *)"
    target: arn:aws:lambda:{region}:111111111111:function:reconcile
    placement: follow-primary
  - name: sweep
    schedule: "rate(5 minutes)"
    target: arn:aws:sqs:{region}:111111111111:sweeps.fifo
    input: '{"full": true}'
    placement: every-region
  - name: report
    schedule: "cron(0 6 ? * MON *)"
    target: arn:aws:states:{region}:111111111111:stateMachine:weekly-report
    placement: region:eu-west-1
  - name: ping
    schedule: "rate(1 hour)"
    target: arn:aws:events:{region}:111111111111:event-bus/ops
    placement: region:ap-southeast-2
  - name: notify
    schedule: "rate(1 day)"
    target: arn:aws:sns:us-east-1:111111111111:daily:v2
    placement: region:us-east-1
`;

/** jsonencode(...) of a policy as the JSON it renders: enough to read statements whose values are literal. */
function policy(text: string): Json {
  const inner = text.replace(/^\$\{jsonencode\(/, '').replace(/\)\}$/, '');
  const json = inner
    .replace(/ = /g, ': ')
    .replace(/(?<=[:[,]\s?)((?:data\.)?aws_[a-z_]+\.[A-Za-z0-9_-]+\.[a-z_]+)/g, '"$1"');
  return JSON.parse(json) as Json;
}

describe('jobs under active-active', () => {
  // A `:` in an SNS topic name is not valid, so drop that job here: it is refused below.
  const { out, stack, workspaces } = synthTopology(activeActive.replace(/ {2}- name: notify[\s\S]*$/, ''), 'jobs');
  const regions = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
  const schedules = (region: string) => (stack(region)['resource']['aws_scheduler_schedule'] ?? {}) as Json;

  it('follow-primary: a schedule in every region, ENABLED only in the primary (the first region), the state left to failover', () => {
    expect(schedules('us-east-1')['reconcile'].state).toBe('ENABLED');
    expect(schedules('eu-west-1')['reconcile'].state).toBe('DISABLED');
    expect(schedules('ap-southeast-2')['reconcile'].state).toBe('DISABLED');
    for (const region of regions) {
      expect(schedules(region)['reconcile'].name).toBe('shop-reconcile');
      // Flipping the state during a failover (aws scheduler update-schedule) leaves the next plan clean.
      expect(schedules(region)['reconcile'].lifecycle).toEqual({ ignore_changes: ['state'] });
    }
  });

  it('every-region: ENABLED in every region, the state managed', () => {
    for (const region of regions) {
      expect(schedules(region)['sweep'].state, region).toBe('ENABLED');
      expect(schedules(region)['sweep'].lifecycle).toBeUndefined();
      expect(schedules(region)['sweep'].target.input).toBe('{"full": true}');
      // A FIFO queue needs a message group.
      expect(schedules(region)['sweep'].target.sqs_parameters).toEqual({ message_group_id: 'sweep' });
    }
  });

  it('region:<code>: only in that region\'s workspace', () => {
    expect(Object.keys(schedules('us-east-1')).sort()).toEqual(['reconcile', 'sweep']);
    expect(Object.keys(schedules('eu-west-1')).sort()).toEqual(['reconcile', 'report', 'sweep']);
    expect(Object.keys(schedules('ap-southeast-2')).sort()).toEqual(['ping', 'reconcile', 'sweep']);
    expect(schedules('eu-west-1')['report'].state).toBe('ENABLED');
    expect(stack('global')['resource']?.['aws_scheduler_schedule']).toBeUndefined();
    expect(workspaces).toEqual([...regions, 'global'].sort());
  });

  it('replaces {region} in the target with the region the schedule runs in', () => {
    for (const region of regions) {
      expect(schedules(region)['reconcile'].target.arn).toBe(`arn:aws:lambda:${region}:111111111111:function:reconcile`);
      expect(schedules(region)['sweep'].target.arn).toBe(`arn:aws:sqs:${region}:111111111111:sweeps.fifo`);
    }
    expect(schedules('ap-southeast-2')['ping'].target.arn).toBe('arn:aws:events:ap-southeast-2:111111111111:event-bus/ops');
    expect(schedules('ap-southeast-2')['ping'].target.eventbridge_parameters).toEqual({ source: 'topoform.shop', detail_type: 'ping' });
  });

  it('no flexible window; encrypted with the region\'s key ARN; retries, then the region\'s dead-letter queue', () => {
    expect(schedules('us-east-1')['reconcile'].kms_key_arn).toBe('${aws_kms_key.topology.arn}');
    expect(schedules('eu-west-1')['reconcile'].kms_key_arn).toBe('${data.aws_kms_alias.topology.target_key_arn}');
    for (const region of regions) {
      for (const s of Object.values(schedules(region)) as Json[]) {
        expect(s.flexible_time_window).toEqual({ mode: 'OFF' });
        expect(s.target.dead_letter_config).toEqual({ arn: '${aws_sqs_queue.jobs_dead_letter.arn}' });
        expect(s.target.retry_policy).toEqual({ maximum_event_age_in_seconds: 3600, maximum_retry_attempts: 10 });
        expect(s.target.role_arn).toMatch(/^\$\{aws_iam_role\.[a-z-]+_scheduler\.arn\}$/);
      }
      const dlq = stack(region)['resource']['aws_sqs_queue']['jobs_dead_letter'];
      expect(dlq.name).toBe('shop-jobs-dlq');
      expect(dlq.kms_master_key_id, 'CKV_AWS_27 the DLQ is encrypted with the topology key').toBe(region === 'us-east-1' ? '${aws_kms_key.topology.arn}' : `arn:aws:kms:${region}:\${data.aws_caller_identity.current.account_id}:alias/shop`);
    }
  });

  it('trusts scheduler.amazonaws.com only for this account\'s default schedule group in the region', () => {
    const role = stack('eu-west-1')['resource']['aws_iam_role']['reconcile_scheduler'];
    expect(role.name).toBe('shop-reconcile-sched-eu-west-1');
    const trust = policy(role.assume_role_policy);
    expect(trust.Statement).toHaveLength(1);
    expect(trust.Statement[0]).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'scheduler.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEquals: {
          'aws:SourceAccount': 'data.aws_caller_identity.current.account_id',
          'aws:SourceArn': 'arn:aws:scheduler:eu-west-1:${data.aws_caller_identity.current.account_id}:schedule-group/default',
        },
      },
    });
  });

  it('grants the target service\'s one action on exactly the target ARN (a function also by version and alias)', () => {
    const statements = (region: string, job: string) => policy(stack(region)['resource']['aws_iam_role_policy'][`${job}_scheduler`].policy).Statement as Json[];
    const run = (region: string, job: string) => statements(region, job).find((s) => s.Sid === 'RunTheTarget');
    expect(run('eu-west-1', 'reconcile')).toEqual({
      Sid: 'RunTheTarget',
      Effect: 'Allow',
      Action: 'lambda:InvokeFunction',
      Resource: ['arn:aws:lambda:eu-west-1:111111111111:function:reconcile', 'arn:aws:lambda:eu-west-1:111111111111:function:reconcile:*'],
    });
    expect(run('us-east-1', 'sweep')).toMatchObject({ Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:111111111111:sweeps.fifo' });
    expect(run('eu-west-1', 'report')).toMatchObject({ Action: 'states:StartExecution', Resource: 'arn:aws:states:eu-west-1:111111111111:stateMachine:weekly-report' });
    expect(run('ap-southeast-2', 'ping')).toMatchObject({ Action: 'events:PutEvents', Resource: 'arn:aws:events:ap-southeast-2:111111111111:event-bus/ops' });
    // Nothing else: the dead-letter queue and the region's key, each by its own ARN, never a wildcard.
    for (const region of regions) {
      for (const s of statements(region, 'reconcile')) {
        expect(s.Resource).not.toContain('*');
        expect(s.Effect).toBe('Allow');
      }
      expect(statements(region, 'reconcile').map((s) => s.Sid)).toEqual(['RunTheTarget', 'DeadLetter', 'TopologyKey']);
      expect(statements(region, 'reconcile')[1]).toMatchObject({ Action: 'sqs:SendMessage', Resource: 'aws_sqs_queue.jobs_dead_letter.arn' });
      expect(statements(region, 'reconcile')[2]).toMatchObject({
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: region === 'us-east-1' ? 'aws_kms_key.topology.arn' : 'data.aws_kms_alias.topology.target_key_arn',
      });
    }
  });

  const setup = findTerraform();
  it.skipIf('missing' in setup)('validates and applies every workspace with real Terraform; the states are as placed', async () => {
    if ('missing' in setup) return;
    const states = new Map<string, unknown>();
    for (const [name, applied] of await applyOutput(setup, out)) {
      for (const [address, values] of applied.resources) if (address.startsWith('aws_scheduler_schedule.')) states.set(`${name} ${address}`, values['state']);
    }
    expect(states.get('us-east-1 aws_scheduler_schedule.reconcile')).toBe('ENABLED');
    expect(states.get('eu-west-1 aws_scheduler_schedule.reconcile')).toBe('DISABLED');
    expect(states.get('ap-southeast-2 aws_scheduler_schedule.ping')).toBe('ENABLED');
    expect(states.size).toBe(3 + 3 + 2);
  }, 300_000);

  it('a region without jobs gets no queue and no role', () => {
    const r = synthTopology(activeActive.replace(/\njobs:[\s\S]*$/, '\njobs:\n  - { name: only, schedule: "rate(1 day)", target: "arn:aws:sns:{region}:111111111111:t", placement: "region:eu-west-1" }\n'), 'jobs-one');
    expect(r.stack('us-east-1')['resource']['aws_sqs_queue']).toBeUndefined();
    expect(r.stack('us-east-1')['resource']['aws_iam_role']).toBeUndefined();
    expect(Object.keys(r.stack('eu-west-1')['resource']['aws_scheduler_schedule'])).toEqual(['only']);
  });
});

function validate(text: string): { status: number | null; stderr: string } {
  return topoform(['validate', 'topology.yaml'], { cwd: topologyDir(text, 'jobs') });
}

describe('job targets topoform cannot give a least-privilege role are refused at jobs[i].target', () => {
  const withTarget = (target: string) => activeActive.replace(/ {2}- name: notify[\s\S]*$/, `  - name: bad\n    schedule: "rate(1 day)"\n    target: ${target}\n    placement: every-region\n`);
  const line = withTarget('x').split('\n').findIndex((l) => l.startsWith('    target: x')) + 1;

  it('ecs, naming the supported services', () => {
    const r = validate(withTarget('arn:aws:ecs:{region}:111111111111:cluster/main'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`topology.yaml:${line}:13: error TOPO3090 job bad targets ECS`);
    expect(r.stderr).toMatch(/hint: .*supported target services: lambda \(Lambda function\), states \(Step Functions state machine\), sqs \(SQS queue\), sns \(SNS topic\), events \(EventBridge event bus\)/);
  });

  it('any other service', () => {
    const r = validate(withTarget('arn:aws:glue:{region}:111111111111:job/etl'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`topology.yaml:${line}:13: error TOPO3090 job bad targets the service glue`);
    expect(r.stderr).toContain('supported target services: lambda');
  });

  it('a supported service, but not the resource its action runs on', () => {
    const r = validate(withTarget('arn:aws:lambda:{region}:111111111111:layer:shared'));
    expect(r.stderr).toContain(`topology.yaml:${line}:13: error TOPO3090 job bad's target is not a Lambda function ARN`);
    expect(r.stderr).toContain('hint: write arn:aws:lambda:{region}:<account>:function:<name>');
    expect(validate(activeActive).stderr).toMatch(/error TOPO3090 job notify's target is not an SNS topic ARN/);
  });

  it('another partition, or no account', () => {
    expect(validate(withTarget('arn:aws-cn:sqs:{region}:111111111111:q')).stderr).toContain("error TOPO3090 job bad's target is in partition aws-cn");
    expect(validate(withTarget('arn:aws:sqs:{region}::q')).stderr).toContain("error TOPO3090 job bad's target has no 12-digit account id");
  });

  it('supported targets validate clean', () => {
    const r = validate(activeActive.replace(/ {2}- name: notify[\s\S]*$/, ''));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
