// Queue store: an SQS queue and its dead-letter queue in every region's own workspace (the `regional` hook), the same
// names everywhere. SQS has no replication, so nothing crosses regions and each region plans and applies alone.
//
// Secure defaults: SSE with the region's topology key (SQS keeps the key id as given, so the alias ARN needs no read
// of the home's state, https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html
// KmsMasterKeyId), a policy that refuses anything but TLS on both queues, and a dead-letter queue that only this
// queue may redrive into (RedriveAllowPolicy byQueue).
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { Fn } from 'cdktf';
import { names } from '../../model/naming';
import type { QueueStore } from '../../model/stores';
import { DEAD_LETTER_RETENTION_SECONDS } from '../../model/stores/queue';
import type { BuildContext, RegionScope } from '../context';
import { named } from '../ids';
import { policyDocument } from '../policy';
import type { StoreBuilder } from './builder';

/** Seconds SQS reuses a data key before asking KMS again: its longest, the fewest KMS calls (and the least cost). */
const DATA_KEY_REUSE_SECONDS = 86_400;

function tlsOnly(scope: RegionScope, id: string, queue: SqsQueue): void {
  const arn = queue.arn;
  named(
    new SqsQueuePolicy(scope.stack, `${id}_policy`, {
      queueUrl: queue.url,
      policy: policyDocument([
        { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: arn, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      ]),
    }),
    id,
  );
}

function regional(store: QueueStore, scope: RegionScope, ctx: BuildContext): void {
  const t = ctx.topology;
  const encryption = { kmsMasterKeyId: scope.kmsKey, kmsDataKeyReusePeriodSeconds: DATA_KEY_REUSE_SECONDS };
  const fifo = store.fifo ? { fifoQueue: true } : {};
  const dlqId = `${store.name}_dead_letter`;
  const deadLetter = named(
    new SqsQueue(scope.stack, dlqId, {
      name: names.deadLetterQueue(t.name, store.name, store.fifo),
      ...fifo,
      ...encryption,
      messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
    }),
    dlqId,
  );
  const deadLetterArn = deadLetter.arn;
  const queue = named(
    new SqsQueue(scope.stack, store.name, {
      name: names.queue(t.name, store.name, store.fifo),
      ...fifo,
      ...encryption,
      visibilityTimeoutSeconds: store.visibilityTimeoutSeconds,
      messageRetentionSeconds: store.retentionSeconds,
      redrivePolicy: Fn.jsonencode({ deadLetterTargetArn: deadLetterArn, maxReceiveCount: store.maxReceives }),
    }),
    store.name,
  );
  // Only this queue may move messages into its dead-letter queue. The queue's ARN by name, not by reference: the
  // queue refers to the dead-letter queue already, and the allow policy on the dead-letter queue closes no cycle then.
  deadLetter.redriveAllowPolicy = Fn.jsonencode({
    redrivePermission: 'byQueue',
    sourceQueueArns: [`arn:${t.partition}:sqs:${scope.region.name}:${scope.accountId}:${names.queue(t.name, store.name, store.fifo)}`],
  });
  tlsOnly(scope, store.name, queue);
  tlsOnly(scope, dlqId, deadLetter);
}

export const queue: StoreBuilder<'queue'> = { regional };
