// Jobs: where each job's schedule lives and runs, and what its target's service lets its role do. Free of cdktf:
// the rule that refuses unsupported targets and the builder share these tables.
import type { Topology } from './types';

export type Job = Topology['jobs'][number];

export interface JobTargetService {
  /** What the ARN must name, in words. */
  label: string;
  article: 'a' | 'an';
  /** The ARN's resource part (after `arn:<partition>:<service>:<region>:<account>:`). */
  form: RegExp;
  /** The one action the execution role needs on the target. */
  action: string;
  /** The ARN form, for hints. */
  example: string;
}

/** Target services whose single action topoform can grant on exactly the target's ARN. */
export const JOB_TARGET_SERVICES: Record<string, JobTargetService> = {
  lambda: { label: 'Lambda function', article: 'a', form: /^function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_-]{1,128})?$/, action: 'lambda:InvokeFunction', example: 'function:<name>' },
  states: { label: 'Step Functions state machine', article: 'a', form: /^stateMachine:[A-Za-z0-9_-]{1,80}$/, action: 'states:StartExecution', example: 'stateMachine:<name>' },
  sqs: { label: 'SQS queue', article: 'an', form: /^[A-Za-z0-9_-]{1,75}(\.fifo)?$/, action: 'sqs:SendMessage', example: '<queue name>' },
  sns: { label: 'SNS topic', article: 'an', form: /^[A-Za-z0-9_-]{1,256}$/, action: 'sns:Publish', example: '<topic name>' },
  events: { label: 'EventBridge event bus', article: 'an', form: /^event-bus\/[A-Za-z0-9._-]{1,256}$/, action: 'events:PutEvents', example: 'event-bus/<name>' },
};

export interface TargetArn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

export function parseTarget(arn: string): TargetArn {
  const [, partition = '', service = '', region = '', account = '', ...rest] = arn.split(':');
  return { partition, service, region, account, resource: rest.join(':') };
}

/** The job's target in a region: `{region}` replaced by the region the schedule runs in. */
export function targetIn(job: Pick<Job, 'target'>, region: string): string {
  return job.target.replaceAll('{region}', region);
}

/**
 * The regions whose workspace holds the job's schedule, and whether it is enabled there:
 * `every-region` everywhere and enabled; `region:<code>` only there; `follow-primary` everywhere, enabled only in
 * the primary (the first region under the all-active patterns), so failing over is enabling an existing schedule.
 */
export function jobPlacement(t: Pick<Topology, 'regions' | 'primary'>, job: Pick<Job, 'placement'>): { region: string; enabled: boolean }[] {
  if (job.placement === 'every-region') return t.regions.map((r) => ({ region: r.name, enabled: true }));
  if (job.placement === 'follow-primary') return t.regions.map((r) => ({ region: r.name, enabled: r.name === t.primary.name }));
  const region = job.placement.slice('region:'.length);
  return t.regions.some((r) => r.name === region) ? [{ region, enabled: true }] : [];
}
