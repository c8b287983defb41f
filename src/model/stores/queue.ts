// Amazon SQS: the same queue, and its dead-letter queue, in every region of the store. SQS has no replication: a
// message stays in the region it was sent to, so a producer sends to its own region's queue (the name is the same in
// every region, as a job's `{region}`), and messages in a lost region's queue wait there until the region returns.
import { parsePeriod } from '../duration';
import { NAME_RULES, names } from '../naming';
import type { StoreBase } from './common';
import type { StoreKind } from './kind';
import type { StoreCommon } from './index';

export interface QueueInput extends StoreBase {
  type: 'queue';
  fifo?: boolean;
  visibilityTimeout?: string;
  retention?: string;
  maxReceives?: number;
}

export interface QueueStore extends StoreCommon {
  type: 'queue';
  fifo: boolean;
  /** Seconds a received message stays hidden from other consumers. */
  visibilityTimeoutSeconds: number;
  /** Seconds SQS keeps a message. */
  retentionSeconds: number;
  /** Receives before a message moves to the dead-letter queue. */
  maxReceives: number;
}

/**
 * SQS's bounds (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html):
 * VisibilityTimeout 0 to 43,200 s (12 hours), MessageRetentionPeriod 60 to 1,209,600 s (14 days), and a redrive
 * policy's maxReceiveCount 1 to 1,000. Defaults are SQS's own (30 s, 4 days) and 5 receives.
 */
export const QUEUE_LIMITS = {
  visibilityTimeoutSeconds: { min: 0, max: 43_200 },
  retentionSeconds: { min: 60, max: 1_209_600 },
} as const;
export const QUEUE_DEFAULTS = { visibilityTimeout: '30s', retention: '4d', maxReceives: 5 } as const;

/**
 * A dead-letter queue keeps its messages for SQS's longest period: a standard queue's message keeps its original
 * enqueue time when it moves, so the dead-letter queue's retention must be longer than the source's or the message can
 * expire on arrival (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html).
 */
export const DEAD_LETTER_RETENTION_SECONDS = QUEUE_LIMITS.retentionSeconds.max;

export const queue: StoreKind<'queue'> = {
  label: 'SQS queues in every region',
  normalize: (s, common) => ({
    ...common,
    type: 'queue',
    fifo: s.fifo ?? false,
    // Out-of-range values are refused by rule queue-settings-fit; the schema has checked the grammar.
    visibilityTimeoutSeconds: parsePeriod(s.visibilityTimeout ?? QUEUE_DEFAULTS.visibilityTimeout)!,
    retentionSeconds: parsePeriod(s.retention ?? QUEUE_DEFAULTS.retention)!,
    maxReceives: s.maxReceives ?? QUEUE_DEFAULTS.maxReceives,
  }),
  names: (store, t) => [
    { kind: 'sqsQueue', name: names.queue(t.name, store.name, store.fifo), regions: store.groups.flat(), rule: NAME_RULES.queue },
    { kind: 'sqsQueue', name: names.deadLetterQueue(t.name, store.name, store.fifo), regions: store.groups.flat(), rule: NAME_RULES.queue, owner: "'s dead-letter queue" },
  ],
  needsNetwork: false,
  accounts: {
    crosses: 'yes: a queue per region, in that region\'s account; nothing replicates',
    source: "the SQS Developer Guide, \"What is Amazon Simple Queue Service?\"",
    page: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/welcome.html',
    refuse: () => undefined,
  },
};
