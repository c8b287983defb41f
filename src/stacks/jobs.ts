// Jobs: one EventBridge Scheduler schedule per job in each region's OWN workspace that the job is placed in, with a
// least-privilege execution role and a dead-letter queue there. Removing a region removes its jobs, and no workspace
// reads another's state.
//
// `follow-primary` jobs exist in every region and are ENABLED only in the primary: failing over is enabling the
// schedule that is already there (`aws scheduler update-schedule ... --state ENABLED`), never creating one
// mid-incident. Their `state` is in ignore_changes, so a plan after such a flip is clean and an unrelated apply in a
// surviving region does not switch the job off again (the same rule as failover-moved Aurora/ElastiCache attributes).
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { JOB_TARGET_SERVICES, jobPlacement, parseTarget, targetIn, type Job } from '../model/jobs';
import { names } from '../model/naming';
import type { BuildContext, RegionScope } from './context';
import { named } from './ids';
import { policyDocument, type Statement } from './policy';

/** Retries of a failed invocation before it goes to the dead-letter queue: an hour, at most 10 attempts. */
const RETRY = { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 10 };

export function buildJobs(ctx: BuildContext): void {
  const t = ctx.topology;
  for (const scope of ctx.regions.values()) {
    const here = t.jobs.flatMap((job) => jobPlacement(t, job).filter((p) => p.region === scope.region.name).map((p) => ({ job, enabled: p.enabled })));
    if (here.length === 0) continue;
    const keyArn = scope.kmsKeyArn();
    const dlq = named(
      new SqsQueue(scope.stack, 'jobs_dead_letter', {
        name: names.jobsDeadLetterQueue(t.name),
        kmsMasterKeyId: scope.kmsKey,
        kmsDataKeyReusePeriodSeconds: 300,
        messageRetentionSeconds: 14 * 24 * 3600,
      }),
      'jobs_dead_letter',
    );
    for (const { job, enabled } of here) schedule(ctx, scope, job, enabled, keyArn, dlq.arn);
  }
}

function schedule(ctx: BuildContext, scope: RegionScope, job: Job, enabled: boolean, keyArn: string, dlqArn: string): void {
  const t = ctx.topology;
  const region = scope.region.name;
  const name = names.schedule(t.name, job.name);
  const target = targetIn(job, region);
  const { service, resource } = parseTarget(target);
  const supported = JOB_TARGET_SERVICES[service];
  if (!supported) throw new Error(`job ${job.name} targets ${service}; synth should have refused it`);
  // An unqualified function also by its versions and aliases (`:*`); a qualified one only as written.
  const targetResources = service === 'lambda' && resource.split(':').length === 2 ? [target, `${target}:*`] : target;
  const role = named(
    new IamRole(scope.stack, `job_${job.name}_role`, {
      name: names.scheduleRole(t.name, job.name, region),
      description: `EventBridge Scheduler runs ${name} in ${region}`,
      assumeRolePolicy: policyDocument([
        {
          Sid: 'SchedulerAssumesForThisAccountsDefaultGroup',
          Effect: 'Allow',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Action: 'sts:AssumeRole',
          // Scheduler gives the schedule group's ARN as the source, not the schedule's.
          Condition: {
            StringEquals: {
              'aws:SourceAccount': scope.accountId,
              'aws:SourceArn': `arn:${t.partition}:scheduler:${region}:${scope.accountId}:schedule-group/default`,
            },
          },
        },
      ]),
    }),
    `${job.name}_scheduler`,
  );
  const statements: Statement[] = [
    { Sid: 'RunTheTarget', Effect: 'Allow', Action: supported.action, Resource: targetResources },
    { Sid: 'DeadLetter', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: dlqArn },
    // The schedule's input is encrypted with the topology key, and so is the dead-letter queue.
    { Sid: 'TopologyKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: keyArn },
  ];
  named(
    new IamRolePolicy(scope.stack, `job_${job.name}_policy`, { role: role.id, name: 'run-schedule', policy: policyDocument(statements) }),
    `${job.name}_scheduler`,
  );
  named(
    new SchedulerSchedule(scope.stack, `job_${job.name}`, {
      name,
      groupName: 'default',
      description: `topoform ${t.name}: job ${job.name} (${job.placement})`,
      scheduleExpression: job.schedule,
      state: enabled ? 'ENABLED' : 'DISABLED',
      kmsKeyArn: keyArn,
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: target,
        roleArn: role.arn,
        ...(job.input !== undefined ? { input: job.input } : {}),
        retryPolicy: RETRY,
        deadLetterConfig: { arn: dlqArn },
        ...(service === 'sqs' && resource.endsWith('.fifo') ? { sqsParameters: { messageGroupId: job.name } } : {}),
        ...(service === 'events' ? { eventbridgeParameters: { source: `topoform.${t.name}`, detailType: job.name } } : {}),
      },
      ...(job.placement === 'follow-primary' ? { lifecycle: { ignoreChanges: ['state'] } } : {}),
    }),
    job.name,
  );
}
