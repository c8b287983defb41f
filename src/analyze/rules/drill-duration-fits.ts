// FIS actions run from one minute to twelve hours: a drill's duration must fit, or FIS refuses the template.
import { DRILL_DURATION_MS } from '../../model/drills';
import { formatDuration, parseDuration } from '../../model/duration';
import type { Rule } from '../rule';

export const drillDurationFits: Rule = {
  id: 'drill-duration-fits',
  code: 'TOPO3111',
  severity: 'error',
  summary: "A drill's duration is between one minute and twelve hours, what AWS FIS actions take.",
  check({ input }, report) {
    (input.drills ?? []).forEach((drill, i) => {
      if (drill.duration === undefined) return;
      const ms = parseDuration(drill.duration);
      if (ms === undefined || (ms >= DRILL_DURATION_MS.min && ms <= DRILL_DURATION_MS.max)) return;
      report(
        ['drills', i, 'duration'],
        `drill ${drill.name} lasts ${formatDuration(ms)}; AWS FIS actions run from ${formatDuration(DRILL_DURATION_MS.min)} to ${formatDuration(DRILL_DURATION_MS.max)}`,
        'a duration from 1m to 12h; a failover drill usually runs 30m to 1h (the default is 30m)',
      );
    });
  },
};
