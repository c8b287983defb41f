// A queue's visibility timeout and retention are within what SQS takes.
import { formatSeconds, parsePeriod } from '../../model/duration';
import { QUEUE_LIMITS } from '../../model/stores/queue';
import type { Rule } from '../rule';

export const queueSettingsFit: Rule = {
  id: 'queue-settings-fit',
  code: 'TOPO3140',
  severity: 'error',
  summary: "A queue store's visibilityTimeout is 0 to 12 hours and its retention 60 seconds to 14 days, as SQS takes them (SetQueueAttributes).",
  check({ input }, report) {
    (input.data ?? []).forEach((s, i) => {
      if (s.type !== 'queue') return;
      const fields = [
        ['visibilityTimeout', s.visibilityTimeout, QUEUE_LIMITS.visibilityTimeoutSeconds],
        ['retention', s.retention, QUEUE_LIMITS.retentionSeconds],
      ] as const;
      for (const [field, text, { min, max }] of fields) {
        const seconds = parsePeriod(text);
        if (seconds === undefined || (seconds >= min && seconds <= max)) continue;
        report(
          ['data', i, field],
          `${field} ${text} of queue store ${s.name} is outside what SQS takes: ${formatSeconds(min)} to ${formatSeconds(max)}`,
          'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html lists the bounds',
        );
      }
    });
  },
};
