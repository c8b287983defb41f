// A region where the topology's alarms need more Metrics Insights alarms than AWS allows an account by default: the
// alarms past the quota fail at apply (PutMetricAlarm is refused), long after validate, check and synth said yes. The
// quota is shared with every other Metrics Insights alarm of the account, which check cannot see: a warning, not an error.
import { METRICS_INSIGHTS_ALARMS_PER_REGION, metricsInsightsAlarmsPerRegion, plannedAlarms } from '../../model/alarms';
import type { Lint } from './lint';

export const alarmsWithinQuota: Lint = {
  id: 'alarms-within-quota',
  code: 'TOPO6018',
  severity: 'warning',
  summary: `A region needs more Metrics Insights alarms than the ${METRICS_INSIGHTS_ALARMS_PER_REGION} AWS allows an account and region by default.`,
  hint: 'request a higher CloudWatch quota for Metrics Insights alarms in that region before the first apply, or split the stores between topologies',
  check({ model }, report) {
    for (const [region, count] of metricsInsightsAlarmsPerRegion(plannedAlarms(model))) {
      if (count <= METRICS_INSIGHTS_ALARMS_PER_REGION) continue;
      report(
        ['alarms'],
        `${region} needs ${count} Metrics Insights alarms (one per replicated store and measure that sends to several regions), over the ${METRICS_INSIGHTS_ALARMS_PER_REGION} CloudWatch allows an account per region by default (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-limits.html): the apply fails on the ones past it`,
        `request the increase of "Metrics Insights alarms" (Service Quotas, CloudWatch) in ${region} to at least ${count} plus the account's other Metrics Insights alarms before the first apply`,
      );
    }
  },
};
