// A scheduled job pinned to one region stops when that region does: the forgotten singleton.
import type { Lint } from './lint';

export const jobsFailOver: Lint = {
  id: 'jobs-fail-over',
  code: 'TOPO6008',
  severity: 'warning',
  summary: 'Every scheduled job has a failover behaviour: it follows the primary or runs in every region.',
  hint: 'use placement follow-primary (it moves with the primary), or every-region if the job is safe to run once per region',
  check({ model }, report) {
    for (const job of model.jobs) {
      const pinned = /^region:(.+)$/.exec(job.placement)?.[1];
      if (pinned === undefined) continue;
      report(
        [...job.path, 'placement'],
        `job ${job.name} runs only in ${pinned}: while ${pinned} is down it runs nowhere, and nothing tells you (the forgotten singleton)`,
        jobsFailOver.hint,
      );
    }
  },
};
