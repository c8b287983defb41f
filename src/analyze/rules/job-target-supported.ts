// A job's target is an ARN of a service topoform can give a least-privilege execution role for, in the
// topology's partition: the role is granted that service's one action on exactly the target's ARN.
import { JOB_TARGET_SERVICES, parseTarget } from '../../model/jobs';
import type { Rule } from '../rule';

const SUPPORTED = Object.entries(JOB_TARGET_SERVICES).map(([service, s]) => `${service} (${s.label})`).join(', ');

export const jobTargetSupported: Rule = {
  id: 'job-target-supported',
  code: 'TOPO3090',
  severity: 'error',
  summary: "A job's target is a Lambda function, Step Functions state machine, SQS queue, SNS topic or EventBridge event bus ARN in the topology's partition.",
  check({ input, model }, report) {
    (input.jobs ?? []).forEach((job, i) => {
      const at = ['jobs', i, 'target'];
      const { partition, service, account, resource } = parseTarget(job.target);
      if (service === 'ecs') {
        report(
          at,
          `job ${job.name} targets ECS, which this version of topoform does not schedule: running a task needs iam:PassRole on the task's roles, which topoform cannot derive from the ARN`,
          `point the job at a Lambda function or Step Functions state machine that runs the task; supported target services: ${SUPPORTED}`,
        );
        return;
      }
      const supported = JOB_TARGET_SERVICES[service];
      if (!supported) {
        report(at, `job ${job.name} targets the service ${service}, for which topoform cannot derive a least-privilege execution role`, `supported target services: ${SUPPORTED}`);
        return;
      }
      if (!supported.form.test(resource)) {
        report(at, `job ${job.name}'s target is not ${supported.article} ${supported.label} ARN`, `write arn:${model.partition}:${service}:{region}:<account>:${supported.example}`);
        return;
      }
      if (partition !== model.partition) {
        report(at, `job ${job.name}'s target is in partition ${partition}, the topology's regions in ${model.partition}`, `write arn:${model.partition}:${service}:{region}:<account>:${supported.example}`);
        return;
      }
      if (!/^[0-9]{12}$/.test(account)) {
        report(at, `job ${job.name}'s target has no 12-digit account id`, `write arn:${model.partition}:${service}:{region}:<account>:${supported.example}`);
      }
    });
  },
};
