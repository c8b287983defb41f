// A job's schedule is an expression EventBridge Scheduler accepts: the schema checks its shape, this its grammar
// (rate units that agree with the value, six cron fields in range, a real date and time).
// https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
import { scheduleProblem } from '../../model/schedule';
import type { Rule } from '../rule';

export const jobScheduleValid: Rule = {
  id: 'job-schedule-valid',
  code: 'TOPO3091',
  severity: 'error',
  summary: "A job's schedule is one EventBridge Scheduler accepts: rate(1 unit) or rate(n units) with n >= 1, cron(...) with six fields in range and ? in day-of-month or day-of-week, or at(...) with a real date and time.",
  check({ input }, report) {
    (input.jobs ?? []).forEach((job, i) => {
      if (typeof job.schedule !== 'string') return;
      const problem = scheduleProblem(job.schedule);
      if (problem) report(['jobs', i, 'schedule'], `job ${job.name}'s schedule ${job.schedule} would be refused by EventBridge Scheduler: ${problem}`, 'see https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html');
    });
  },
};
