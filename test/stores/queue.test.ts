// Queue stores: the same SQS queue and dead-letter queue in every region's own workspace, encrypted with the region's
// topology key, TLS-only, with a redrive policy to the dead-letter queue and the alarms on both.
import { describe, expect, it } from 'vitest';
import { synthTopology, type Json } from '../helpers/synth';

const regions = ['us-east-1', 'us-west-2'];
const text = (queue: string) => `version: 1
name: shop
pattern: active-passive
regions:
${regions.map((r) => `  - { name: ${r}, account: "111111111111" }`).join('\n')}
alarms: { email: [oncall@example.com] }
data:
  - ${queue}
`;

describe('queue store', () => {
  const { stack } = synthTopology(text('{ name: work, type: queue, visibilityTimeout: 2m, retention: 7d, maxReceives: 3 }'), 'queue');

  it('makes the same queue and dead-letter queue in every region, under that region\'s key, with the settings of the topology', () => {
    for (const region of regions) {
      const queues = (stack(region)['resource'] as Json)['aws_sqs_queue'];
      expect(Object.keys(queues).sort()).toEqual(['work', 'work_dead_letter']);
      const q = queues['work'];
      expect(q).toMatchObject({ name: 'shop-work', visibility_timeout_seconds: 120, message_retention_seconds: 7 * 86_400 });
      expect(q.kms_master_key_id, region).toBe(region === 'us-east-1' ? '${aws_kms_key.topology.arn}' : `arn:aws:kms:${region}:111111111111:alias/shop`);
      expect(q.redrive_policy).toBe('${jsonencode({"deadLetterTargetArn" = aws_sqs_queue.work_dead_letter.arn, "maxReceiveCount" = 3})}');
      const dlq = queues['work_dead_letter'];
      expect(dlq).toMatchObject({ name: 'shop-work-dlq', message_retention_seconds: 1_209_600 });
      expect(dlq.redrive_allow_policy).toContain(`arn:aws:sqs:${region}:111111111111:shop-work`);
      expect(dlq.redrive_allow_policy).toContain('byQueue');
    }
  });

  it('refuses every request without TLS on both queues', () => {
    for (const region of regions) {
      const policies = (stack(region)['resource'] as Json)['aws_sqs_queue_policy'];
      expect(Object.keys(policies).sort()).toEqual(['work', 'work_dead_letter']);
      for (const p of Object.values(policies) as Json[]) {
        expect(p.policy).toContain('aws:SecureTransport');
        expect(p.policy).toContain('Deny');
      }
    }
  });

  it('alarms on the oldest message at half the retention, and on any dead letter, in each region', () => {
    for (const region of regions) {
      const alarms = (stack(region)['resource'] as Json)['aws_cloudwatch_metric_alarm'];
      expect(alarms[`work-${region}-oldest-message`]).toMatchObject({ namespace: 'AWS/SQS', metric_name: 'ApproximateAgeOfOldestMessage', dimensions: { QueueName: 'shop-work' }, threshold: 7 * 86_400 / 2 });
      expect(alarms[`work-${region}-dead-letters`]).toMatchObject({ metric_name: 'ApproximateNumberOfMessagesVisible', dimensions: { QueueName: 'shop-work-dlq' }, threshold: 0 });
    }
  });

  it('is regulated without jurisdictions: a message never leaves the region it was sent to', () => {
    const regulated = synthTopology(text('{ name: work, type: queue, regulated: true }'), 'queue-regulated');
    expect((regulated.stack('us-west-2')['resource'] as Json)['aws_sqs_queue']['work'].name).toBe('shop-work');
  });

  it('names FIFO queues with .fifo', () => {
    const fifo = synthTopology(text('{ name: work, type: queue, fifo: true }'), 'queue-fifo');
    const queues = (fifo.stack('us-west-2')['resource'] as Json)['aws_sqs_queue'];
    expect(queues['work']).toMatchObject({ name: 'shop-work.fifo', fifo_queue: true });
    expect(queues['work_dead_letter']).toMatchObject({ name: 'shop-work-dlq.fifo', fifo_queue: true });
  });
});
